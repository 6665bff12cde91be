"""The back-office guide (Hướng dẫn sử dụng) in place of Wagtail's English help links."""

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

# Wagtail's own help items open English pages on guide.wagtail.org (and a "What's new" badge).
WAGTAIL_HELP_ITEMS = {"editor-guide"}


def guide(request):
    """/admin/huong-dan/: what each role does here, in the order of the cycle."""
    groups = set(request.user.groups.values_list("name", flat=True))
    context = {"groups": groups, "page_title": "Hướng dẫn sử dụng", "header_icon": "help"}
    return render(request, "home/guide.html", context)


@hooks.register("register_admin_urls")
def register_guide_urls():
    routes = [path("huong-dan/", guide, name="guide")]
    return [path("", include((routes, "home")))]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem("Hướng dẫn sử dụng", reverse("home:guide"), icon_name="help", order=900, name="guide")


@hooks.register("construct_help_menu")
def hide_english_help(request, menu_items):
    menu_items[:] = [
        item for item in menu_items if item.name not in WAGTAIL_HELP_ITEMS and not item.name.startswith("whats-new")
    ]


@hooks.register("insert_global_admin_js")
def confirm_irreversible_actions():
    """Cancelling a page's review workflow (*Hủy quy trình duyệt*) asks for confirmation first."""
    return format_html('<script src="{}"></script>', static("js/admin-confirm.js"))
