"""Import of responses collected elsewhere: Google Forms CSV and Kobo/ODK CSV, through a mapping.

Google Forms writes question titles as headers and labels (not codes) as answers; checkbox answers
are joined with ", " without escaping, and "Other" text shares the cell. Kobo/ODK exports use the
question names (or group/name paths) and codes; select-multiple may be split into one 0/1 column per
option ("kenh/zalo"). Flow: guess_mapping → the user corrects it → check (dry run: rows, and every
problem with its row and question) → run_import writes everything in one transaction or nothing.
"""

import csv
import io

from django.db import transaction
from django.utils import timezone

from cms.lib.text import fold_accents

from . import answers as checks
from .models import Response
from .schema import questions

SKIP = ""
OTHER_LABELS = {"khac", "other", "khac (ghi ro)"}
MAX_PROBLEMS = 200


def _key(text):
    return " ".join(fold_accents(str(text)).lower().replace("\xa0", " ").split())


def read_csv(content):
    """(headers, rows) of an uploaded CSV (UTF-8 with or without BOM; comma or semicolon)."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ValueError("Tệp trống.")
    return rows[0], rows[1:]


def _target_names(schema):
    """{header key: target}: labels and names of questions, and "name.row"/"name/option" columns."""
    found = {}
    for q in questions(schema):
        if q["type"] in ("note", "calculate"):
            continue
        found[_key(q["label"])] = q["name"]
        found[_key(q["name"])] = q["name"]
        for row in q["rows"]:
            found[_key(f"{q['label']} [{row['label']}]")] = f"{q['name']}.{row['name']}"
            found[_key(f"{q['name']}__{row['name']}")] = f"{q['name']}.{row['name']}"
        if q["type"] == "select_multiple":
            for c in q["choices"]:
                found[_key(f"{q['name']}/{c['name']}")] = f"{q['name']}/{c['name']}"
    return found


def guess_mapping(schema, headers):
    """{column index: target name or ""}: by title (Google Forms) or by name or path (Kobo/ODK)."""
    targets = _target_names(schema)
    mapping = {}
    for i, header in enumerate(headers):
        parts = header.split("/")  # Kobo/ODK group paths: "chung/ly_do/mang"
        tails = [_key("/".join(parts[start:])) for start in range(len(parts))]
        mapping[i] = next((targets[key] for key in tails if key in targets), SKIP)
    return mapping


def split_checkboxes(cell, choices):
    """(codes, leftover text) of a Google Forms checkbox cell: labels matched longest first."""
    remaining = f", {cell.strip()}, "
    codes = []
    for choice in sorted(choices, key=lambda c: -len(c["label"])):
        for text in (choice["label"], choice["name"]):
            marker = f", {text}, "
            if marker in remaining:
                remaining = remaining.replace(marker, ", ", 1)
                codes.append(choice["name"])
                break
    leftover = remaining.strip().strip(",").strip()
    order = [c["name"] for c in choices]
    return sorted(codes, key=order.index), leftover


def _code(question, cell):
    """The choice code of a label (or a code), accents and case folded; None when unknown."""
    key = _key(cell)
    for c in question["choices"]:
        if key in (_key(c["label"]), _key(c["name"])):
            return c["name"]
    return None


def _other_choice(question):
    return next((c["name"] for c in question["choices"] if _key(c["label"]) in OTHER_LABELS), None)


def _other_text_question(schema, question, other):
    marker = f"selected(${{{question['name']}}}, '{other}')"
    return next(
        (
            q["name"]
            for q in questions(schema)
            if q["type"] in ("text", "long_text") and marker in q["relevant"].replace('"', "'")
        ),
        None,
    )


def _put(schema, by_name, values, target, cell):
    """Turn one cell into answer values (a QueryDict-like {name: [values]}); raise ValueError."""
    if "/" in target:  # Kobo/ODK split select-multiple: 1/0, True/False
        name, code = target.split("/", 1)
        if _key(cell) in ("1", "true", "co", "yes"):
            values.setdefault(name, []).append(code)
        return
    if "." in target:
        name, row = target.split(".", 1)
        code = _code(by_name[name], cell)
        if code is None:
            raise ValueError(f"«{cell}» không có trong thang đo của câu «{name}».")
        values[f"{name}__{row}"] = [code]
        return
    question = by_name[target]
    if question["type"] == "select_multiple":
        codes, leftover = split_checkboxes(cell, question["choices"])
        if not leftover and not codes:
            codes = [
                c
                for c in (cell.split() if " " in cell else [cell])
                if any(ch["name"] == c for ch in question["choices"])
            ]
        if leftover:
            other = _other_choice(question)
            if other is None:
                raise ValueError(f"«{leftover}» không có trong các lựa chọn của câu «{target}».")
            codes.append(other)
            text_question = _other_text_question(schema, question, other)
            if text_question:
                values[text_question] = [leftover]
        values[target] = codes
    elif question["choices"] and question["type"] not in ("rank",):
        code = _code(question, cell)
        if code is None:
            raise ValueError(f"«{cell}» không có trong các lựa chọn của câu «{target}».")
        values[target] = [code]
    else:
        values[target] = [cell]


class _Values(dict):
    """The minimal QueryDict answers.read_section needs."""

    def get(self, key, default=None):
        items = super().get(key)
        return items[-1] if items else default

    def getlist(self, key):
        return super().get(key, [])


def convert_row(schema, mapping, row):
    """(answers, [problems]) of one CSV row under the mapping."""
    by_name = {q["name"]: q for q in questions(schema)}
    values, problems = _Values(), []
    for index, target in mapping.items():
        cell = row[index].strip() if index < len(row) else ""
        if not target or not cell:
            continue
        try:
            _put(schema, by_name, values, target, cell)
        except ValueError as error:
            problems.append(str(error))
    result = {}
    for section in schema:
        if checks.section_visible(section, result):
            result, errors = checks.read_section(section, values, result, check_required=False)
            problems += [f"câu «{name}»: {message}" for name, message in errors.items()]
    return result, problems


def check(schema, mapping, rows):
    """Dry run: {"rows", "answers": [...], "problems": [(row number, text)]}; nothing is written."""
    converted, problems = [], []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        answers, found = convert_row(schema, mapping, row)
        converted.append(answers)
        problems += [(number, text) for text in found]
    return {
        "rows": len(converted),
        "answers": converted,
        "problems": problems[:MAX_PROBLEMS],
        "problem_count": len(problems),
    }


@transaction.atomic
def run_import(survey, report):
    """Write the checked rows as complete responses, all or nothing (refused with problems)."""
    if report["problem_count"]:
        raise ValueError("Còn lỗi trong tệp: sửa tệp hoặc cách ghép cột rồi kiểm tra lại.")
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            survey=survey,
            answers=answers,
            status=Response.Status.COMPLETE,
            source=Response.Source.IMPORT,
            submitted_at=now,
            started_at=now,
        )
        for answers in report["answers"]
    )
    return len(report["answers"])
