"""Units' periodic opinion reports: submit (web form or the period's XLSX template), compliance,
reminders and the consolidated view. Each item of a report becomes a signal (channel: unit report).
"""

import datetime
import io

import openpyxl
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.utils import timezone
from openpyxl.worksheet.datavalidation import DataValidation

from cms.lib.cells import safe_row
from cms.lib.text import as_text
from opinions.models import (
    Area,
    Channel,
    Field,
    ReportingPeriod,
    ReportReminder,
    SignalKind,
    StaffProfile,
    UnitReport,
    UnitReportItem,
    Urgency,
)
from opinions.network.columns import ChoiceWidget, Missing
from opinions.network.imports import BadFile, problem, read_table
from opinions.services import create_signal

REMIND_BEFORE = datetime.timedelta(days=2)
URGENCY_RANK = {Urgency.URGENT: 0, Urgency.PRESSING: 1, Urgency.NORMAL: 2}
MOOD_RANK = {"discontent": 0, "concerned": 1, "stable": 2, "supportive": 3}

# The columns of the period's template, in order: (header, item attribute, required).
REPORT_COLUMNS = [
    ("Lĩnh vực", "field", True),
    ("Địa bàn (xã, phường)", "area", False),
    ("Dư luận, ý kiến của Nhân dân", "content", True),
    ("Tâm trạng, khuynh hướng", "mood", False),
    ("Mức độ lan tỏa", "scale", False),
    ("Mức độ", "urgency", False),
    ("Đề xuất, kiến nghị", "proposals", False),
]


class ReportRefused(Exception):
    """The unit may not report for this period (not required, or the period is closed)."""


def check_may_report(period, unit):
    if unit is None or not period.units.filter(pk=unit.pk).exists():
        raise ReportRefused("Đơn vị của bạn không thuộc danh sách phải báo cáo kỳ này.")
    if not period.is_open:
        raise ReportRefused("Kỳ báo cáo đã khóa sổ, không nhận thêm báo cáo.")


@transaction.atomic
def submit_unit_report(actor, period, unit, items, summary="", source=UnitReport.Source.WEB):
    """Nộp báo cáo: save the report and its items, one signal per item, once per unit and period.

    items: dicts with field, area, content, mood, scale, urgency, proposals. Returns (report, created).
    """
    check_may_report(period, unit)
    existing = UnitReport.objects.filter(period=period, unit=unit).first()
    if existing:
        return existing, False
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        summary=as_text(summary),
        source=source,
        submitted_by=actor,
    )
    for position, values in enumerate(items, 1):
        item = UnitReportItem.objects.create(report=report, position=position, **values)
        text = item.content
        if item.proposals:
            text += f"\n\nĐề xuất, kiến nghị: {item.proposals}"
        signal, _ = create_signal(
            channel=Channel.UNIT_REPORT,
            kind=SignalKind.OPINION,
            text=text,
            actor=actor,
            submission_key=f"unit-report-{report.pk}-{position}",
            title=f"{unit}: {item.field} ({period})"[:255],
            field=item.field,
            area=item.area,
            urgency=item.urgency,
            received_at=report.submitted_at,
        )
        item.signal = signal
        item.save(update_fields=["signal"])
    return report, True


