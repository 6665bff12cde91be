"""Benchmark of the roster imports: 1,000 units and 10,000 collaborators, dry run then import.

    .venv/bin/python bench/imports.py            # PostgreSQL, fresh database langnghe_bench_imports
    BENCH_DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python bench/imports.py

Prints one line per step (rows, seconds, rows/s) and, last, one JSON object with at least
rows_per_second (the collaborators: dry run + import together) and peak_mb (peak resident memory).
Target: at least 1,000 rows/s and under 500 MB.
"""

import io
import json
import os
import random
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
        unit_rows.append([f"bench-don-vi-{i:04d}", f"Chi bộ cơ sở số {i + 1} – Đảng bộ khối doanh nghiệp", "",
                          "Chi bộ" if i >= 20 else "Cấp ủy, đảng bộ", parent,
                          "; ".join(rng.sample(fields, 2)), "; ".join(rng.sample(areas, 1)), "", "", "Có"])
    collaborator_rows = []
    for i in range(COLLABORATORS):
        collaborator_rows.append([
            f"Nguyễn Thị Cộng Tác {i + 1}", 1960 + i % 40, f"068{i:09d}", f"09{i:08d}", "",
            "Bí thư chi bộ thôn", f"bench-don-vi-{rng.randrange(UNITS):04d}", rng.choice(areas),
            "; ".join(rng.sample(fields, 2)), f"{i % 50 + 1}-QĐ/ĐU", "20/09/2025", "Đang hoạt động", "01/10/2025",
            "", "",
        ])
    return unit_rows, collaborator_rows


def timed(label, rows, step):
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    print(f"{label:<42} {rows:>6} dòng  {seconds:7.2f} s  {rows / seconds:8.0f} dòng/s  đỉnh {peak_mb():.0f} MB")
    return result, seconds


def main():
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from opinions import imports
    from opinions.models import Area, Collaborator, Field, ImportJob, Unit
    from opinions.reference import load_reference_data

    load_reference_data()
    areas = list(Area.objects.exclude(kind="province").values_list("code", flat=True))
    fields = list(Field.objects.values_list("code", flat=True))
    unit_rows, collaborator_rows = generate(areas, fields)
    units_file = workbook(imports.column_names("units"), unit_rows)
    collaborators_file = workbook(imports.column_names("collaborators"), collaborator_rows)
    del unit_rows, collaborator_rows
    print(f"CSDL: {DATABASE_URL.split('@')[-1]}; tệp đơn vị {len(units_file) // 1024} KB, "
          f"tệp cộng tác viên {len(collaborators_file) // 1024} KB")

    figures = {}
    for kind, content, rows in (("units", units_file, UNITS), ("collaborators", collaborators_file, COLLABORATORS)):
        job = ImportJob.objects.create(kind=kind, file_name=f"{kind}.xlsx", content=content)
        _, check_s = timed(f"{kind}: chạy thử (dry run)", rows, lambda job=job: imports.check_import(job))
        assert job.status == ImportJob.Status.CHECKED, job.problems[:5]
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
        _, import_s = timed(f"{kind}: nhập (một giao dịch)", rows, lambda job=job: imports.run_import(job.pk))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE and job.totals["new"] == rows, job.totals
        again = ImportJob.objects.create(kind=kind, file_name=f"{kind}.xlsx", content=content)
        _, again_s = timed(f"{kind}: nhập lại cùng tệp (chạy thử)", rows, lambda j=again: imports.check_import(j))
        assert again.totals["skip"] == rows, again.totals
        figures[kind] = {"rows": rows, "dry_run_s": round(check_s, 2), "import_s": round(import_s, 2),
                         "same_file_again_s": round(again_s, 2),
                         "rows_per_second": round(rows / (check_s + import_s))}
    assert Unit.objects.filter(code__startswith="bench-").count() == UNITS
    assert Collaborator.objects.count() == COLLABORATORS
    export_start = time.perf_counter()
    content, _ = imports.export_roster(None, "collaborators", "xlsx")
    export_s = time.perf_counter() - export_start
    print(f"{'collaborators: xuất XLSX':<42} {COLLABORATORS:>6} dòng  {export_s:7.2f} s")
    summary = {
        "database": "postgresql" if DATABASE_URL.startswith("postgres") else "sqlite",
        "rows_per_second": figures["collaborators"]["rows_per_second"],
        "peak_mb": round(peak_mb()),
        "units": figures["units"],
        "collaborators": figures["collaborators"],
        "export_collaborators_s": round(export_s, 2),
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
