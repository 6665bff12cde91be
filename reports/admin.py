"""Back-office screens of the reports app: the on-time report (Tỷ lệ trả lời đúng hạn) and the
quick report of an early warning (print view and DOCX).

Who: the opinion office and leaders. No citizen's contact details appear on any of them.
"""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from opinions import access
from opinions.models import Alert
from reports.exports import ontime_workbook
from reports.forms import PeriodForm
from reports.ontime import measure
from reports.quick_report import CONTENT_TYPE, build_docx, file_name, local, quick_report_data, report_signals

# On-time report ---------------------------------------------------------------------------------------------


def default_period():
    today = timezone.localdate()
    return today.replace(day=1) if today.day > 1 else (today - datetime.timedelta(days=1)).replace(day=1), today


def ontime_report(request):
    """Tỷ lệ đúng hạn: per unit and overall for a period, pressing issues apart; XLSX export."""
    access.require_office_or_leader(request.user)
    start, end = default_period()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    overall, ranking, overdue = measure(start, end)
    pressing, pressing_ranking, _ = measure(start, end, pressing_only=True)
    if request.GET.get("xuat") == "xlsx" and not form.errors:
        response = ontime_workbook(start, end, overall, ranking, overdue, pressing, pressing_ranking)
        return response
    return render(
        request,
        "opinions/admin/ontime_report.html",
        {
            "page_title": "Tỷ lệ trả lời đúng hạn",
            "header_icon": "table",
            "form": form,
            "start": start,
            "end": end,
            "overall": overall,
            "ranking": ranking,
            "overdue": overdue,
            "pressing": pressing,
            "pressing_ranking": pressing_ranking,
            "today": timezone.localdate(),
        },
    )


# Quick report of an alert ---------------------------------------------------------------------------


def _reported_alert(request, pk):
    access.require_office_or_leader(request.user)
    alert = get_object_or_404(Alert.objects.select_related("field", "area", "case", "report_case"), pk=pk)
    if alert.report_case is None:
        raise Http404("Cảnh báo này chưa được chuyển thành báo cáo nhanh.")
    return alert


@require_safe
def quick_report(request, pk):
    """Báo cáo nhanh: a one-page print view (browser → PDF); the DOCX is quick_report_docx."""
    alert = _reported_alert(request, pk)
    signals = report_signals(alert)  # as in the DOCX: a citizen's name and contacts blotted out
    return render(
        request,
        "opinions/admin/alert_quick_report.html",
        {"alert": alert, "case": alert.report_case, "signals": signals, "now": timezone.localtime()},
    )


@require_safe
def quick_report_docx(request, pk):
    """Tải DOCX: the quick report in the Party's document format (reports/quick_report.py), for
    the same readers as the print view. It holds no citizen's personal data, so, like the print
    view, it is not written to the personal-data access log."""
    alert = _reported_alert(request, pk)
    today = local(timezone.now()).date()
    response = HttpResponse(build_docx(quick_report_data(alert, today)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(alert, today)}"'
    return response
