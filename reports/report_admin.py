"""Back-office screens of the periodic and ad-hoc reports: the list with "Lập báo cáo", one report
(edit the narrative, send for review, issue with number and date) and its DOCX, PDF and XLSX.

Who: the opinion office drafts, edits and issues; leaders read and download. An issued report is
served from its archived DOCX and never changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from opinions import access
from opinions.models import Area, Field
from reports.models import PeriodicReport
from reports.periodic import KINDS, PeriodError
from reports.periodic_docx import PdfUnavailable, build_report_docx, build_report_xlsx, docx_to_pdf
from reports.quick_report import CONTENT_TYPE
from reports.services import draft_report, issue, send_for_review, update_text

TYPES = {
    "docx": CONTENT_TYPE,
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_list(request):
    """Báo cáo định kỳ, đột xuất: every report, newest first; the office drafts a new one."""
    access.require_office_or_leader(request.user)
    if request.method == "POST":
        access.require_office(request.user)
        kind, period = request.POST.get("kind", ""), request.POST.get("period", "")
        field = Field.objects.filter(pk=request.POST.get("field") or None).first()
        area = Area.objects.filter(pk=request.POST.get("area") or None).first()
        try:
            report, _ = draft_report(kind, period, field=field, area=area, user=request.user)
        except PeriodError as error:
            messages.error(request, str(error))
        else:
            return redirect("reports:periodic_detail", report.pk)
    return render(
        request,
        "reports/periodic_list.html",
        {
            "page_title": "Báo cáo định kỳ, đột xuất",
            "header_icon": "doc-full",
            "reports": PeriodicReport.objects.all()[:200],
            "kinds": KINDS.items(),
            "fields": Field.objects.all(),
            "areas": Area.objects.communes().order_by("name"),
            "is_office": access.is_office(request.user),
        },
    )


def report_detail(request, pk):
    """One report: its content; the office edits the narrative while it is not issued."""
    access.require_office_or_leader(request.user)
    access.require_office_to_post(request)
    report = get_object_or_404(PeriodicReport, pk=pk)
    editable = access.is_office(request.user) and report.status != PeriodicReport.Status.ISSUED
    if request.method == "POST" and editable:
        update_text(report, request.POST)
        messages.success(request, "Đã lưu nội dung báo cáo.")
        return redirect("reports:periodic_detail", report.pk)
    content = report.content
    return render(
        request,
        "reports/periodic_detail.html",
        {
            "page_title": report.title,
            "header_icon": "doc-full",
            "report": report,
            "content": content,
            "watch_text": "\n".join(content.get("watch", [])),
            "proposals_text": "\n".join(content.get("proposals", [])),
            "editable": editable,
        },
    )


@require_POST
def report_action(request, pk, action):
    """Gửi Ban duyệt (draft → review) and Ban hành (review → issued, number and date)."""
    access.require_office(request.user)
    report = get_object_or_404(PeriodicReport, pk=pk)
    try:
        if action == "gui-duyet":
            send_for_review(report)
            messages.success(request, "Đã gửi Ban duyệt.")
        elif action == "ban-hanh":
            issue(report, request.POST.get("number", ""))
            messages.success(request, f"Đã ban hành báo cáo số {report.number}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:periodic_detail", report.pk)


@require_safe
def report_file(request, pk, file_format):
    """The report as DOCX (the archived file once issued), PDF (LibreOffice) or XLSX."""
    access.require_office_or_leader(request.user)
    report = get_object_or_404(PeriodicReport, pk=pk)
    if file_format not in TYPES:
        return redirect("reports:periodic_detail", report.pk)
    if file_format == "xlsx":
        content = build_report_xlsx(report.content)
    else:
        content = bytes(report.issued_file) if report.issued_file else build_report_docx(report.content)
        if file_format == "pdf":
            try:
                content = docx_to_pdf(content)
            except PdfUnavailable as error:
                messages.error(request, str(error))
                return redirect("reports:periodic_detail", report.pk)
    response = HttpResponse(content, content_type=TYPES[file_format])
    name = f"bao-cao-{report.kind}-{report.starts_on:%Y%m%d}-{report.ends_on:%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
