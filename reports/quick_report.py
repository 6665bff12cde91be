"""Báo cáo nhanh as a DOCX file: the quick report of an alert, in the Party's document format.

Two steps. `quick_report_data(alert)` reads the alert into a plain dict whose texts are already
written in Vietnamese and hold no citizen's personal data: the signals' names, phone numbers and
e-mail addresses are never copied, and are blotted out of the excerpts if a citizen typed them into
the text. `build_docx(data)` lays that dict out with python-docx and touches no database, so the
layout is tested on its own.

Format: Hướng dẫn 36-HD/VPTW (carried into 05-HD/VPTW), as summarised in the project's research
notes (vn-norms.md §1): A4, margins 20/20/30/15 mm, Times New Roman; header as a borderless
two-column table (superior body / issuing body in bold / "*" / "Số …-BC/…" on the left;
"ĐẢNG CỘNG SẢN VIỆT NAM" ruled, then place and date in italics on the right); title, trích yếu and
"-----"; body 14 pt justified; "Nơi nhận:" underlined with 12 pt entries; the signer block on the
right (authority and name bold, office upright). Page numbers centred at the top from page 2.
"""

import io
import re
import zoneinfo

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from opinions import access
from opinions.alerts.services import quick_report_title
from opinions.models import Channel, Signal
from reports.letterhead import letterhead

VN_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "BÁO CÁO NHANH"
EXCERPT_CHARS = 300
MAX_SIGNALS = 100  # beyond this the report says how many more there are
REDACTED = "[…]"

# A Vietnamese phone number: 0 or +84 then 8–10 more digits, with spaces, dots or hyphens between.
PHONE_RE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# Formatting ---------------------------------------------------------------------------------------------


def party_date(place, day):
    """ "Lâm Đồng, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def local(moment):
    return moment.astimezone(VN_TZ)


def stamp(moment):
    """dd/mm/yyyy HH:MM in Vietnam's time."""
    return f"{local(moment):%d/%m/%Y %H:%M}"


def decimal(value):
    return f"{value:.1f}".replace(".", ",")


