"""Back-office: the "Tìm kiếm hồ sơ" screen and its menu item (found by Wagtail automatically)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_search_urls():
    routes = [path("tim-kiem-ho-so/", views.record_search, name="record_search")]
    return [path("", include((routes, "search_admin")))]


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    return MenuItem("Tìm kiếm hồ sơ", reverse("search_admin:record_search"), icon_name="search", order=140)
