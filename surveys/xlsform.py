"""XLSForm both ways: export a survey's definition to the three sheets (survey, choices, settings)
and import one through pyxform, so ODK and KoboToolbox questionnaires work here and there.

Our types map to XLSForm as follows: dropdown = select_one + appearance minimal, likert =
select_one + appearance likert, long_text = text + appearance multiline, rating = range, consent =
acknowledge, commune = select_one of the list xa_phuong, matrix = a group with appearance
table-list whose rows are select_one questions named <matrix>__<row>. Sections are top-level groups.
"""

import io
import tempfile
from pathlib import Path

from openpyxl import Workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from .schema import COMMUNE_LIST
from .services import SurveyError

VI, EN = "Tiếng Việt (vi)", "English (en)"
SURVEY_COLUMNS = [
    "type",
    "name",
    f"label::{VI}",
    f"label::{EN}",
    f"hint::{VI}",
    "required",
    f"required_message::{VI}",
    "relevant",
    "constraint",
    f"constraint_message::{VI}",
    "choice_filter",
    "calculation",
    "appearance",
    "parameters",
]
TO_XLSFORM = {
    "dropdown": ("select_one", "minimal"),
    "likert": ("select_one", "likert"),
    "long_text": ("text", "multiline"),
    "consent": ("acknowledge", ""),
    "rating": ("range", ""),
}
SELECTS = {"select_one", "select_multiple", "dropdown", "likert", "rank", "commune"}


def _row(q, kind, appearance, list_name=None):
    type_text = f"{kind} {list_name}" if list_name else kind
    parameters = q.get("parameters", "")
    if q.get("randomize"):
        parameters = (parameters + " randomize=true").strip()
    return [
        type_text,
        q["name"],
        q["label"],
        q.get("label_en", ""),
        q.get("hint", ""),
        "yes" if q.get("required") else "",
        q.get("required_message", ""),
        q.get("relevant", ""),
        q.get("constraint", ""),
        q.get("constraint_message", ""),
        q.get("choice_filter", ""),
        q.get("calculation", ""),
        appearance,
        parameters,
    ]


def _question_rows(q, lists):
    kind, appearance = TO_XLSFORM.get(q["type"], (q["type"], ""))
    appearance = q.get("appearance") or appearance
    if q["type"] == "commune":
        lists.setdefault(COMMUNE_LIST, "communes")
        return [_row(q, "select_one", appearance, COMMUNE_LIST)]
    if q["type"] == "matrix":
        list_name = q.get("list_name") or q["name"]
        lists.setdefault(list_name, q["choices"])
        group = ["begin_group", q["name"], q["label"], q.get("label_en", ""), q.get("hint", "")]
        group += [""] * 2 + [q.get("relevant", "")] + [""] * 4 + ["table-list", ""]
        rows = [group]
        for row in q["rows"]:
            item = {"name": f"{q['name']}__{row['name']}", "label": row["label"], "label_en": row.get("label_en", "")}
            rows.append(_row({**item, "required": q.get("required")}, "select_one", "", list_name))
        return [*rows, ["end_group", q["name"]] + [""] * (len(SURVEY_COLUMNS) - 2)]
    if q["type"] in SELECTS:
        list_name = q.get("list_name") or q["name"]
        lists.setdefault(list_name, q["choices"])
        kind = "select_one" if q["type"] in ("dropdown", "likert") else q["type"]
        return [_row(q, kind, appearance, list_name)]
    return [_row(q, kind, appearance)]


