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

import re
import zoneinfo

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from cms.lib.official_docx import (  # noqa: F401 (re-exported: the other report builders import them here)
    BODY_PT,
    CENTER,
    FONT,
    JUSTIFY,
    RIGHT,
    SMALL_PT,
    TEXT_WIDTH_MM,
    OfficialDocument,
    party_date,
)
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

BLANK_LINES = 5  # dotted lines the officer fills under "Đánh giá, nhận định" and "Đề xuất, kiến nghị"
_PartyDocument = OfficialDocument  # the name the other report builders import


def _header(doc, data):
    """Issuing body on the left, the Party's name and the date on the right; then the title."""
    doc.party_letterhead(data["superior_body"], data["issuing_body"], data["number"], data["place_date"])
    doc.title(data["title"], data["summary"])


def _signals_section(doc, data):
    doc.heading(2, f"CÁC Ý KIẾN, THÔNG TIN DƯ LUẬN ({len(data['signals']) + data['more_signals']})")
    if not data["signals"]:
        doc.body("Không còn ý kiến nào (các ý kiến đã bị loại).")
        return
    heads = ["TT", "Thời điểm", "Kênh tiếp nhận", "Địa bàn", "Nội dung (trích)"]
    rows = [
        [str(i), item["time"], item["channel"], item["area"], item["excerpt"]]
        for i, item in enumerate(data["signals"], start=1)
    ]
    doc.grid(heads, rows, [10, 24, 26, 30, TEXT_WIDTH_MM - 90], centre_first=True)
    if data["more_signals"]:
        doc.body(f"(Và {data['more_signals']} ý kiến khác, xem trên hệ thống.)", indent=False)


def _blank_sections(doc):
    for number, heading in ((3, "ĐÁNH GIÁ, NHẬN ĐỊNH"), (4, "ĐỀ XUẤT, KIẾN NGHỊ")):
        doc.heading(number, heading, before=6)
        for _ in range(BLANK_LINES):
            line = doc.para()
            line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            line.paragraph_format.space_after = Pt(6)
            line.add_run("\t")


def _closing(doc, data):
    """Nơi nhận on the left, the signer on the right."""
    doc.recipients_and_signer(data["recipients"], data["signer_authority"], data["signer_title"], data["signer_name"])


def build_docx(data):
    """The DOCX file (bytes) of a quick report dict (quick_report_data)."""
    doc = OfficialDocument()
    _header(doc, data)
    doc.body(data["intro"])
    doc.heading(1, "TÌNH HÌNH DƯ LUẬN XÃ HỘI")
    doc.body(data["message"])
    for line in data["situation"]:
        doc.body(f"- {line}")
    _signals_section(doc, data)
    _blank_sections(doc)
    _closing(doc, data)
    doc.page_numbers()
    return doc.save()