def excerpt(text, private=()):
    """At most EXCERPT_CHARS of a signal's text with its author's name and contacts blotted out."""
    text = " ".join((text or "").split())
    for value in private:
        value = " ".join((value or "").split())
        if len(value) >= 3:
            text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    text = EMAIL_RE.sub(REDACTED, text)
    text = PHONE_RE.sub(REDACTED, text)
    if len(text) > EXCERPT_CHARS:
        cut = text[: EXCERPT_CHARS - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"  # never mid-word
    return text


def sentence_case(text):
    """The subtitle under the title starts with a capital, as a heading does."""
    return text[:1].upper() + text[1:]


def signal_content(title, text):
    """The title and the text, once: a title cut from the text's first words ("… kiến nghị của d")
    is not repeated before the text it came from."""
    text = " ".join((text or "").split())
    head = " ".join((title or "").split()).rstrip("…. ")
    if not head or text.casefold().startswith(head.casefold()):
        return text
    return f"{head}. {text}"


# Data -----------------------------------------------------------------------------------------------------


def report_signals(alert, limit=None):
    """The signals behind a quick report, oldest first, for the DOCX and the print view: code,
    time, channel, commune and an excerpt. The author's name and contacts are read only to blot
    them out of the excerpt."""
    rows = (
        alert.signals.exclude(status=Signal.Status.REJECTED)
        .order_by("received_at", "pk")
        .values_list(
            "tracking_code",
            "received_at",
            "channel",
            "area__name",
            "title",
            "text",
            "reporter_name",
            "reporter_phone",
            "reporter_email",
        )
    )
    signals = []
    for code, received_at, channel, area_name, title, text, name, phone, email in rows[:limit]:
        content = signal_content(title, text)
        signals.append(
            {
                "tracking_code": code,
                "received_at": received_at,
                "time": stamp(received_at),
                "channel": Channel(channel).label if channel in Channel.values else channel,
                "area": area_name or "–",
                "excerpt": excerpt(content, [name, phone, email]),
            }
        )
    return signals


def quick_report_data(alert, today=None):
    """The report of an alert already turned into a quick report (alert.report_case set), as a dict."""
    from django.utils import timezone

    today = today or local(timezone.now()).date()
    case = alert.report_case
    field = alert.field or (alert.case.field if alert.case_id else None)
    area = alert.area or (alert.case.area if alert.case_id else None)
    signals = report_signals(alert, MAX_SIGNALS)
    total = alert.signals.exclude(status=Signal.Status.REJECTED).count()

    figures = f"ghi nhận {alert.observed} ý kiến, mức bình thường khoảng {decimal(alert.expected)}"
    if alert.ratio:
        figures += f" (gấp {decimal(alert.ratio)} lần)"
    situation = [
        f"Thời gian theo dõi: từ {stamp(alert.window_start)} đến {stamp(alert.window_end)} (giờ Việt Nam).",
        f"Số liệu: {figures}; mức cảnh báo: {alert.get_level_display().lower()}.",
    ]
    if field is not None:
        situation.append(f"Lĩnh vực: {field.name}{' (lĩnh vực nhạy cảm)' if field.is_sensitive else ''}.")
    if area is not None:
        situation.append(f"Địa bàn: {area.name}.")
    if alert.case_id:
        situation.append(f"Vụ việc được theo dõi: {alert.case.code} – {alert.case.title}.")
    if case is not None:
        deadline = f", hạn xử lý {case.deadline:%d/%m/%Y}" if case.deadline else ""
        situation.append(f"Vụ việc đã lập: mã {case.code}, mức độ {case.get_urgency_display().lower()}{deadline}.")

    head = letterhead()
    return {
        "superior_body": head["superior_body"],
        "issuing_body": head["issuing_body"],
        "number": f"Số       {head['number_suffix']}",
        "place_date": party_date(head["place"], today),
        "title": TITLE,
        "summary": sentence_case(quick_report_title(alert).removeprefix("Báo cáo nhanh: ")),
        "intro": (
            f"Qua theo dõi trên hệ thống Lắng Nghe, {access.OFFICE_GROUP} báo cáo nhanh tình hình dư luận "
            "xã hội như sau:"
        ),
        "message": alert.message.rstrip(".") + ".",
        "situation": situation,
        "signals": signals,
        "more_signals": max(0, total - len(signals)),
        "recipients": head["recipients"],
        "signer_authority": head["signer_authority"],
        "signer_title": head["signer_title"],
        "signer_name": head["signer_name"],
    }


def file_name(alert, today):
    return f"bao-cao-nhanh-{alert.pk}-{today:%Y%m%d}.docx"


# Layout -------------------------------------------------------------------------------------------------

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15
# Children of w:pPr that come after w:pBdr in the schema (python-docx's CT_PPr._tag_seq).
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
BLANK_LINES = 5  # dotted lines the officer fills under "Đánh giá, nhận định" and "Đề xuất, kiến nghị"


class _PartyDocument:
    """An A4 document in the Party's format (Times New Roman, margins 20/20/30/15 mm) and the few
    building blocks a report needs: paragraphs, tables without borders, a rule under a title."""

    def __init__(self):
        self.document = Document()
        self.section = section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)

    def para(self, container=None, text="", *, size=BODY_PT, bold=False, italic=False, underline=False, align=None):
        paragraph = (container or self.document).add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if text:
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold, run.italic, run.underline = bold, italic, underline
        return paragraph

    def body(self, text, *, bold=False, indent=True):
        paragraph = self.para(None, text, bold=bold, align=JUSTIFY)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.first_line_indent = Mm(10) if indent else None
        return paragraph

    @staticmethod
    def rule_below(paragraph):
        """A solid line under the paragraph (a bottom border), as under the Party's title."""
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


