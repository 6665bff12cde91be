"""Menu and URLs of the reports app in the back-office (Wagtail reads this module)."""

from django.urls import path
from wagtail import hooks

from reports import admin


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("dlxh/bao-cao-dung-han/", admin.ontime_report, name="cycle_report"),
        path("dlxh/canh-bao/<int:pk>/bao-cao-nhanh/", admin.quick_report, name="alerts_quick_report"),
        path("dlxh/canh-bao/<int:pk>/bao-cao-nhanh.docx", admin.quick_report_docx, name="alerts_quick_report_docx"),
    ]
