"""Biên bản of a dialogue or citizen-reception session as DOCX in the State format (NĐ 30/2020).

A4, margins 20/20/30/15 mm, Times New Roman 14; the header table: the issuing body on the left
(IN HOA, bold, a short rule), Quốc hiệu and Tiêu ngữ on the right (rule under it), place and date in
italics; the title BIÊN BẢN, the trích yếu, the body, a table of the opinions with who answers each,
and the signatures (thư ký, chủ trì). A small builder of its own: opinions does not import reports.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from opinions.intake.sessions import follow_up, responsible

FONT = "Times New Roman"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


class StateDocument:
    """An A4 document in the State's format and the few pieces a biên bản needs."""

    def __init__(self):
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(14)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_after = Pt(0)

    def para(self, container, text, *, size=14, bold=False, italic=False, align=None, after=0):
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(after)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        return paragraph

    def body(self, text, bold=False):
        paragraph = self.para(self.document, text, bold=bold, align=JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        return paragraph

    def table(self, rows, widths, grid=False):
        table = self.document.add_table(rows=rows, cols=len(widths))
        table.alignment, table.autofit = WD_TABLE_ALIGNMENT.CENTER, False
        if grid:
            table.style = self.document.styles["Table Grid"]
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
        return table

    def cell(self, cell, lines):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for text, options in lines:
            self.para(cell, text, align=options.pop("align", CENTER), **options)

    def save(self):
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def header(doc, session):
    table = doc.table(1, [70, 95])
    doc.cell(
        table.cell(0, 0),
        [
            ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", {"size": 13}),
            ("BAN TIẾP CÔNG DÂN", {"size": 13, "bold": True}),
            ("________", {"size": 13}),
            ("Số:      /BB-BTCD", {"size": 13}),
        ],
    )
    doc.cell(
        table.cell(0, 1),
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"size": 13, "bold": True}),
            ("Độc lập - Tự do - Hạnh phúc", {"size": 14, "bold": True}),
            ("_______________________", {"size": 13}),
            (f"Lâm Đồng, ngày {session.date:%d} tháng {session.date:%m} năm {session.date:%Y}", {"italic": True}),
        ],
    )


def build_minutes(session, opinions):
    """The biên bản (bytes of a DOCX) of a session and its opinions (SessionOpinion, in order)."""
    doc = StateDocument()
    header(doc, session)
    doc.para(doc.document, "", after=6)
    doc.para(doc.document, "BIÊN BẢN", bold=True, align=CENTER)
    doc.para(doc.document, session.get_kind_display(), bold=True, align=CENTER)
    doc.para(doc.document, "________", align=CENTER, after=12)
    doc.body(f"Thời gian: ngày {session.date:%d/%m/%Y}.")
    doc.body(f"Địa điểm: {session.place}.")
    doc.body(f"Chủ trì: {session.chair}.")
    units = ", ".join(str(u) for u in session.units.all()) or "không có"
    doc.body(f"Thành phần: đại diện {units}; {session.participants} người tham dự.")
    doc.body(f"Nội dung: các ý kiến, kiến nghị được nêu tại phiên ({len(opinions)} ý kiến) như sau:", bold=True)
    table = doc.table(len(opinions) + 1, [12, 45, 55, 53], grid=True)
    for column, title in enumerate(("TT", "Người phát biểu, địa bàn", "Nội dung ý kiến", "Người trả lời, kết quả")):
        doc.cell(table.cell(0, column), [(title, {"size": 13, "bold": True})])
    for row, opinion in enumerate(opinions, start=1):
        signal = opinion.signal
        who = signal.reporter_name or "Người dân (không ghi tên)"
        where = f", {signal.area.name}" if signal.area_id else ""
        doc.cell(table.cell(row, 0), [(str(row), {"size": 13})])
        doc.cell(table.cell(row, 1), [(who + where, {"size": 13, "align": None})])
        doc.cell(table.cell(row, 2), [(signal.text, {"size": 13, "align": JUSTIFY})])
        answer = f"{responsible(opinion)}. {follow_up(opinion)}"
        doc.cell(table.cell(row, 3), [(answer, {"size": 13, "align": None})])
    doc.para(doc.document, "", after=6)
    doc.body("Biên bản kết thúc cùng ngày, đã đọc lại cho những người tham dự cùng nghe và thống nhất.")
    signatures = doc.table(1, [80, 85])
    doc.cell(signatures.cell(0, 0), [("THƯ KÝ", {"bold": True}), ("", {}), ("", {}), ("", {})])
    doc.cell(signatures.cell(0, 1), [("CHỦ TRÌ", {"bold": True}), ("", {}), ("", {}), (session.chair, {"bold": True})])
    return doc.save()