def parse_report_file(file_name, content):
    """(items, problems) from a filled-in template; problems carry row, column and message."""
    if not file_name.lower().endswith(".xlsx"):
        raise BadFile("Báo cáo phải là tệp mẫu Excel (.xlsx) của kỳ báo cáo; hãy tải tệp mẫu về và điền.")
    headers, rows, lines = read_table(file_name, content)
    index = {h.casefold(): i for i, h in enumerate(headers)}
    problems = []
    for header, _, required in REPORT_COLUMNS:
        if required and header.casefold() not in index:
            problems.append(problem(1, header, "Thiếu cột bắt buộc trong dòng tiêu đề (hãy dùng tệp mẫu của kỳ)."))
    if problems:
        return [], problems
    fields = {f.name.casefold(): f for f in Field.objects.all()}
    fields.update({f.code: f for f in fields.values()})
    areas = {a.code: a for a in Area.objects.communes()}
    areas.update({a.name.casefold(): a for a in list(areas.values())})
    choice = {
        "mood": ChoiceWidget(UnitReportItem.Mood.choices, default=UnitReportItem.Mood.STABLE),
        "scale": ChoiceWidget(UnitReportItem.Scale.choices, default=UnitReportItem.Scale.SOME),
        "urgency": ChoiceWidget(Urgency.choices, default=Urgency.NORMAL),
    }
    items = []
    for values, line in zip(rows, lines, strict=True):
        item = {}
        for header, name, required in REPORT_COLUMNS:
            raw = values[index[header.casefold()]] if header.casefold() in index else None
            text = as_text(raw)
            try:
                if name == "field":
                    if not text:
                        raise Missing("Thiếu giá trị bắt buộc.")
                    item[name] = fields.get(text.casefold()) or fields.get(text)
                    if item[name] is None:
                        raise ValueError(f"Không có lĩnh vực «{text}» trong danh mục Lĩnh vực.")
                elif name == "area":
                    key = text.split(" - ")[0].strip() if text else ""
                    item[name] = (areas.get(key) or areas.get(text.casefold())) if text else None
                    if text and item[name] is None:
                        raise ValueError(f"Không có xã, phường, đặc khu «{text}» trong danh mục Địa bàn.")
                elif name in choice:
                    item[name] = choice[name].clean(text)
                else:
                    if required and not text:
                        raise Missing("Thiếu giá trị bắt buộc.")
                    item[name] = text
            except ValueError as error:
                problems.append(problem(line, header, error))
        items.append(item)
    return items, problems


