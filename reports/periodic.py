"""Báo cáo định kỳ và đột xuất: "Báo cáo tình hình Nhân dân và dư luận xã hội …" from live data.

`parse_period(kind, text)` reads the period people type (11/2026, 4/2026 for a quarter, …) and
`report_data(kind, start, end, …)` gathers the report as a plain dict whose texts are Vietnamese and
hold no citizen's personal data: counts, fields, communes, case titles. The skeleton follows practice
(research vn-norms.md): I. notable opinion by field, II. matters to watch and the forecast,
III. proposals. Narrative parts are pre-filled with the facts; the office edits them before issue.
"""

import calendar
import datetime

from django.db.models import Count

from opinions.models import Alert, Case, Channel, Signal, Urgency
from reports.letterhead import letterhead
from reports.quick_report import party_date

KINDS = {
    "week": "tuần",
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "year": "năm",
    "adhoc": "đột xuất",
}
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The fixed ordinal scale of quantity (vn-norms.md): share of the opinions → the words to use.
QUANTITY_WORDS = [
    (0.9, "tuyệt đại đa số"),
    (0.7, "đa số"),
    (0.5, "số đông"),
    (0.3, "nhiều ý kiến"),
    (0.15, "một bộ phận"),
    (0.05, "một số người"),
    (0.0, "có người"),
]


class PeriodError(ValueError):
    """A kind or a period that cannot be read; the message is Vietnamese."""


def quantity_word(part, whole):
    """The ordinal quantity word for part of whole (suggested; the office may reword)."""
    share = part / whole if whole else 0
    return next(word for threshold, word in QUANTITY_WORDS if share >= threshold)


def _date(text):
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as error:
        raise PeriodError(f"Ngày không hợp lệ: “{text}” (dd/mm/yyyy).") from error


def _number_and_year(text, low, high, what):
    try:
        number, year = (int(part) for part in text.strip().upper().lstrip("QH").split("/"))
    except ValueError as error:
        raise PeriodError(f"Kỳ không hợp lệ: “{text}” (dạng {what}/năm, ví dụ {high}/2026).") from error
    if not low <= number <= high or not 2000 <= year <= 2100:
        raise PeriodError(f"Kỳ không hợp lệ: “{text}” ({what} từ {low} đến {high}).")
    return number, year


def parse_period(kind, text):
    """(start, end, label) for a kind and a period: week "47/2026" (ISO week) or a day in it,
    month "11/2026", quarter "4/2026", half "2/2026", year "2026", adhoc "01/11/2026-15/11/2026"."""
    if kind not in KINDS:
        raise PeriodError(f"Loại báo cáo không hợp lệ: “{kind}” (week, month, quarter, half, year, adhoc).")
    text = (text or "").strip()
    if kind == "week":
        if text.count("/") == 2:
            day = _date(text)
            start = day - datetime.timedelta(days=day.weekday())
        else:
            week, year = _number_and_year(text, 1, 53, "tuần")
            try:
                start = datetime.date.fromisocalendar(year, week, 1)
            except ValueError as error:
                raise PeriodError(f"Năm {year} không có tuần {week}.") from error
        end = start + datetime.timedelta(days=6)
        return start, end, f"tuần từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    if kind == "month":
        month, year = _number_and_year(text, 1, 12, "tháng")
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, 1), end, f"tháng {month} năm {year}"
    if kind in ("quarter", "half"):
        count = 4 if kind == "quarter" else 2
        number, year = _number_and_year(text, 1, count, "quý" if kind == "quarter" else "nửa năm")
        months = 12 // count
        first = (number - 1) * months + 1
        last = first + months - 1
        end = datetime.date(year, last, calendar.monthrange(year, last)[1])
        if kind == "quarter":
            return datetime.date(year, first, 1), end, f"quý {ROMAN_QUARTERS[number]} năm {year}"
        label = f"6 tháng đầu năm {year}" if number == 1 else f"6 tháng cuối năm {year}"
        return datetime.date(year, first, 1), end, label
    if kind == "year":
        try:
            year = int(text)
        except ValueError as error:
            raise PeriodError(f"Năm không hợp lệ: “{text}”.") from error
        if not 2000 <= year <= 2100:
            raise PeriodError(f"Năm không hợp lệ: “{text}”.")
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"năm {year}"
    parts = text.split("-")
    if len(parts) != 2:
        raise PeriodError("Kỳ đột xuất: “từ ngày-đến ngày”, ví dụ 01/11/2026-15/11/2026.")
    start, end = _date(parts[0]), _date(parts[1])
    if start > end:
        raise PeriodError("Ngày bắt đầu phải trước ngày kết thúc.")
    return start, end, f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def previous_month(today):
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{last.month}/{last.year}"


