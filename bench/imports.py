"""Benchmark of the roster imports: 1,000 units and 10,000 collaborators, dry run then import.

    .venv/bin/python bench/imports.py            # PostgreSQL, fresh database langnghe_bench_imports
    BENCH_DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python bench/imports.py

Steps, for units then collaborators: dry run of a new file, import (confirm), the same file again
(dry run and confirm: nothing changes), export to XLSX, and the export imported back (dry run and
confirm: nothing changes). Prints one line per step (rows, seconds, rows/s, peak memory so far) and,
last, one JSON object: rows_per_second is the SLOWEST collaborator import step (dry run, import,
same file again, export imported back), peak_mb the peak resident memory over all steps;
export_collaborators_s the time of the XLSX export. Target: at least 1,000 rows/s, under 500 MB.

    BENCH_PROFILE=/tmp/prof .venv/bin/python bench/imports.py   # one cProfile file per step
"""

import io
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/langnghe_bench_imports")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("VAR_DIR", "/tmp/langnghe-bench-var")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"

UNITS = int(os.environ.get("BENCH_UNITS", "1000"))
COLLABORATORS = int(os.environ.get("BENCH_COLLABORATORS", "10000"))


def fresh_database():
    if not DATABASE_URL.startswith("postgres"):
        path = Path(DATABASE_URL.split("sqlite:///", 1)[1])
        path.unlink(missing_ok=True)
        return
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workbook(headers, rows):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def generate(areas, fields):
    rng = random.Random(2026)
    unit_rows = []
    for i in range(UNITS):
        parent = "dang-uy-ubnd-tinh" if i < 20 else f"bench-don-vi-{rng.randrange(0, i):04d}"
        unit_rows.append(
            [
                f"bench-don-vi-{i:04d}",
                f"Chi bộ cơ sở số {i + 1} – Đảng bộ khối doanh nghiệp",
                "",
                "Chi bộ" if i >= 20 else "Cấp ủy, đảng bộ",
                parent,
                "; ".join(rng.sample(fields, 2)),
                "; ".join(rng.sample(areas, 1)),
                "",
                "",
                "Có",
            ]
        )
    collaborator_rows = []
    for i in range(COLLABORATORS):
        collaborator_rows.append(
            [
                f"Nguyễn Thị Cộng Tác {i + 1}",
                1960 + i % 40,
                f"068{i:09d}",
                f"09{i:08d}",
                "",
                "Bí thư chi bộ thôn",
                f"bench-don-vi-{rng.randrange(UNITS):04d}",
                rng.choice(areas),
                "; ".join(rng.sample(fields, 2)),
                f"{i % 50 + 1}-QĐ/ĐU",
                "20/09/2025",
                "Đang hoạt động",
                "01/10/2025",
                "",
                "",
            ]
        )
    return unit_rows, collaborator_rows


CPU_SECONDS = {}  # label → CPU seconds of this process (the machine is shared: wall time varies with load)
PROFILE_DIR = os.environ.get("BENCH_PROFILE")  # a folder: one cProfile file per step (slows every step)


def timed(label, rows, step):
    profiler = None
    if PROFILE_DIR:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = step()
    seconds = time.perf_counter() - start
    CPU_SECONDS[label] = time.process_time() - cpu_start
    if profiler:
        profiler.disable()
        Path(PROFILE_DIR).mkdir(parents=True, exist_ok=True)
        name = re.sub(r"\W+", "_", label).strip("_")
        profiler.dump_stats(Path(PROFILE_DIR) / f"{name}.prof")
    print(
        f"{label:<50} {rows:>6} dòng  {seconds:7.2f} s  {rows / seconds:8.0f} dòng/s  "
        f"(CPU {CPU_SECONDS[label]:.2f} s)  đỉnh {peak_mb():.0f} MB",
        flush=True,
    )
    return result, seconds