def report_template(period):
    """The period's XLSX template: one sheet to fill, drop-down lists from the catalogues."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([header for header, _, _ in REPORT_COLUMNS])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 40 if "ý kiến" in cell.value else 24
    lists = book.create_sheet("Danh mục")
    columns = {
        "A": [f.name for f in Field.objects.all()],
        "B": [f"{a.code} - {a.name}" for a in Area.objects.communes().order_by("name")],
        "C": [str(label) for _, label in UnitReportItem.Mood.choices],
        "D": [str(label) for _, label in UnitReportItem.Scale.choices],
        "E": [str(label) for _, label in Urgency.choices],
    }
    for letter, values in columns.items():
        for row, value in enumerate(values, 1):
            lists[f"{letter}{row}"] = value
    for target, letter in zip("ABDEF", "ABCDE", strict=True):
        rule = DataValidation(
            type="list", formula1=f"='Danh mục'!${letter}$1:${letter}${len(columns[letter])}", allow_blank=True
        )
        sheet.add_data_validation(rule)
        rule.add(f"{target}2:{target}500")
    info = book.create_sheet("Kỳ báo cáo")
    info.append(["Kỳ báo cáo", period.title])
    info.append(["Từ ngày", f"{period.starts_on:%d/%m/%Y}"])
    info.append(["Đến ngày", f"{period.ends_on:%d/%m/%Y}"])
    info.append(["Hạn nộp", timezone.localtime(period.deadline).strftime("%H:%M %d/%m/%Y")])
    info.append(["Hướng dẫn", period.instructions or "Mỗi dòng một luồng dư luận; cột có dấu * là bắt buộc."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Compliance, reminders, consolidation ---------------------------------------------------------


def compliance(period, now=None):
    """Rows (unit, report, state) and the figures: required, reported, on time, late, missing."""
    now = now or timezone.now()
    reports = {r.unit_id: r for r in period.reports.all()}
    rows, figures = [], {"required": 0, "reported": 0, "on_time": 0, "late": 0, "missing": 0, "overdue": 0}
    for unit in period.units.order_by("kind", "name"):
        report = reports.get(unit.pk)
        figures["required"] += 1
        if report is None:
            state = "overdue" if now > period.deadline else "missing"
            figures["missing"] += 1
            figures["overdue"] += int(state == "overdue")
        else:
            state = "on_time" if report.submitted_at <= period.deadline else "late"
            figures["reported"] += 1
            figures[state] += 1
        rows.append({"unit": unit, "report": report, "state": state})
    figures["on_time_percent"] = round(100 * figures["on_time"] / figures["required"]) if figures["required"] else 0
    # Before the deadline the on-time rate is not a result yet: the screen shows how many have reported.
    figures["deadline_passed"] = now > period.deadline
    return rows, figures


STATE_LABELS = {
    "on_time": "Đã nộp đúng hạn",
    "late": "Nộp muộn",
    "missing": "Chưa nộp",
    "overdue": "Quá hạn, chưa nộp",
}


def send_report_reminders(now=None):
    """Nhắc báo cáo: before the deadline (within REMIND_BEFORE) and once after it, to each unit
    that has not reported. Each (period, unit, kind) is reminded once. Returns the number sent."""
    now = now or timezone.now()
    sent = 0
    for period in ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).prefetch_related("units"):
        if now < period.deadline - REMIND_BEFORE:
            continue
        kind = ReportReminder.Kind.BEFORE if now <= period.deadline else ReportReminder.Kind.AFTER
        reported = set(period.reports.values_list("unit_id", flat=True))
        done = set(period.reminders.filter(kind=kind).values_list("unit_id", flat=True))
        for unit in period.units.all():
            if unit.pk in reported or unit.pk in done:
                continue
            recipients = sorted(
                {e for e in StaffProfile.objects.filter(unit=unit).values_list("user__email", flat=True) if e}
                | {e for e in unit.focal_points.filter(ended_on__isnull=True).values_list("email", flat=True) if e}
            )
            deadline = timezone.localtime(period.deadline).strftime("%H:%M ngày %d/%m/%Y")
            if kind == ReportReminder.Kind.BEFORE:
                subject = f"Nhắc nộp báo cáo DLXH: {period.title}"
                body = f"Đơn vị {unit.name} chưa nộp báo cáo {period.title}. Hạn nộp: {deadline}."
            else:
                subject = f"Quá hạn nộp báo cáo DLXH: {period.title}"
                body = f"Đơn vị {unit.name} chưa nộp báo cáo {period.title}, đã quá hạn {deadline}. Đề nghị nộp ngay."
            body += f"\n\nNộp tại: {settings.SITE_URL}/admin/dlxh/bao-cao/"
            with transaction.atomic():
                ReportReminder.objects.create(
                    period=period, unit=unit, kind=kind, sent_at=now, recipients=", ".join(recipients)
                )
                if recipients:
                    send_mail(subject, body, None, recipients, fail_silently=True)
            sent += 1
    return sent


def consolidated_items(period):
    """Items of the period, pressing first (urgency, then mood), grouped by field and area."""
    urgency_order = SqlCase(
        *[When(urgency=k, then=Value(v)) for k, v in URGENCY_RANK.items()], output_field=IntegerField()
    )
    mood_order = SqlCase(*[When(mood=k, then=Value(v)) for k, v in MOOD_RANK.items()], output_field=IntegerField())
    return (
        UnitReportItem.objects.filter(report__period=period)
        .select_related("field", "area", "report__unit", "signal")
        .annotate(urgency_rank=urgency_order, mood_rank=mood_order)
        .order_by("urgency_rank", "mood_rank", "field__sort_order", "field__name", "area__name", "pk")
    )


def consolidated_groups(period):
    """[(field, area, [items])] with the groups holding pressing items first."""
    groups = {}
    for item in consolidated_items(period):
        groups.setdefault((item.field, item.area), []).append(item)
    return [(field, area, items) for (field, area), items in groups.items()]


def consolidated_xlsx(period):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([f"TỔNG HỢP BÁO CÁO DLXH – {period.title.upper()}"])
    sheet["A1"].font = openpyxl.styles.Font(bold=True)
    sheet.append(
        [
            "Mức độ",
            "Lĩnh vực",
            "Địa bàn",
            "Đơn vị báo cáo",
            "Dư luận, ý kiến của Nhân dân",
            "Tâm trạng, khuynh hướng",
            "Mức độ lan tỏa",
            "Đề xuất, kiến nghị",
            "Mã thông tin dư luận",
        ]
    )
    for cell in sheet[2]:
        cell.font = openpyxl.styles.Font(bold=True)
    for item in consolidated_items(period):
        sheet.append(
            safe_row(
                [
                    item.get_urgency_display(),
                    str(item.field),
                    str(item.area or ""),
                    str(item.report.unit),
                    item.content,
                    item.get_mood_display(),
                    item.get_scale_display(),
                    item.proposals,
                    item.signal.tracking_code if item.signal else "",
                ]
            )
        )
    for letter, width in zip("ABCDEFGHI", (16, 24, 24, 28, 60, 20, 18, 40, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
