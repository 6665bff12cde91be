"""XLSX export of the on-time report (openpyxl, installed with django-import-export[xlsx])."""

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from cms.lib.cells import safe_row

HEADER = [
    "Hạng",
    "Đơn vị",
    "Đã trả lời",
    "Đúng hạn",
    "Đúng hạn nhờ gia hạn",
    "Trễ hạn",
    "Đang xử lý quá hạn",
    "Tỷ lệ đúng hạn (%)",
    "Thời gian trả lời, trung vị (ngày)",
]


def _row(rank, row):
    return [
        rank,
        row.name,
        row.answered,
        row.on_time,
        row.on_time_extended,
        row.late,
        row.open_overdue,
        row.on_time_rate,
        row.median_days,
    ]


def _sheet(sheet, title, start, end, overall, ranking):
    sheet.append([f"{title} – từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.append(safe_row(_row("", overall)))
    for rank, row in enumerate(ranking, start=1):
        sheet.append(safe_row(_row(rank, row)))
    sheet.column_dimensions["B"].width = 45


def ontime_workbook(start, end, overall, ranking, overdue, pressing, pressing_ranking):
    book = Workbook()
    _sheet(book.active, "Tỷ lệ trả lời đúng hạn", start, end, overall, ranking)
    book.active.title = "Đúng hạn"
    _sheet(book.create_sheet("Nổi cộm"), "Vấn đề nổi cộm, bức xúc", start, end, pressing, pressing_ranking)
    late = book.create_sheet("Quá hạn")
    late.append(["Mã vụ việc", "Tiêu đề", "Đơn vị xử lý", "Mức độ", "Hạn xử lý"])
    for case in overdue:
        late.append(
            safe_row(
                [
                    case.code,
                    case.title,
                    str(case.assigned_unit),
                    case.get_urgency_display(),
                    case.deadline.strftime("%d/%m/%Y"),
                ]
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ty-le-dung-han-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
