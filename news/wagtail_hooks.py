"""Back-office hooks of official content: start a rebuttal from a case."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .services import can_start_rebuttal


@hooks.register("register_admin_urls")
def register_rebuttal_urls():
    routes = [
        path("tin-tuc/phan-bac-tu-vu-viec/", admin_views.case_list, name="case_list"),
        path(
            "tin-tuc/phan-bac-tu-vu-viec/<int:case_id>/",
            admin_views.rebuttal_from_case,
            name="rebuttal_from_case",
        ),
    ]
    return [path("", include((routes, "news_admin")))]


class RebuttalMenuItem(MenuItem):
    def is_shown(self, request):
        return can_start_rebuttal(request.user)


@hooks.register("register_admin_menu_item")
def register_rebuttal_menu_item():
    return RebuttalMenuItem("Phản bác từ vụ việc", reverse("news_admin:case_list"), icon_name="warning", order=140)
