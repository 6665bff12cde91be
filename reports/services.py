"""State changes of the periodic reports (one transaction each): draft, send for review, issue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reports.models import PeriodicReport
from reports.periodic import parse_period, report_data
from reports.periodic_docx import build_report_docx


def draft_report(kind, period, *, field=None, area=None, case=None, user=None):
    """(report, created): the draft of a kind and period from live data; an existing draft or issued
    report of the same kind and period is returned as it is (the scheduler may run twice)."""
    start, end, label = parse_period(kind, period)
    existing = PeriodicReport.objects.filter(kind=kind, period=period).first() if kind != "adhoc" else None
    if existing:
        return existing, False
    data = report_data(kind, start, end, label, field=field, area=area, case=case)
    report = PeriodicReport.objects.create(
        kind=kind,
        period=period,
        starts_on=start,
        ends_on=end,
        title=f"Báo cáo {data['summary'][0].lower()}{data['summary'][1:]}",
        content=data,
        created_by=user,
    )
    return report, True


EDITABLE = ("intro", "overview", "forecast")


def update_text(report, values):
    """The office edits the narrative before issue: intro, overview, forecast, the fields' texts,
    the matters to watch and the proposals (one per line)."""
    content = dict(report.content)
    for name in EDITABLE:
        if name in values:
            content[name] = values[name].strip()
    for name in ("watch", "proposals"):
        if name in values:
            content[name] = [line.strip() for line in values[name].splitlines() if line.strip()]
    for i, section in enumerate(content.get("fields", [])):
        key = f"field_{i}"
        if key in values:
            section["text"] = values[key].strip()
    report.content = content
    report.save()


def send_for_review(report):
    if report.status != PeriodicReport.Status.DRAFT:
        raise ValidationError("Chỉ gửi duyệt được dự thảo.")
    report.status = PeriodicReport.Status.REVIEW
    report.save()


@transaction.atomic
def issue(report, number, issued_on=None):
    """Ban hành: number and date written into the document, the DOCX archived; never changed after."""
    if report.status != PeriodicReport.Status.REVIEW:
        raise ValidationError("Chỉ ban hành được báo cáo đã qua Ban duyệt.")
    number = (number or "").strip()
    if not number:
        raise ValidationError("Cần nhập số, ký hiệu của báo cáo.")
    if PeriodicReport.objects.filter(number=number).exclude(pk=report.pk).exists():
        raise ValidationError("Số, ký hiệu này đã dùng cho báo cáo khác.")
    from reports.quick_report import party_date  # only here: the date line of the issued document

    issued_on = issued_on or timezone.localdate()
    content = dict(report.content)
    content["number"] = f"Số {number}"
    content["place_date"] = party_date(content.get("place", "Lâm Đồng"), issued_on)
    report.content = content
    report.number, report.issued_on = number, issued_on
    report.issued_file = build_report_docx(content)
    report.status = PeriodicReport.Status.ISSUED
    report.save()
