"""Back-office result screens: frequencies, means, cross-tables, weighting, open answers, exports.

Tables are rendered on the server; each question's shares also as a small server-drawn SVG bar
chart (the dashboard's chart library lives in another app). Every screen carries the sampling
statement (results.sampling_statement).
"""

import re

from django.contrib import messages
from django.shortcuts import redirect, render

from opinions import access

from . import exports, results
from .admin import get_survey
from .census import census_margins
from .schema import questions

MARGIN_LINE = re.compile(r"^\s*([\w.-]+)\s*:\s*(.+?)\s*=\s*([\d.,\s]+)$")
METHODS = {"rake": "Cân chỉnh lặp (raking)", "poststratify": "Hậu phân tầng"}


def parse_margins(text):
    """Lines "biến: mã = tổng" → {biến: {mã: tổng}}; ValueError (Vietnamese) on a bad line."""
    margins = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = MARGIN_LINE.match(line)
        if not match:
            raise ValueError(f"Dòng {number} chưa đúng dạng «biến: mã = tổng»: {line.strip()}")
        name, code, total = match.groups()
        margins.setdefault(name, {})[code.strip()] = float(total.replace(".", "").replace(",", "").replace(" ", ""))
    return margins


def margins_text(margins):
    return "\n".join(
        f"{name}: {code} = {int(total)}" for name, cells in margins.items() for code, total in cells.items()
    )


def _save_weighting(request, survey):
    access.require_office(request.user)
    if request.POST.get("action") == "census":
        margins = census_margins(questions(results.build(survey)))
        if not margins:
            messages.error(
                request, "Không có câu hỏi giới tính (Nam/Nữ), thành thị/nông thôn hay xã, phường để lấy số liệu."
            )
            return None
        survey.calibration = {"method": "rake", "margins": margins, "source": "Tổng điều tra dân số 2019"}
    elif request.POST.get("action") == "clear":
        survey.calibration = {}
    else:
        try:
            margins = parse_margins(request.POST.get("margins", ""))
        except ValueError as error:
            messages.error(request, str(error))
            return None
        method = request.POST.get("method") if request.POST.get("method") in METHODS else "rake"
        survey.calibration = {"method": method, "margins": margins, "source": "Nhập tay"} if margins else {}
    survey.save(update_fields=["calibration", "updated_at"])
    messages.success(request, "Đã lưu cách gia quyền.")
    return True


def _rows(computed):
    """One block per variable: its rows (label, count, share, CI, deff) and the bar chart's bars."""
    blocks = []
    data = computed.get("data", {})
    for v in computed["specs"]:
        result = computed["results"].get(v["column"])
        if result is None:
            continue
        values = [x for x in data.get(v["column"], []) if x is not None]
        block = {"variable": v, "n": len(values), "result": result, "rows": []}
        if v["kind"] == "categorical":
            for code, label in v["levels"] or [(k, k) for k in result["levels"]]:
                level = result["levels"].get(code)
                if level and level.get("estimate") is not None:
                    block["rows"].append({"label": label, "count": values.count(code), **level})
        blocks.append(block)
    return blocks


def crosstab_view(computed, row_var, col_var, weighted):
    """The cross-table as rows of (count, column share), with the Rao–Scott test."""
    specs = {v["column"]: v for v in computed["specs"]}
    if row_var not in specs or col_var not in specs or not computed.get("data"):
        return None
    found = results.crosstab(computed["survey"], computed["data"], row_var, col_var, weighted)
    if "error" in found:
        return {"error": found["error"]}
    cells = found["table"]["cells"]
    row_labels, col_labels = dict(specs[row_var]["levels"]), dict(specs[col_var]["levels"])
    cols = sorted({c for r in cells.values() for c in r})
    totals = {c: sum(cells[r][c] for r in cells) for c in cols}
    rows = [
        (row_labels.get(r, r), [(cells[r][c], cells[r][c] / totals[c] if totals[c] else None) for c in cols])
        for r in cells
    ]
    header = [col_labels.get(c, c) for c in cols]
    return {"cols": header, "rows": rows, "test": found["test"], "rows_label": specs[row_var]["label"]}


def survey_results(request, pk):
    """Kết quả khảo sát: tần suất, trung bình, bảng chéo, gia quyền, ý kiến mở, tải XLSX/DOCX."""
    survey = get_survey(request, pk)
    if request.method == "POST" and _save_weighting(request, survey):
        return redirect("surveys_admin:survey_results", survey.pk)
    weighted = request.GET.get("trong-so") != "khong"
    computed = results.compute(survey, weighted)
    if request.GET.get("tai-ve") in ("xlsx", "docx"):
        return exports.download(survey, computed, request.GET["tai-ve"])
    row_var, col_var = request.GET.get("hang"), request.GET.get("cot")
    computed["survey"] = survey
    table = crosstab_view(computed, row_var, col_var, weighted) if row_var and col_var else None
    context = {
        "page_title": f"Kết quả – {survey.title}",
        "header_icon": "table",
        "survey": survey,
        "computed": computed,
        "blocks": _rows(computed),
        "statement": results.sampling_statement(survey, computed["n"], computed["weights"]),
        "weighted": weighted,
        "categorical": [v for v in computed["specs"] if v["kind"] == "categorical"],
        "row_var": row_var,
        "col_var": col_var,
        "table": table,
        "open": results.open_answers(survey, computed["schema"], suggest_fields=bool(request.GET.get("goi-y"))),
        "margins": margins_text(survey.calibration.get("margins", {})),
        "method": survey.calibration.get("method", "rake"),
        "methods": METHODS,
        "can_edit": access.is_office(request.user),
    }
    return render(request, "surveys/admin/results.html", context)
