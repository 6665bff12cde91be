"""The periodic report's files: DOCX in the Party's format (reports/quick_report.py's layout), its
charts drawn on the server as PNG images (Pillow; matplotlib is not installed), PDF through
LibreOffice headless (docs/decisions/0007-report-pdf-libreoffice.md) and XLSX of its tables."""

import io
import os
import pathlib
import shutil
import subprocess
import tempfile

from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image, ImageDraw, ImageFont

from reports.quick_report import CENTER, SMALL_PT, TEXT_WIDTH_MM, _closing, _header, _PartyDocument

FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


class PdfUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed or failed; the message is Vietnamese."""


def _font(size):
    for path in FONT_FILES:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def bar_chart(title, rows, width=1400, bar_height=44):
    """A horizontal bar chart as PNG bytes: rows [(label, value)], largest first."""
    rows = rows[:15]
    font, bold = _font(26), _font(30)
    height = 90 + bar_height * max(len(rows), 1) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), title, fill="black", font=bold)
    top, label_w = 80, 520
    biggest = max((v for _, v in rows), default=0) or 1
    for i, (label, value) in enumerate(rows):
        y = top + i * bar_height
        text = label if len(label) <= 34 else label[:33] + "…"
        draw.text((20, y + 6), text, fill="black", font=font)
        length = int((width - label_w - 140) * value / biggest)
        draw.rectangle([label_w, y + 6, label_w + max(length, 2), y + bar_height - 8], fill="#1f5fa8")
        draw.text((label_w + length + 12, y + 6), str(value), fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _table(doc, heads, rows, widths):
    table = doc.table(1 + len(rows), widths, grid=True)
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        doc.fill(cell, [(text, {"size": SMALL_PT, "bold": True, "align": CENTER})])
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            doc.fill(cell, [(str(value), {"size": SMALL_PT})])
    doc.para()


def _heading(doc, text):
    doc.body(text, bold=True, indent=False).paragraph_format.space_before = Pt(6)


def build_report_docx(data):
    """The DOCX file (bytes) of a report dict (reports.periodic.report_data, as edited)."""
    doc = _PartyDocument()
    _header(doc, data)
    doc.body(data["intro"])
    _heading(doc, "I- TÌNH HÌNH NHÂN DÂN VÀ DƯ LUẬN XÃ HỘI NỔI BẬT")
    doc.body(data["overview"])
    if data["by_channel"]:
        _table(doc, ["Kênh tiếp nhận", "Số ý kiến"], data["by_channel"], [TEXT_WIDTH_MM - 40, 40])
    if data["fields"]:
        chart = bar_chart("Số ý kiến theo lĩnh vực", [(f["field"], f["count"]) for f in data["fields"]])
        doc.document.add_picture(io.BytesIO(chart), width=Mm(TEXT_WIDTH_MM))
        doc.para(None, "Biểu đồ: số ý kiến theo lĩnh vực trong kỳ", size=SMALL_PT, italic=True, align=CENTER)
    for i, section in enumerate(data["fields"], start=1):
        doc.body(f"{i}. {section['text']}")
    _heading(doc, "II- NHỮNG VẤN ĐỀ CẦN QUAN TÂM, DỰ BÁO TÌNH HÌNH")
    for line in data["watch"]:
        doc.body(f"- {line}")
    doc.body(data["forecast"])
    _heading(doc, "III- ĐỀ XUẤT, KIẾN NGHỊ")
    for line in data["proposals"]:
        doc.body(f"- {line}")
    _closing(doc, data)
    doc.page_numbers()
    return doc.save()


def docx_to_pdf(docx_bytes, timeout=300):
    """PDF bytes from DOCX bytes by LibreOffice headless (its own profile in a temporary folder)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise PdfUnavailable("Chưa cài LibreOffice (soffice) trên máy chủ: không tạo được PDF.")
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder)
        (path / "bao-cao.docx").write_bytes(docx_bytes)
        command = [
            soffice,
            f"-env:UserInstallation=file://{path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path),
            str(path / "bao-cao.docx"),
        ]
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        pdf = path / "bao-cao.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise PdfUnavailable("LibreOffice không chuyển được báo cáo sang PDF.")
        return pdf.read_bytes()


def build_report_xlsx(data):
    book = Workbook()
    sheet = book.active
    sheet.title = "Theo lĩnh vực"
    sheet.append([f"{data['title']} {data['summary']} ({data['start']} – {data['end']})"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Lĩnh vực", "Nhạy cảm", "Số ý kiến"])
    for f in data["fields"]:
        sheet.append([f["field"], "Có" if f["sensitive"] else "", f["count"]])
    channels = book.create_sheet("Theo kênh")
    channels.append(["Kênh tiếp nhận", "Số ý kiến"])
    for row in data["by_channel"]:
        channels.append(row)
    sheet.column_dimensions["A"].width = channels.column_dimensions["A"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
