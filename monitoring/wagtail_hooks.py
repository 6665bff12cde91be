"""Back-office menu "Theo dõi trên mạng" and its URLs (monitoring/admin.py)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from opinions import access

from . import admin


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    routes = [
        path("theo-doi/nguon/", admin.source_list, name="source_list"),
        path("theo-doi/nguon/them/", admin.source_add, name="source_add"),
        path("theo-doi/nguon/<int:pk>/thao-tac/", admin.source_action, name="source_action"),
        path("theo-doi/dong-su-kien/", admin.story_list, name="story_list"),
        path("theo-doi/dong-su-kien/<int:pk>/", admin.story_detail, name="story_detail"),
        path("theo-doi/dong-su-kien/<int:pk>/thao-tac/", admin.story_action, name="story_action"),
        path("theo-doi/tin-bai/", admin.item_search, name="item_search"),
    ]
    return [path("", include((routes, "monitoring")))]


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
            OfficeOrLeaderItem("Dòng sự kiện", reverse("monitoring:story_list"), icon_name="doc-full", order=1),
            OfficeOrLeaderItem("Tìm tin, bài", reverse("monitoring:item_search"), icon_name="search", order=2),
            OfficeOrLeaderItem("Nguồn theo dõi", reverse("monitoring:source_list"), icon_name="site", order=3),
        ]
    )
    return MonitoringMenu("Theo dõi trên mạng", menu, icon_name="view", order=141)
