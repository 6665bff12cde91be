"""Server-side reading and checking of one page of answers, with Vietnamese messages.

The same rules as the page's script: a question whose `relevant` does not hold is skipped (and its
answer dropped), then required, type, choice and `constraint` checks in that order; calculations
are computed here whatever the browser sent.
"""

import datetime
import math
import re

from .expressions import evaluate, truthy

REQUIRED = "Câu này bắt buộc trả lời."
INVALID = "Câu trả lời không hợp lệ."
MAX_TEXT = 5000


def section_visible(section, answers):
    return truthy(evaluate(section["ast"], answers)) if section["ast"] else True


def question_visible(question, answers):
    node = question["ast"].get("relevant")
    return truthy(evaluate(node, answers)) if node else True


def allowed_choices(question, answers):
    """The choices left by the question's choice_filter (a cascade: district → commune)."""
    node = question["ast"].get("choice_filter")
    if not node:
        return question["choices"]
    return [c for c in question["choices"] if truthy(evaluate(node, answers, row={"name": c["name"], **c["filters"]}))]


def _number(raw, integer):
    text = raw.strip().replace(" ", "")
    if integer:
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError("Xin nhập một số nguyên, ví dụ 25.")
        return int(text)
    text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError("Xin nhập một số, ví dụ 3,5.") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError("Xin nhập một số, ví dụ 3,5.")
    return value


def _date(raw):
    try:
        return datetime.date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise ValueError("Xin nhập ngày theo dạng ngày/tháng/năm.") from None


def _one_choice(question, data, answers):
    raw = (data.get(question["name"]) or "").strip()
    if not raw:
        return None
    if raw not in {c["name"] for c in allowed_choices(question, answers)}:
        raise ValueError("Xin chọn một trong các lựa chọn đã cho.")
    return raw


def _many_choices(question, data, answers):
    names = {c["name"] for c in allowed_choices(question, answers)}
    picked = [v for v in data.getlist(question["name"]) if v]
    if any(v not in names for v in picked):
        raise ValueError("Xin chọn trong các lựa chọn đã cho.")
    return [c["name"] for c in question["choices"] if c["name"] in picked] or None


def _rank(question, data, answers):
    positions = {}
    for choice in allowed_choices(question, answers):
        raw = (data.get(f"{question['name']}__{choice['name']}") or "").strip()
        if raw:
            positions[choice["name"]] = _number(raw, True)
    if not positions:
        return None
    if sorted(positions.values()) != list(range(1, len(positions) + 1)):
        raise ValueError("Xin đánh số thứ tự 1, 2, 3… không trùng nhau.")
    return sorted(positions, key=positions.get)


def _matrix(question, data, answers):
    scale = {c["name"] for c in question["choices"]}
    value = {}
    for row in question["rows"]:
        raw = (data.get(f"{question['name']}__{row['name']}") or "").strip()
        if raw and raw not in scale:
            raise ValueError("Xin chọn trong thang đo đã cho.")
        if raw:
            value[row["name"]] = raw
    if value and question["required"] and len(value) < len(question["rows"]):
        raise ValueError("Xin trả lời đủ các dòng.")
    return value or None


def _rating(question, data, answers):
    raw = (data.get(question["name"]) or "").strip()
    if not raw:
        return None
    start, end, step = question["scale"]
    value = _number(raw, True)
    if not start <= value <= end:
        raise ValueError(f"Xin chọn từ {start} đến {end}.")
    return value


def _plain(question, data, answers):
    raw = (data.get(question["name"]) or "").strip()
    if not raw:
        return None
    kind = question["type"]
    if kind in ("integer", "decimal"):
        return _number(raw, kind == "integer")
    if kind == "date":
        return _date(raw)
    if kind == "consent":
        return "OK"
    if len(raw) > MAX_TEXT:
        raise ValueError(f"Xin viết không quá {MAX_TEXT} ký tự.")
    return raw


READERS = {
    "select_one": _one_choice,
    "dropdown": _one_choice,
    "likert": _one_choice,
    "commune": _one_choice,
    "select_multiple": _many_choices,
    "rank": _rank,
    "matrix": _matrix,
    "rating": _rating,
}


def read_section(section, data, answers, *, check_required=True):
    """(answers updated with this page, {name: message}). Irrelevant questions lose their answer."""
    answers = dict(answers)
    errors = {}
    for question in section["questions"]:
        name, kind = question["name"], question["type"]
        if kind == "note":
            continue
        if not question_visible(question, answers):
            answers.pop(name, None)
            continue
        if kind == "calculate":
            value = evaluate(question["ast"].get("calculation"), answers)
            answers[name] = None if isinstance(value, float) and math.isnan(value) else value
            continue
        try:
            value = READERS.get(kind, _plain)(question, data, answers)
        except ValueError as error:
            errors[name] = str(error)
            answers.pop(name, None)
            continue
        if value is None:
            answers.pop(name, None)
            if check_required and question["required"]:
                errors[name] = question["required_message"] or REQUIRED
            continue
        answers[name] = value
        constraint = question["ast"].get("constraint")
        if constraint and not truthy(evaluate(constraint, answers, current=value)):
            errors[name] = question["constraint_message"] or INVALID
    return answers, errors


def next_section(schema, index, answers):
    """The index of the next section whose relevant holds after `index`, or None at the end."""
    for position in range(index + 1, len(schema)):
        if section_visible(schema[position], answers):
            return position
    return None


def previous_section(schema, index, answers):
    for position in range(index - 1, -1, -1):
        if section_visible(schema[position], answers):
            return position
    return None
