"""Back-office screens of the early warnings (menu "Cảnh báo sớm"): list, detail, actions, report.

Who: the opinion office (everything, the two actions) and leaders (read only). Unit handlers and
others see nothing: an alert counts signals across a whole field or commune, beyond the cases of
one unit. No citizen's contact details are shown here; each signal links to the screens where the
existing rules apply (triage for the office, the case file).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access
from opinions.alerts.services import AlertError, acknowledge_alert, make_quick_report
from opinions.models import Alert, Field

PAGE_SIZE = 100


def alert_list(request):
    """Cảnh báo sớm: newest first, filter by level, field and status."""
    access.require_office_or_leader(request.user)
    alerts = Alert.objects.select_related("field", "area", "case", "report_case")
    level, status = request.GET.get("muc", ""), request.GET.get("trang_thai", "")
    field = request.GET.get("linh_vuc", "")
    if level in Alert.Level.values:
        alerts = alerts.filter(level=level)
    if status in Alert.Status.values:
        alerts = alerts.filter(status=status)
    if field.isdigit():
        alerts = alerts.filter(field_id=int(field))
    return render(
        request,
        "opinions/admin/alert_list.html",
        {
            "page_title": "Cảnh báo sớm",
            "header_icon": "warning",
            "alerts": alerts[:PAGE_SIZE],
            "total": alerts.count(),
            "levels": Alert.Level.choices,
            "statuses": Alert.Status.choices,
            "fields": Field.objects.all(),
            "level": level,
            "status": status,
            "field": field,
        },
    )


def _chart(series):
    """Bars of the recent counts and the expected level, as plain numbers for an inline SVG."""
    if not series:
        return None
    top = max([p["count"] for p in series] + [p["expected"] or 0 for p in series] + [1])
    width, height, step = 560, 120, 560 / len(series)
    bars, line = [], []
    for i, point in enumerate(series):
        h = point["count"] / top * height
        # strings: the template would localise floats as "12,5", which SVG does not read
        bars.append({"x": f"{i * step + 1:.1f}", "y": f"{height - h:.1f}", "w": f"{step - 2:.1f}", "h": f"{h:.1f}"})
        if point["expected"] is not None:
            line.append(f"{i * step + step / 2:.1f},{height - point['expected'] / top * height:.1f}")
    return {"width": width, "height": height, "bars": bars, "line": " ".join(line), "top": top}


def alert_detail(request, pk):
    access.require_office_or_leader(request.user)
    alert = get_object_or_404(Alert.objects.select_related("field", "area", "case", "report_case"), pk=pk)
    if request.method == "POST":
        return alert_action(request, alert)
    signals = alert.signals.select_related("field", "area", "case").order_by("-received_at")
    series = [
        {**p, "label": timezone.localtime(datetime.datetime.fromisoformat(p["end"])).strftime("%d/%m")}
        for p in alert.series
    ]
    return render(
        request,
        "opinions/admin/alert_detail.html",
        {
            "page_title": "Cảnh báo sớm",
            "header_icon": "warning",
            "alert": alert,
            "signals": signals,
            "series": series,
            "chart": _chart(series),
            "is_office": access.is_office(request.user),
        },
    )


def alert_action(request, alert):
    action = request.POST.get("action")
    try:
        if action == "acknowledge":
            acknowledge_alert(request.user, alert, request.POST.get("note", ""))
            messages.success(request, "Đã ghi nhận cảnh báo.")
        elif action == "report":
            case, created = make_quick_report(request.user, alert)
            if created:
                messages.success(request, f"Đã lập báo cáo nhanh, vụ việc {case.code} (khẩn cấp).")
            else:
                messages.info(request, f"Cảnh báo này đã được chuyển thành báo cáo nhanh {case.code}.")
        else:
            raise Http404
    except AlertError as error:
        messages.error(request, str(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or "Anh, chị không có quyền thực hiện thao tác này.")
    return redirect("alerts:alert_detail", alert.pk)


@hooks.register("register_admin_urls")
def register_alert_urls():
    routes = [
        path("dlxh/canh-bao/", alert_list, name="alert_list"),
        path("dlxh/canh-bao/<int:pk>/", alert_detail, name="alert_detail"),
    ]
    return [path("", include((routes, "alerts")))]


class AlertMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_alert_menu():
    return AlertMenuItem("Cảnh báo sớm", reverse("alerts:alert_list"), icon_name="warning", order=139)


@hooks.register("insert_global_admin_css")
def alert_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/alerts-admin.css"))