def _signals(start, end, field=None, area=None, case=None):
    from django.utils import timezone  # only here: keeps the parsing above usable without settings

    lo = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    hi = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    qs = Signal.objects.filter(received_at__gte=lo, received_at__lt=hi).exclude(status=Signal.Status.REJECTED)
    if field:
        qs = qs.filter(field=field)
    if area:
        qs = qs.filter(area=area)
    if case:
        qs = qs.filter(case=case)
    return qs, lo, hi


def _field_sections(qs, total):
    sections = []
    by_field = qs.values("field", "field__name", "field__is_sensitive").annotate(n=Count("id")).order_by("-n")
    for item in by_field:
        name = item["field__name"] or "Chưa phân loại lĩnh vực"
        word = quantity_word(item["n"], total)
        top = (
            qs.filter(field=item["field"], case__isnull=False)
            .values("case__title", "area__name")
            .annotate(k=Count("id"))
            .order_by("-k")[:3]
        )
        cases = "; ".join(f"{t['case__title']} ({t['area__name'] or 'toàn tỉnh'}, {t['k']} ý kiến)" for t in top)
        text = f"Lĩnh vực {name.lower()}: {item['n']} ý kiến ({word} trong tổng số ý kiến trong kỳ)."
        if cases:
            text += f" Nổi lên: {cases}."
        sections.append({"field": name, "count": item["n"], "sensitive": item["field__is_sensitive"], "text": text})
    return sections


def report_data(kind, start, end, label, *, field=None, area=None, case=None, today=None, number=""):
    """The report as a dict (see the module's docstring)."""
    head = letterhead()
    qs, lo, hi = _signals(start, end, field, area, case)
    total = qs.count()
    channels = dict(Channel.choices)
    by_channel = [[channels.get(c, c), n] for c, n in qs.values_list("channel").annotate(n=Count("id")).order_by("-n")]
    sections = _field_sections(qs, total)
    watch = []
    pressing = Case.objects.filter(
        urgency__in=[Urgency.PRESSING, Urgency.URGENT], status__in=Case.OPEN_STATUSES, signals__in=qs
    ).distinct()
    for c in pressing.select_related("area").defer("area__boundary")[:10]:
        watch.append(f"Vụ việc {c.title} ({c.area or 'toàn tỉnh'}) – {c.get_urgency_display().lower()}, đang xử lý.")
    alerts = Alert.objects.filter(window_end__gte=lo, window_end__lt=hi).order_by("-observed")
    for alert in alerts[:5]:
        watch.append(f"Cảnh báo sớm: {alert.message.rstrip('.')}.")
    scope = []
    if field:
        scope.append(f"lĩnh vực {field.name.lower()}")
    if area:
        scope.append(f"địa bàn {area.name}")
    if case:
        scope.append(f"vụ việc {case.title}")
    subject = f"tình hình Nhân dân và dư luận xã hội {label}" + (f" ({', '.join(scope)})" if scope else "")
    return {
        **head,
        "number": number or f"Số       {head['number_suffix']}",
        "place_date": party_date(head["place"], today or end),
        "title": "BÁO CÁO",
        "summary": subject[0].upper() + subject[1:],
        "kind": kind,
        "label": label,
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
        "total": total,
        "intro": f"{head['issuing_body_name']} báo cáo {subject} từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y} "
        f"(số liệu trên hệ thống Lắng Nghe) như sau:",
        "overview": f"Trong kỳ, hệ thống tiếp nhận {total} ý kiến, thông tin dư luận"
        + (f", nhiều nhất qua kênh {by_channel[0][0].lower()} ({by_channel[0][1]} ý kiến)." if by_channel else "."),
        "by_channel": by_channel,
        "fields": sections,
        "watch": watch or ["Trong kỳ không có vụ việc nổi cộm, bức xúc còn đang xử lý và không có cảnh báo sớm."],
        "forecast": "Dự báo thời gian tới: (Ban bổ sung nhận định; biểu đồ dự báo xem trên trang Tổng quan).",
        "proposals": [
            "Đề nghị các cơ quan, đơn vị tiếp tục xử lý, trả lời đúng hạn các phản ánh, kiến nghị của Nhân dân.",
            "Đề nghị tăng cường thông tin, định hướng dư luận về các vấn đề nổi cộm nêu tại mục II.",
        ],
    }
