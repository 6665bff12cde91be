"""Back-office screens of the dashboard (Tổng quan): the page, a panel's XLSX, the communes' map
shapes, and the homepage panel that opens it.

Who: the opinion office and leaders (everything), a unit's handler (their unit's cases and the signals
in them, through opinions.access); anyone else is refused. No citizen's personal data appears.
"""

import io
import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.admin.ui.components import Component

from opinions import access
from opinions.models import Area, Channel, Field, SignalKind, Unit
from reports import dashboard
from reports.filters import FILTER_NAMES, PERIODS, read_filters
from reports.forecast_panel import volume_forecast

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_shapes = None


def require_dashboard(user):
    """The office, leaders, and staff of a unit (scoped to it)."""
    if not (access.sees_everything(user) or access.user_unit(user)):
        raise PermissionDenied("Bạn không có quyền xem trang tổng quan.")


def _choices(user):
    return {
        "field": list(Field.objects.values_list("pk", "name")),
        "area": list(Area.objects.communes().order_by("name").values_list("pk", "name")),
        "unit": list(access.scope_units(user, Unit.objects.filter(is_active=True)).values_list("pk", "name")),
        "channel": list(Channel.choices),
        "kind": list(SignalKind.choices),
    }


def panel_workbook(panel, filters):
    book = Workbook()
    sheet = book.active
    sheet.title = panel.key[:30]
    sheet.append([f"{panel.title} – từ {filters.start:%d/%m/%Y} đến {filters.end:%d/%m/%Y}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(panel.columns)
    for c in sheet[2]:
        c.font = Font(bold=True)
    for row in panel.rows:
        sheet.append([dashboard.plain(v) for v in row])
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"tong-quan-{panel.key}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def overview(request):
    """Tổng quan: the period and filters from the URL, every panel with its table and downloads."""
    require_dashboard(request.user)
    filters = read_filters(request.GET)
    wanted = request.GET.get("panel")
    if request.GET.get("xuat") == "xlsx" and wanted in dashboard.PANELS:
        return panel_workbook(dashboard.PANELS[wanted](request.user, filters), filters)
    panels = {key: function(request.user, filters) for key, function in dashboard.PANELS.items()}
    forecast = volume_forecast(request.user, filters)
    for panel in panels.values():
        panel.cells = [
            [(dashboard.plain(v), v.get("url") if isinstance(v, dict) else None) for v in row] for row in panel.rows
        ]
    charts = {key: panel.chart for key, panel in panels.items()}
    charts["forecast"] = forecast
    total = sum(r[2] for r in panels["volume"].rows[:-1])
    return render(
        request,
        "reports/dashboard.html",
        {
            "page_title": "Tổng quan",
            "header_icon": "view",
            "filters": filters,
            "periods": PERIODS,
            "choices": _choices(request.user),
            "filter_names": FILTER_NAMES,
            "panels": panels,
            "panel_list": list(panels.values()),
            "charts_json": json.dumps(charts, ensure_ascii=False, default=str).replace("</", "<\\/"),
            "total": total,
            "forecast": forecast,
            "scoped_unit": None if access.sees_everything(request.user) else access.user_unit(request.user),
        },
    )


@require_safe
def commune_shapes(request):
    """The 124 communes' boundaries (the project's own GeoJSON, Area.boundary) for the map, with each
    commune's name; cached in the process and by the browser for a day."""
    require_dashboard(request.user)
    global _shapes
    if _shapes is None:
        features = [
            {"type": "Feature", "properties": {"name": name, "id": str(pk)}, "geometry": geometry}
            for pk, name, geometry in Area.objects.communes().values_list("pk", "name", "boundary")
            if geometry
        ]
        _shapes = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    response = HttpResponse(_shapes, content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=86400"
    return response


class OverviewPanel(Component):
    """Homepage panel: the dashboard's headline figures for the last 30 days and the link to it."""

    name = "reports_overview"
    order = 10
    template_name = "reports/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        filters = read_filters({})
        ontime = dashboard.ontime(user, filters)
        return {
            "signals": dashboard.signals(user, filters).count(),
            "on_time_rate": ontime.overall.on_time_rate,
            "overdue_count": ontime.overdue_count,
            "target": dashboard.ON_TIME_TARGET,
            "start": filters.start,
            "end": filters.end,
            "today": timezone.localdate(),
        }