def export_workbook(definition, communes=()):
    """The XLSForm (bytes) of a definition (services.definition_of)."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    lists = {}
    width = len(SURVEY_COLUMNS)
    for section in definition["sections"]:
        survey.append(
            ["begin_group", section["name"], section["title"], section.get("title_en", "")]
            + [""] * 3
            + [section.get("relevant", "")]
            + [""] * (width - 8)
        )
        for q in section["questions"]:
            for row in _question_rows(q, lists):
                survey.append(row)
        survey.append(["end_group", section["name"]] + [""] * (width - 2))
    filter_columns = sorted(
        {k for entries in lists.values() if entries != "communes" for c in entries for k in c.get("filters", {})}
    )
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{VI}", f"label::{EN}", *filter_columns])
    for list_name, entries in lists.items():
        for c in communes if entries == "communes" else entries:
            filters = c.get("filters", {})
            choices.append(
                [list_name, c["name"], c["label"], c.get("label_en", ""), *[filters.get(k, "") for k in filter_columns]]
            )
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([definition["title"], definition.get("form_id") or "khao_sat", definition.get("version", ""), VI])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FROM_XLSFORM = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "rank": "rank",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "text": "text",
    "note": "note",
    "calculate": "calculate",
    "acknowledge": "consent",
    "range": "rating",
}
APPEARANCE_TYPES = {
    ("select_one", "minimal"): "dropdown",
    ("select_one", "likert"): "likert",
    ("text", "multiline"): "long_text",
}
CHOICE_KEYS = {"name", "label", "media", "image", "audio", "video"}


def _labels(value):
    """(Vietnamese, English) of a pyxform label: a plain string or {language: text}."""
    if not value:
        return "", ""
    if isinstance(value, str):
        return value, ""
    vi = next((v for k, v in value.items() if "(vi)" in k or "viet" in k.lower() or k == "default"), "")
    en = next((v for k, v in value.items() if "(en)" in k or "english" in k.lower()), "")
    return vi or next(iter(value.values())), en


def _message(value):
    return _labels(value)[0] if value else ""


def _choices(entries):
    out = []
    for c in entries or []:
        vi, en = _labels(c.get("label"))
        item = {"name": str(c["name"]), "label": vi or str(c["name"])}
        if en:
            item["label_en"] = en
        filters = {k: str(v) for k, v in c.items() if k not in CHOICE_KEYS}
        if filters:
            item["filters"] = filters
        out.append(item)
    return out


def _question(node, lists):
    kind = FROM_XLSFORM.get(node["type"])
    if kind is None:
        raise SurveyError(f"Câu «{node.get('name')}»: loại «{node['type']}» chưa được hỗ trợ.")
    bind = node.get("bind", {})
    appearance = (node.get("control") or {}).get("appearance", "")
    kind = APPEARANCE_TYPES.get((kind, appearance), kind)
    parameters = dict(node.get("parameters") or {})
    list_name = node.get("list_name") or node.get("itemset") or ""
    vi, en = _labels(node.get("label"))
    entry = {"type": kind, "name": node["name"], "label": vi or node["name"]}
    optional = {
        "label_en": en,
        "hint": _labels(node.get("hint"))[0],
        "required": bind.get("required") in ("yes", "true()", True),
        "required_message": _message(bind.get("jr:requiredMsg")),
        "relevant": bind.get("relevant", ""),
        "constraint": bind.get("constraint", ""),
        "constraint_message": _message(bind.get("jr:constraintMsg")),
        "choice_filter": node.get("choice_filter", ""),
        "calculation": bind.get("calculate", ""),
        "randomize": str(parameters.pop("randomize", "")).lower() == "true",
        "parameters": " ".join(f"{k}={v}" for k, v in parameters.items()) if kind == "rating" else "",
        "appearance": "" if kind in ("dropdown", "likert", "long_text") else appearance,
    }
    if list_name == COMMUNE_LIST and kind in ("select_one", "dropdown"):
        entry["type"], list_name = "commune", ""
    elif list_name:
        optional["list_name"] = list_name
        entry["choices"] = _choices(node.get("choices") or lists.get(list_name))
    entry.update({k: v for k, v in optional.items() if v})
    return entry


def _matrix(node, lists):
    """A table-list group (pyxform expands it: a generated note, a label row, one select per row)."""
    children = [
        c
        for c in node["children"]
        if not c["name"].startswith(("generated_table_list_label", "reserved_name_for_field_list_labels"))
    ]
    note = next((c for c in node["children"] if c["name"].startswith("generated_table_list_label")), {})
    vi, en = _labels(note.get("label") or node.get("label"))
    first = children[0]
    prefix = node["name"] + "__"
    rows = []
    for child in children:
        row_vi, row_en = _labels(child.get("label"))
        name = child["name"][len(prefix) :] if child["name"].startswith(prefix) else child["name"]
        rows.append({"name": name, "label": row_vi or name, **({"label_en": row_en} if row_en else {})})
    entry = {"type": "matrix", "name": node["name"], "label": vi or node["name"]}
    if en:
        entry["label_en"] = en
    list_name = first.get("list_name") or first.get("itemset")
    entry.update({"required": (first.get("bind") or {}).get("required") == "yes", "list_name": list_name})
    entry["choices"] = _choices(first.get("choices") or lists.get(list_name))
    entry["rows"] = rows
    relevant = (node.get("bind") or {}).get("relevant")
    if relevant:
        entry["relevant"] = relevant
    return {k: v for k, v in entry.items() if v not in (False, "", None)}


def _is_matrix(node):
    return node["type"] == "group" and any(
        c["name"].startswith("generated_table_list_label") for c in node.get("children", [])
    )


def _section_questions(children, lists):
    out = []
    for node in children:
        if _is_matrix(node):
            out.append(_matrix(node, lists))
        elif node["type"] in ("group", "repeat"):
            raise SurveyError(f"Nhóm lồng nhau hoặc lặp «{node.get('name')}» chưa được hỗ trợ.")
        else:
            out.append(_question(node, lists))
    return out


def definition_from_json(form):
    """Our definition from pyxform's JSON: top-level groups are sections; loose questions go first."""
    lists = form.get("choices") or {}
    sections, loose = [], []
    for node in form.get("children", []):
        if node["name"] == "meta" or node["type"] in ("start", "end", "today", "deviceid"):
            continue  # pyxform's own metadata (instanceID) and ODK's automatic fields
        if node["type"] == "group" and not _is_matrix(node):
            vi, en = _labels(node.get("label"))
            section = {
                "name": node["name"],
                "title": vi or node["name"],
                "questions": _section_questions(node["children"], lists),
            }
            section.update(
                {k: v for k, v in (("title_en", en), ("relevant", (node.get("bind") or {}).get("relevant", ""))) if v}
            )
            sections.append(section)
        else:
            loose.extend(_section_questions([node], lists))
    if loose:
        sections.insert(0, {"name": "chung", "title": "Thông tin chung", "questions": loose})
    definition = {
        "title": form.get("title") or form.get("name"),
        "form_id": form.get("id_string", ""),
        "sections": sections,
    }
    if form.get("version"):
        definition["version"] = str(form["version"])
    return definition


def read_xlsform(content, suffix=".xlsx"):
    """The definition of an uploaded XLSForm (bytes); SurveyError with pyxform's reason if invalid."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        try:
            form = parse_file_to_json(str(path))
        except (PyXFormError, ValueError, KeyError) as error:
            raise SurveyError(f"Tệp XLSForm không hợp lệ: {error}") from None
    return definition_from_json(form)
