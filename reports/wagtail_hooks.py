"""Menu and URLs of the reports app in the back-office (Wagtail reads this module)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access
from reports import admin, dashboard_admin, report_admin, targets_admin


@hooks.register("register_admin_urls")
def register_report_urls():
    routes = [
        path("tong-quan/", dashboard_admin.overview, name="dashboard"),
        path("tong-quan/ban-do.geojson", dashboard_admin.commune_shapes, name="commune_shapes"),
        path("tong-quan/bao-cao/", report_admin.report_list, name="periodic_list"),
        path("tong-quan/bao-cao/<int:pk>/", report_admin.report_detail, name="periodic_detail"),
        path("tong-quan/bao-cao/<int:pk>/<str:action>/", report_admin.report_action, name="periodic_action"),
        path("tong-quan/bao-cao/<int:pk>/tep.<str:file_format>", report_admin.report_file, name="periodic_file"),
        path("tong-quan/muc-tieu/", targets_admin.targets_page, name="target_list"),
        path("dlxh/bao-cao-dung-han/", admin.ontime_report, name="ontime_report"),
        path("dlxh/canh-bao/<int:pk>/bao-cao-nhanh/", admin.quick_report, name="quick_report"),
        path("dlxh/canh-bao/<int:pk>/bao-cao-nhanh.docx", admin.quick_report_docx, name="quick_report_docx"),
    ]
    return [path("", include((routes, "reports")))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user) or access.user_unit(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem("Tổng quan", reverse("reports:dashboard"), icon_name="view", order=50)


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_periodic_menu_item():
    return OfficeMenuItem("Báo cáo định kỳ, đột xuất", reverse("reports:periodic_list"), icon_name="doc-full", order=51)


@hooks.register("register_admin_menu_item")
def register_targets_menu_item():
    return OfficeMenuItem("Mục tiêu của Kế hoạch", reverse("reports:target_list"), icon_name="tick-inverse", order=52)


@hooks.register("register_admin_viewset")
def register_briefings():
    return targets_admin.PlanBriefingViewSet("plan_briefings", url_prefix="tong-quan/quan-triet")


@hooks.register("construct_homepage_panels")
def add_overview_panel(request, panels):
    """The first thing the office, a leader or a unit's handler sees: the headline figures."""
    if access.sees_everything(request.user) or access.user_unit(request.user):
        panels.insert(0, dashboard_admin.OverviewPanel(request))
