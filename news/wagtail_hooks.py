"""Back-office hooks of official content: start a rebuttal from a case."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .services import can_start_rebuttal


@hooks.register("register_admin_urls")
def register_rebuttal_urls():
    return [
        path("tin-tuc/phan-bac-tu-vu-viec/", admin_views.case_list, name="news_case_list"),
        path(
            "tin-tuc/phan-bac-tu-vu-viec/<int:case_id>/",
            admin_views.rebuttal_from_case,
            name="news_rebuttal_from_case",
        ),
    ]


class RebuttalMenuItem(MenuItem):
    def is_shown(self, request):
        return can_start_rebuttal(request.user)


@hooks.register("register_admin_menu_item")
def register_rebuttal_menu_item():
    return RebuttalMenuItem("Phản bác từ vụ việc", reverse("news_case_list"), icon_name="warning", order=140)
