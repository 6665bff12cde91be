"""Back-office menu "Theo dõi trên mạng" and its URLs (monitoring/admin.py)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from opinions import access

from . import admin


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    return [
        path("theo-doi/nguon/", admin.source_list, name="monitoring_sources"),
        path("theo-doi/nguon/them/", admin.source_add, name="monitoring_source_add"),
        path("theo-doi/nguon/<int:pk>/thao-tac/", admin.source_action, name="monitoring_source_action"),
        path("theo-doi/dong-su-kien/", admin.story_list, name="monitoring_stories"),
        path("theo-doi/dong-su-kien/<int:pk>/", admin.story_detail, name="monitoring_story"),
        path("theo-doi/dong-su-kien/<int:pk>/thao-tac/", admin.story_action, name="monitoring_story_action"),
        path("theo-doi/tin-bai/", admin.item_search, name="monitoring_items"),
    ]


class OfficeOrLeaderItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


class MonitoringMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu():
    menu = Menu(
        items=[
            OfficeOrLeaderItem("Dòng sự kiện", reverse("monitoring_stories"), icon_name="doc-full", order=1),
            OfficeOrLeaderItem("Tìm tin, bài", reverse("monitoring_items"), icon_name="search", order=2),
            OfficeOrLeaderItem("Nguồn theo dõi", reverse("monitoring_sources"), icon_name="site", order=3),
        ]
    )
    return MonitoringMenu("Theo dõi trên mạng", menu, icon_name="view", order=141)
