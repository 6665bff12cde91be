"""Exports of results: XLSX (answers with codes and labels, and the estimates) and the DOCX report
"Báo cáo kết quả khảo sát" in the Party's format (reports.quick_report._PartyDocument)."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from reports.quick_report import CENTER, TEXT_WIDTH_MM, _PartyDocument

from .results import sampling_statement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def estimate_rows(computed):
    """[(câu hỏi, lựa chọn, số phiếu, tỷ lệ hoặc trung bình, SE, CI thấp, CI cao, deff)]."""
    rows = []
    data = computed.get("data", {})
    for v in computed["specs"]:
        result = computed["results"].get(v["column"])
        if not result:
            continue
        values = [x for x in data.get(v["column"], []) if x is not None]
        if v["kind"] == "categorical":
            for code, label in v["levels"]:
                level = result["levels"].get(code)
                if level and level.get("estimate") is not None:
                    ci = level["ci"]
                    rows.append(
                        (v["label"], label, values.count(code), level["estimate"], level["se"], *ci, level.get("deff"))
                    )
        else:
            ci = result["ci"]
            name = "Trung bình" if v["kind"] == "numeric" else "Tỷ lệ chọn"
            rows.append((v["label"], name, len(values), result["estimate"], result["se"], *ci, result.get("deff")))
    return rows


def build_xlsx(survey, computed):
    book = Workbook()
    sheet = book.active
    sheet.title = "Ước lượng"
    sheet.append([survey.title])
    sheet.append([sampling_statement(survey, computed["n"], computed["weights"])])
    sheet.append(
        ["Câu hỏi", "Lựa chọn", "Số phiếu", "Ước lượng", "Sai số chuẩn", "CI 95% thấp", "CI 95% cao", "Hệ số thiết kế"]
    )
    for row in estimate_rows(computed):
        sheet.append(list(row))
    answers = book.create_sheet("Phiếu trả lời")
    columns = [v["column"] for v in computed["specs"]]
    answers.append(columns)
    data = computed.get("data", {})
    for i in range(computed["n"] if data else 0):
        answers.append([data[c][i] for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_docx(survey, computed):
    doc = _PartyDocument()
    header = doc.table(1, [80, TEXT_WIDTH_MM - 80])
    doc.fill(
        header.cell(0, 0),
        [
            ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", {"align": CENTER}),
            ("BAN TUYÊN GIÁO VÀ DÂN VẬN", {"bold": True, "align": CENTER}),
            ("*", {"align": CENTER}),
        ],
    )
    today = timezone.localdate()
    party, _, _ = doc.fill(
        header.cell(0, 1),
        [
            ("ĐẢNG CỘNG SẢN VIỆT NAM", {"size": 15, "bold": True, "align": CENTER}),
            ("", {}),
            (
                f"Lâm Đồng, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
                {"italic": True, "align": CENTER},
            ),
        ],
    )
    doc.rule_below(party)
    doc.para()
    doc.para(None, "BÁO CÁO KẾT QUẢ KHẢO SÁT", size=16, bold=True, align=CENTER)
    doc.para(None, survey.title, bold=True, align=CENTER)
    doc.para(None, "-----", align=CENTER)
    doc.body("I- THÔNG TIN CHUNG", bold=True, indent=False)
    period = " – ".join(f"{timezone.localtime(t):%d/%m/%Y}" for t in (survey.opens_at, survey.closes_at) if t)
    doc.body(f"Thời gian khảo sát: {period or 'chưa ghi'}; số phiếu hợp lệ: {computed['n']}.")
    doc.body(f"Cách chọn mẫu: {sampling_statement(survey, computed['n'], computed['weights'])}")
    doc.body("II- KẾT QUẢ", bold=True, indent=False)
    rows = estimate_rows(computed)
    table = doc.table(1 + len(rows), [55, 45, 18, 22, TEXT_WIDTH_MM - 140], grid=True)
    heads = ["Câu hỏi", "Lựa chọn", "Số phiếu", "Tỷ lệ, trung bình", "Khoảng tin cậy 95%"]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        doc.fill(cell, [(text, {"size": 11, "bold": True, "align": CENTER})])
    for row, (question, option, count, value, _se, low, high, _deff) in zip(table.rows[1:], rows, strict=True):
        share = option != "Trung bình"
        shown = [question, option, str(count), _fmt(value, share), f"{_fmt(low, share)} – {_fmt(high, share)}"]
        for cell, text in zip(row.cells, shown, strict=True):
            doc.fill(cell, [(text, {"size": 11})])
    doc.body("III- NHẬN XÉT, ĐỀ XUẤT", bold=True, indent=False)
    doc.body("…")
    doc.page_numbers()
    return doc.save()


def _fmt(value, share):
    if value is None:
        return "—"
    return f"{100 * value:.1f}%".replace(".", ",") if share else f"{value:.2f}".replace(".", ",")


def download(survey, computed, kind):
    name = f"khao-sat-{survey.pk}-ket-qua"
    if kind == "xlsx":
        response = HttpResponse(build_xlsx(survey, computed), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(build_docx(survey, computed), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{name}.docx"'
    return response
