"""Official documents as DOCX (python-docx), in the Party format (Hướng dẫn 36-HD/VPTW, 05-HD/VPTW)
or the State format (Nghị định 30/2020/NĐ-CP, Phụ lục I): one builder for every document the platform
issues (quick and periodic reports, survey results, minutes of a session, the privacy dossiers).

No domain knowledge: the caller passes the texts. The pieces (research notes, vn-norms.md §1–2):
A4 portrait, margins 20/20/30/15 mm, Times New Roman 14; the letterhead as a borderless two-column
table (`party_letterhead`: superior and issuing body, "*", "Số …" | "ĐẢNG CỘNG SẢN VIỆT NAM" ruled,
place and date in italics; `state_letterhead`: body | Quốc hiệu and Tiêu ngữ, the date); the title,
its trích yếu and a short rule; numbered headings (I-, II- in Party documents; I., II. in State
ones); tables with or without a grid; the signature block (Nơi nhận | authority, title, name); page
numbers centred at the top from page 2.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# Children of w:pPr that come after w:pBdr in the schema (python-docx's CT_PPr._tag_seq).
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")


def party_date(place, day):
    """ "Lâm Đồng, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def state_date(place, day):
    """ "Lâm Đồng, ngày 05 tháng 02 năm 2026" as the State writes it (two-digit day and month)."""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