def _header(doc, data):
    """Issuing body on the left, the Party's name and the date on the right; then the title."""
    header = doc.table(1, [80, TEXT_WIDTH_MM - 80])
    doc.fill(
        header.cell(0, 0),
        [
            (data["superior_body"], {"align": CENTER}),
            (data["issuing_body"], {"bold": True, "align": CENTER}),
            ("*", {"align": CENTER}),
            (data["number"], {"align": CENTER}),
        ],
    )
    party, _, _place_date = doc.fill(
        header.cell(0, 1),
        [
            ("ĐẢNG CỘNG SẢN VIỆT NAM", {"size": 15, "bold": True, "align": CENTER}),
            ("", {}),
            (data["place_date"], {"italic": True, "align": RIGHT}),
        ],
    )
    doc.rule_below(party)
    doc.para()
    doc.para()
    doc.para(None, data["title"], size=16, bold=True, align=CENTER)
    doc.para(None, data["summary"], bold=True, align=CENTER)
    doc.para(None, "-----", align=CENTER).paragraph_format.space_after = Pt(12)


def _signals_section(doc, data):
    doc.body(
        f"II- CÁC Ý KIẾN, THÔNG TIN DƯ LUẬN ({len(data['signals']) + data['more_signals']})", bold=True, indent=False
    )
    if not data["signals"]:
        doc.body("Không còn ý kiến nào (các ý kiến đã bị loại).")
        return
    heads = ["TT", "Thời điểm", "Kênh tiếp nhận", "Địa bàn", "Nội dung (trích)"]
    signals = doc.table(1 + len(data["signals"]), [10, 24, 26, 30, TEXT_WIDTH_MM - 90], grid=True)
    for cell, text in zip(signals.rows[0].cells, heads, strict=True):
        doc.fill(cell, [(text, {"size": SMALL_PT, "bold": True, "align": CENTER})])
    for i, (row, item) in enumerate(zip(signals.rows[1:], data["signals"], strict=True), start=1):
        values = [str(i), item["time"], item["channel"], item["area"], item["excerpt"]]
        for j, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            doc.fill(cell, [(text, {"size": SMALL_PT, "align": CENTER if j == 0 else None})])
    if data["more_signals"]:
        doc.body(f"(Và {data['more_signals']} ý kiến khác, xem trên hệ thống.)", indent=False)


def _blank_sections(doc):
    for heading in ("III- ĐÁNH GIÁ, NHẬN ĐỊNH", "IV- ĐỀ XUẤT, KIẾN NGHỊ"):
        doc.body(heading, bold=True, indent=False).paragraph_format.space_before = Pt(6)
        for _ in range(BLANK_LINES):
            line = doc.para()
            line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            line.paragraph_format.space_after = Pt(6)
            line.add_run("\t")


def _closing(doc, data):
    """Nơi nhận on the left, the signer on the right."""
    doc.para()
    closing = doc.table(1, [78, TEXT_WIDTH_MM - 78])
    recipients = data["recipients"]
    entries = [f"- {item}{'.' if i == len(recipients) - 1 else ','}" for i, item in enumerate(recipients)]
    doc.fill(closing.cell(0, 0), [("Nơi nhận:", {"underline": True})] + [(e, {"size": SMALL_PT}) for e in entries])
    signer = []
    if data["signer_authority"]:
        signer.append((data["signer_authority"], {"bold": True, "align": CENTER}))
    signer.append((data["signer_title"], {"bold": not data["signer_authority"], "align": CENTER}))
    signer += [("", {})] * 4
    signer.append((data["signer_name"], {"bold": True, "align": CENTER}))
    doc.fill(closing.cell(0, 1), signer)


def build_docx(data):
    """The DOCX file (bytes) of a quick report dict (quick_report_data)."""
    doc = _PartyDocument()
    _header(doc, data)
    doc.body(data["intro"])
    doc.body("I- TÌNH HÌNH DƯ LUẬN XÃ HỘI", bold=True, indent=False)
    doc.body(data["message"])
    for line in data["situation"]:
        doc.body(f"- {line}")
    _signals_section(doc, data)
    _blank_sections(doc)
    _closing(doc, data)
    doc.page_numbers()
    return doc.save()
