"""Results of a survey: columns of the completed responses, and the design-based statistics.

The answers become columns (one per single-choice or numeric question, one 0/1 column per option of
a multiple choice, one per row of a matrix); analysis.survey.estimate() computes weighted shares,
means, intervals, design effects, Kish's weighting effect and effective n, with the survey's
calibration (post-stratification or raking) when one is set. Nothing here knows about screens.
"""

import math
from collections import Counter

from analysis.keywords import count_terms
from analysis.survey import SpecError, estimate
from opinions.models import Attribute, Field
from opinions.suggestions import services as suggest

from .census import DISTRICT_SUFFIX, commune_districts
from .models import Response, Survey
from .schema import build, questions

WEIGHT = "_w"
CATEGORICAL = {"select_one", "dropdown", "likert", "commune"}
NUMERIC = {"integer", "decimal", "rating"}
TEXT = {"text", "long_text"}


def variables(schema):
    """[{column, question, kind, label, levels}] the statistics are computed on."""
    out = []
    for q in questions(schema):
        levels = [(c["name"], c["label"]) for c in q["choices"]]
        if q["type"] in CATEGORICAL:
            out.append(
                {"column": q["name"], "question": q, "kind": "categorical", "label": q["label"], "levels": levels}
            )
        elif q["type"] in NUMERIC or (q["type"] == "calculate" and "number" in q["appearance"]):
            out.append({"column": q["name"], "question": q, "kind": "numeric", "label": q["label"], "levels": []})
        elif q["type"] == "select_multiple":
            for code, label in levels:
                column = f"{q['name']}.{code}"
                out.append({"column": column, "question": q, "kind": "binary", "label": f"{q['label']}: {label}"})
        elif q["type"] == "matrix":
            for row in q["rows"]:
                column = f"{q['name']}.{row['name']}"
                item = {"column": column, "question": q, "kind": "categorical", "levels": levels}
                out.append({**item, "label": f"{q['label']}: {row['label']}"})
        elif q["type"] == "rank":
            item = {"column": f"{q['name']}.1", "question": q, "kind": "categorical", "levels": levels}
            out.append({**item, "label": f"{q['label']} (xếp thứ nhất)"})
    return out


def _cell(variable, answers):
    q = variable["question"]
    value = answers.get(q["name"])
    if value is None or value == "":
        return None
    if variable["kind"] == "binary":
        return 1.0 if variable["column"].split(".", 1)[1] in value else 0.0
    if q["type"] == "matrix":
        return value.get(variable["column"].split(".", 1)[1]) if isinstance(value, dict) else None
    if q["type"] == "rank":
        return value[0] if isinstance(value, list) and value else None
    if variable["kind"] == "numeric":
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    return str(value)


def columns_of(survey, schema, answer_rows):
    """{column: [values]} for the statistics, with the weight column and derived district columns."""
    specs = variables(schema)
    data = {v["column"]: [_cell(v, a) for a in answer_rows] for v in specs}
    weights = []
    for answers in answer_rows:
        try:
            w = float(answers.get(survey.weight_question)) if survey.weight_question else 1.0
        except (TypeError, ValueError):
            w = 1.0
        weights.append(w if w > 0 and math.isfinite(w) else 1.0)
    data[WEIGHT] = weights
    communes = [q["name"] for q in questions(schema) if q["type"] == "commune"]
    if communes:
        districts = commune_districts()
        for name in communes:
            data[name + DISTRICT_SUFFIX] = [districts.get(a.get(name)) for a in answer_rows]
    return data, specs


def completed_answers(survey):
    return list(
        Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
        .order_by("pk")
        .values_list("answers", flat=True)
    )


def design(survey, weighted=True):
    calibration = survey.calibration if weighted and survey.calibration.get("margins") else None
    if calibration:
        calibration = {"method": calibration.get("method", "rake"), "margins": calibration["margins"]}
        calibration.update({"epsilon": 1e-10, "maxit": 100})
    return {"ids": [], "strata": None, "weights": WEIGHT, "fpc": [], "calibrate": calibration}


def _estimates(specs):
    items = [{"id": "_weights", "stat": "weights"}]
    for v in specs:
        if v["kind"] == "categorical":
            items.append({"id": v["column"], "stat": "proportion", "var": v["column"], "deff": True})
        elif v["kind"] == "numeric":
            items.append({"id": v["column"], "stat": "mean", "var": v["column"], "deff": True})
        else:
            items.append({"id": v["column"], "stat": "ciprop", "var": v["column"], "method": "logit"})
    return items