class OfficialDocument:
    """An A4 document and its building blocks: paragraphs, tables, rules, letterheads, headings,
    signature blocks, page numbers."""

    def __init__(self, body_pt=BODY_PT):
        self.body_pt = body_pt
        self.document = Document()
        self.section = section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(body_pt)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)

    # Paragraphs and tables ----------------------------------------------------------------------------

    def para(self, container=None, text="", *, size=None, bold=False, italic=False, underline=False, align=None,
             after=None):  # fmt: skip
        paragraph = (container or self.document).add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if after is not None:
            paragraph.paragraph_format.space_after = Pt(after)
        if text:
            run = paragraph.add_run(text)
            run.font.size = Pt(size or self.body_pt)
            run.bold, run.italic, run.underline = bold, italic, underline
        return paragraph

    def body(self, text, *, bold=False, indent=True):
        """A justified body paragraph, 6 pt after, first line indented 10 mm."""
        paragraph = self.para(None, text, bold=bold, align=JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Mm(10) if indent else None
        return paragraph

    def heading(self, number, text, *, state=False, before=0):
        """A numbered section heading: "II- TEXT" (Party) or "II. TEXT" (State), bold, not indented."""
        label = f"{ROMAN[number - 1]}{'.' if state else '-'} {text}" if number else text
        paragraph = self.body(label, bold=True, indent=False)
        if before:
            paragraph.paragraph_format.space_before = Pt(before)
        return paragraph

    @staticmethod
    def rule_below(paragraph):
        """A solid line under the paragraph (a bottom border), as under the Party's name."""
        ppr = paragraph._p.get_or_add_pPr()
        borders = ppr.makeelement(qn("w:pBdr"), {})
        bottom = borders.makeelement(
            qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "8", qn("w:space"): "1", qn("w:color"): "000000"}
        )
        borders.append(bottom)
        # pBdr has its place in the schema's order of pPr children (Word refuses it elsewhere)
        ppr.insert_element_before(borders, *PPR_AFTER_BORDER)

    def table(self, rows, widths, *, grid=False):
        t = self.document.add_table(rows=rows, cols=len(widths))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        if grid:
            t.style = self.document.styles["Table Grid"]
        # both the grid (LibreOffice reads it) and each cell (Word reads these)
        for column, width in zip(t.columns, widths, strict=True):
            column.width = Mm(width)
        for row in t.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
        return t

    def fill(self, cell, lines):
        """Put lines [(text, options)] in a cell, replacing its empty first paragraph."""
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        return [self.para(cell, text, **options) for text, options in lines]

    def grid(self, heads, rows, widths, *, size=SMALL_PT, centre_first=False):
        """A table with a grid: bold centred heads, then the rows (texts)."""
        table = self.table(1 + len(rows), widths, grid=True)
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            self.fill(cell, [(text, {"size": size, "bold": True, "align": CENTER})])
        for row, values in zip(table.rows[1:], rows, strict=True):
            for j, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                self.fill(cell, [(str(text), {"size": size, "align": CENTER if centre_first and j == 0 else None})])
        return table

    # Letterheads, title, signatures -------------------------------------------------------------------

    def party_letterhead(self, superior_body, issuing_body, number, place_date, left_mm=80):
        """Superior and issuing body, "*", "Số …" | ĐẢNG CỘNG SẢN VIỆT NAM (15, bold, ruled), the date."""
        header = self.table(1, [left_mm, TEXT_WIDTH_MM - left_mm])
        self.fill(
            header.cell(0, 0),
            [
                (superior_body, {"align": CENTER}),
                (issuing_body, {"bold": True, "align": CENTER}),
                ("*", {"align": CENTER}),
                (number, {"align": CENTER}),
            ],
        )
        party, _, _ = self.fill(
            header.cell(0, 1),
            [
                (PARTY_NAME, {"size": 15, "bold": True, "align": CENTER}),
                ("", {}),
                (place_date, {"italic": True, "align": RIGHT}),
            ],
        )
        self.rule_below(party)
        return header

    def state_letterhead(self, bodies, number, place_date, widths=(70, 95), size=13):
        """Governing and issuing body (the last bold), a short rule, "Số: …" | Quốc hiệu, Tiêu ngữ, rule, date."""
        header = self.table(1, list(widths))
        left = [(text, {"size": size, "bold": i == len(bodies) - 1, "align": CENTER, "after": 0})
                for i, text in enumerate(bodies)]  # fmt: skip
        left += [
            ("________", {"size": size, "align": CENTER, "after": 0}),
            (number, {"size": size, "align": CENTER, "after": 0}),
        ]
        self.fill(header.cell(0, 0), left)
        self.fill(
            header.cell(0, 1),
            [
                (NATIONAL_NAME, {"size": size, "bold": True, "align": CENTER, "after": 0}),
                (NATIONAL_MOTTO, {"size": 14, "bold": True, "align": CENTER, "after": 0}),
                ("_______________________", {"size": size, "align": CENTER, "after": 0}),
                (place_date, {"italic": True, "align": CENTER, "after": 0}),
            ],
        )
        return header

    def title(self, name, summary, *, rule="-----", before=2, after=12, size=16):
        """Tên loại (16, bold), trích yếu (bold), a short rule; `before` blank lines above."""
        for _ in range(before):
            self.para()
        self.para(None, name, size=size, bold=True, align=CENTER)
        if summary:
            self.para(None, summary, bold=True, align=CENTER)
        return self.para(None, rule, align=CENTER, after=after)

    def signature_block(self, left, right, widths=(78, TEXT_WIDTH_MM - 78)):
        """A borderless two-column closing: left and right are [(text, options)] (Nơi nhận | signer)."""
        closing = self.table(1, list(widths))
        self.fill(closing.cell(0, 0), left)
        self.fill(closing.cell(0, 1), right)
        return closing

    def recipients_and_signer(self, recipients, authority, title, name):
        """The Party's closing: "Nơi nhận:" underlined and its entries (12 pt) | authority (bold),
        title (bold only without an authority), four blank lines, the name (bold)."""
        self.para()
        entries = [f"- {item}{'.' if i == len(recipients) - 1 else ','}" for i, item in enumerate(recipients)]
        left = [("Nơi nhận:", {"underline": True})] + [(e, {"size": SMALL_PT}) for e in entries]
        right = []
        if authority:
            right.append((authority, {"bold": True, "align": CENTER}))
        right.append((title, {"bold": not authority, "align": CENTER}))
        right += [("", {})] * 4
        right.append((name, {"bold": True, "align": CENTER}))
        return self.signature_block(left, right)

    def page_numbers(self):
        """Page numbers from page 2, centred at the top."""
        self.section.different_first_page_header_footer = True
        number = self.section.header.paragraphs[0]
        number.alignment = CENTER
        number._p.append(number._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"}))

    def save(self):
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