def main():
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from opinions.models import Area, Collaborator, Field, ImportJob, Unit
    from opinions.network import imports
    from opinions.reference import load_reference_data

    load_reference_data()
    areas = list(Area.objects.exclude(kind="province").values_list("code", flat=True))
    fields = list(Field.objects.values_list("code", flat=True))
    unit_rows, collaborator_rows = generate(areas, fields)
    units_file = workbook(imports.column_names("units"), unit_rows)
    collaborators_file = workbook(imports.column_names("collaborators"), collaborator_rows)
    del unit_rows, collaborator_rows
    print(
        f"CSDL: {DATABASE_URL.split('@')[-1]}; tệp đơn vị {len(units_file) // 1024} KB, "
        f"tệp cộng tác viên {len(collaborators_file) // 1024} KB"
    )

    def check(kind, name, content, label, rows):
        job = ImportJob.objects.create(kind=kind, file_name=name, content=content)
        _, seconds = timed(f"{kind}: {label} (chạy thử)", rows, lambda: imports.check_import(job))
        assert job.status == ImportJob.Status.CHECKED, job.problems[:5]
        return job, seconds

    def confirm(job, label, rows):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
        _, seconds = timed(f"{job.kind}: {label} (xác nhận, một giao dịch)", rows, lambda: imports.run_import(job.pk))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.problems[:5]
        return seconds

    def stamps(model):
        return list(model.objects.order_by("pk").values_list("pk", "updated_at"))

    figures = {}
    for kind, model, content, rows in (
        ("units", Unit, units_file, UNITS),
        ("collaborators", Collaborator, collaborators_file, COLLABORATORS),
    ):
        step = {"rows": rows}
        job, step["dry_run_s"] = check(kind, f"{kind}.xlsx", content, "tệp mới", rows)
        assert job.totals["new"] == rows, job.totals
        step["import_s"] = confirm(job, "tệp mới", rows)
        assert job.totals["new"] == rows, job.totals
        before = stamps(model)
        # The same file again: the preview says every row is unchanged, and confirming changes nothing.
        again, step["same_file_again_s"] = check(kind, f"{kind}.xlsx", content, "nhập lại cùng tệp", rows)
        assert again.totals["skip"] == rows, again.totals
        step["same_file_again_import_s"] = confirm(again, "nhập lại cùng tệp", rows)
        assert again.totals == {"new": 0, "update": 0, "skip": rows}, again.totals
        # Export, then import the export: nothing changes either (the export holds every row of the
        # roster, also the units of the reference data).
        total = model.objects.count()
        (exported, name), export_s = timed(
            f"{kind}: xuất XLSX", total, lambda kind=kind: imports.export_roster(None, kind, "xlsx")
        )
        back, round_trip_s = check(kind, name, exported, "nhập tệp vừa xuất", total)
        assert back.totals["skip"] == total, back.totals
        round_trip_import_s = confirm(back, "nhập tệp vừa xuất", total)
        assert back.totals == {"new": 0, "update": 0, "skip": total}, back.totals
        assert stamps(model) == before, "nhập lại hoặc nhập tệp vừa xuất đã làm thay đổi dữ liệu"
        del exported
        import_steps = [v for k, v in step.items() if k.endswith("_s")]
        step["rows_per_second"] = round(
            min([rows / s for s in import_steps] + [total / round_trip_s, total / round_trip_import_s])
        )
        step.update(
            export_rows=total,
            export_xlsx_s=export_s,
            round_trip_s=round_trip_s,
            round_trip_import_s=round_trip_import_s,
            export_rows_per_second=round(total / export_s),
        )
        figures[kind] = {k: round(v, 2) if isinstance(v, float) else v for k, v in step.items()}
    assert Unit.objects.filter(code__startswith="bench-").count() == UNITS
    assert Collaborator.objects.count() == COLLABORATORS
    summary = {
        "database": "postgresql" if DATABASE_URL.startswith("postgres") else "sqlite",
        # The honest figures: the slowest collaborator step, the highest memory over all steps.
        "rows_per_second": figures["collaborators"]["rows_per_second"],
        "peak_mb": round(peak_mb()),
        "export_collaborators_s": figures["collaborators"]["export_xlsx_s"],
        # The same minimum per CPU second of this process (PostgreSQL's own work not counted).
        "cpu_rows_per_second": round(
            min(
                COLLABORATORS / s
                for label, s in CPU_SECONDS.items()
                if label.startswith("collaborators") and "xuất XLSX" not in label
            )
        ),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "units": figures["units"],
        "collaborators": figures["collaborators"],
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