def _usable(data, specs):
    """Leave out columns with fewer than two answers or one value only (nothing to estimate)."""
    keep = []
    for v in specs:
        values = [x for x in data[v["column"]] if x is not None]
        if len(values) >= 2 and len(set(values)) > 1:
            keep.append(v)
    return keep


def compute(survey, weighted=True):
    """{"n", "specs", "results", "weights", "error", "duplicates"} of the completed responses."""
    schema = build(survey)
    rows = completed_answers(survey)
    data, specs = columns_of(survey, schema, rows)
    specs = _usable(data, specs)
    out = {"n": len(rows), "schema": schema, "specs": specs, "results": {}, "weights": None, "error": None}
    out["duplicates"] = survey.responses.filter(status=Response.Status.COMPLETE, possible_duplicate=True).count()
    if len(rows) < 2:
        out["error"] = "Cần ít nhất 2 phiếu đã nộp để tính ước lượng."
        return out
    spec = {"design": design(survey, weighted), "estimates": _estimates(specs)}
    try:
        results = estimate(spec, data)["results"]
    except SpecError as error:
        out["error"] = f"Không tính được ước lượng: {error}"
        return out
    out["weights"] = results.pop("_weights")
    out["results"] = results
    out["data"] = data
    return out


def crosstab(survey, data, rows, cols, weighted=True):
    """Weighted counts, column shares and the Rao–Scott test of rows × cols."""
    spec = {
        "design": design(survey, weighted),
        "estimates": [
            {"id": "table", "stat": "table", "rows": rows, "cols": cols},
            {"id": "test", "stat": "chisq", "rows": rows, "cols": cols, "statistic": "F"},
        ],
    }
    try:
        return estimate(spec, data)["results"]
    except SpecError as error:
        return {"error": str(error)}


def suggestions(texts):
    """Counts of suggested fields and sentiments for open answers, from the platform's analysis."""
    fields = dict(Field.objects.values_list("code", "name"))
    found = {"fields": Counter(), "sentiments": Counter()}
    model = suggest.zero_shot()
    if model is not None:
        for pair in model.predict_with_confidence(texts):
            if pair:
                found["fields"][fields.get(pair[0], pair[0])] += 1
    sentiment = suggest.active_classifier(Attribute.SENTIMENT)
    if sentiment is not None:
        for label, _ in sentiment.predict_with_confidence(texts):
            found["sentiments"][label] += 1
    return {key: counter.most_common(8) for key, counter in found.items()}


def open_answers(survey, schema, limit=200, suggest_fields=False):
    """{question name: {"answers": [...], "terms": [(term, count)]}} of the text questions."""
    rows = completed_answers(survey)
    out = {}
    for q in questions(schema):
        if q["type"] not in TEXT:
            continue
        texts = [a[q["name"]] for a in rows if a.get(q["name"])]
        if texts:
            out[q["name"]] = {"label": q["label"], "answers": texts[:limit], "count": len(texts)}
            out[q["name"]]["terms"] = count_terms(texts).most_common(15)
            if suggest_fields:
                out[q["name"]]["suggestions"] = suggestions(texts[:500])
    return out


def sampling_statement(survey, n, weights):
    """How the sample was drawn, in the words every result screen and report uses."""
    n_eff = round(weights["n_eff"]) if weights else n
    if survey.sampling == Survey.Sampling.PROBABILITY:
        text = (
            f"Mẫu xác suất: {n} phiếu, ước lượng theo thiết kế với trọng số"
            f"{' đã cân chỉnh theo tổng thể' if survey.calibration.get('margins') else ''}; "
            f"cỡ mẫu hiệu dụng {n_eff}."
        )
    else:
        kind = "mời theo danh sách" if survey.sampling == Survey.Sampling.PANEL else "tự nguyện tham gia qua đường dẫn"
        text = (
            f"Đây không phải mẫu xác suất ({kind}, {n} phiếu): kết quả chỉ phản ánh những người đã trả lời. "
            f"Sai số biên (nếu có) được tính như thể mẫu đã gia quyền là mẫu ngẫu nhiên, "
            f"với cỡ mẫu hiệu dụng {n_eff}; không dùng để suy rộng cho toàn tỉnh."
        )
    if survey.sampling_note:
        text += f" {survey.sampling_note}"
    return text
