"""python manage.py survey_estimate SPEC.json: design-based estimates of a survey, as one JSON object.

SPEC (docs/surveys-statistics.md): {"data": "file.csv" (relative to SPEC, NA = missing), "design": {…},
"estimates": [...]}. A bad specification prints a Vietnamese message on stderr and exits with status 2.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from analysis.survey import SpecError, estimate
from analysis.survey.csvdata import read_csv


def load_spec(path: Path) -> dict:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"Không tìm thấy tệp đặc tả «{path}».")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SpecError(f"Tệp đặc tả «{path}» không phải JSON hợp lệ: {error}.")
    if not isinstance(spec, dict):
        raise SpecError("Đặc tả phải là một đối tượng JSON.")
    if not isinstance(spec.get("data"), str) or not spec["data"]:
        raise SpecError("Đặc tả cần «data»: đường dẫn tệp CSV (tương đối so với tệp đặc tả).")
    return spec


def run_spec(path: Path) -> dict:
    spec = load_spec(path)
    return estimate(spec, read_csv(path.parent / spec["data"]))


class Command(BaseCommand):
    help = "Ước lượng thống kê khảo sát theo thiết kế mẫu (trọng số, tầng, cụm, hiệu chỉnh) từ tệp SPEC JSON."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="tệp SPEC JSON")

    def handle(self, *args, **options):
        try:
            result = run_spec(Path(options["spec"]))
        except SpecError as error:
            self.stderr.write(str(error))
            raise SystemExit(2)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
