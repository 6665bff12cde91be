"""Menu, URLs and record screens of the privacy app in the back-office (Wagtail reads this module).

Every screen is for the opinion office only (a data protection officer is a member of it): the
record screens use OfficeOnlyPolicy, the custom views call access.require_office.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from opinions import access
from privacy import admin
from privacy.models import Breach, ConsentRecord, PrivacyNotice, ProcessingActivity, RetentionRule


class OfficeOnlyPolicy(BasePermissionPolicy):
    """The office may do these actions on the model; nobody else anything."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and access.is_office(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return get_user_model().objects.none()
        office = Q(is_superuser=True) | Q(groups__name=access.OFFICE_GROUP)
        return get_user_model().objects.filter(office, is_active=True).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


# Notices and consent evidence are kept forever: nobody edits or deletes them.
POLICIES = {
    PrivacyNotice: ("add", "view"),
    ConsentRecord: ("view",),
    ProcessingActivity: ("add", "change", "view"),
    RetentionRule: ("change", "view"),
    Breach: ("add", "change", "view"),
}
for _model, _actions in POLICIES.items():
    register_permission_policy(_model, OfficeOnlyPolicy(_model, _actions))


class NoticeViewSet(ModelViewSet):
    model = PrivacyNotice
    icon = "doc-full"
    menu_label = "Thông báo xử lý dữ liệu"
    add_to_admin_menu = False
    list_display = ["version", "title", "effective_from", "published_at"]
    form_fields = ["version", "title", "body", "effective_from"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ConsentViewSet(ModelViewSet):
    model = ConsentRecord
    icon = "tick"
    menu_label = "Bằng chứng đồng ý"
    add_to_admin_menu = False
    list_display = ["subject_label", "channel", "notice", "given_at", "withdrawn_at"]
    list_filter = ["channel"]
    search_fields = ["subject_label"]
    form_fields = ["note"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ActivityViewSet(ModelViewSet):
    model = ProcessingActivity
    icon = "list-ul"
    menu_label = "Sổ đăng ký hoạt động xử lý"
    add_to_admin_menu = False
    list_display = ["name", "code", "legal_basis", "retention", BooleanColumn("is_active", label="Đang áp dụng")]
    form_fields = [
        "code", "name", "purpose", "data_categories", "sensitive", "subject_categories", "legal_basis",
        "legal_basis_note", "recipients", "retention", "safeguards", "transfers_abroad", "is_active",
    ]  # fmt: skip
    inspect_view_enabled = True
    copy_view_enabled = False


class RetentionViewSet(ModelViewSet):
    model = RetentionRule
    icon = "time"
    menu_label = "Quy tắc thời hạn lưu trữ"
    add_to_admin_menu = False
    list_display = ["kind", "days", BooleanColumn("is_active", label="Đang áp dụng"), "note"]
    form_fields = ["days", "is_active", "note"]
    copy_view_enabled = False


class BreachViewSet(ModelViewSet):
    model = Breach
    icon = "warning"
    menu_label = "Vi phạm dữ liệu cá nhân"
    add_to_admin_menu = False
    list_display = ["title", "discovered_at", "people_affected", "notified_at", "notice_link"]
    form_fields = [
        "title", "discovered_at", "description", "data_categories", "people_affected", "consequences",
        "measures", "notified_at", "notification_ref", "closed_at",
    ]  # fmt: skip
    inspect_view_enabled = True
    copy_view_enabled = False


VIEWSETS = [
    NoticeViewSet("privacy_notices", url_prefix="du-lieu-ca-nhan/thong-bao"),
    ConsentViewSet("privacy_consents", url_prefix="du-lieu-ca-nhan/dong-y"),
    ActivityViewSet("privacy_register", url_prefix="du-lieu-ca-nhan/so-dang-ky"),
    RetentionViewSet("privacy_retention_rules", url_prefix="du-lieu-ca-nhan/quy-tac-luu-tru"),
    BreachViewSet("privacy_breaches", url_prefix="du-lieu-ca-nhan/vi-pham"),
]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return VIEWSETS


@hooks.register("register_admin_urls")
def register_privacy_urls():
    routes = [
        path("du-lieu-ca-nhan/yeu-cau/", admin.request_queue, name="request_list"),
        path("du-lieu-ca-nhan/yeu-cau/<int:pk>/", admin.request_detail, name="request_detail"),
        path("du-lieu-ca-nhan/yeu-cau/<int:pk>/<slug:action>/", admin.request_action, name="request_action"),
        path(
            "du-lieu-ca-nhan/yeu-cau/<int:pk>/ban-sao.json",
            admin.request_copy,
            {"fmt": "json"},
            name="request_copy_json",
        ),
        path(
            "du-lieu-ca-nhan/yeu-cau/<int:pk>/ban-sao.docx",
            admin.request_copy,
            {"fmt": "docx"},
            name="request_copy_docx",
        ),
        path("du-lieu-ca-nhan/luu-tru/", admin.retention_screen, name="retention_rules"),
        path("du-lieu-ca-nhan/ho-so-danh-gia-tac-dong.docx", admin.dpia_download, name="dpia_download"),
        path("du-lieu-ca-nhan/vi-pham/<int:pk>/thong-bao/", admin.breach_notice, name="breach_notice"),
    ]
    return [path("", include((routes, "privacy_admin")))]  # fmt: skip


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_office(request.user)


MENU = [
    ("Yêu cầu của chủ thể dữ liệu", "privacy_admin:request_list", "lock"),
    ("Bằng chứng đồng ý", "privacy_consents:index", "tick"),
    ("Thông báo xử lý dữ liệu", "privacy_notices:index", "doc-full"),
    ("Sổ đăng ký hoạt động xử lý", "privacy_register:index", "list-ul"),
    ("Thời hạn lưu trữ", "privacy_admin:retention_rules", "time"),
    ("Vi phạm dữ liệu cá nhân", "privacy_breaches:index", "warning"),
]


@hooks.register("register_admin_menu_item")
def register_privacy_menu():
    items = [
        OfficeMenuItem(label, reverse(name), icon_name=icon, order=i * 10) for i, (label, name, icon) in enumerate(MENU)
    ]
    return SubmenuMenuItem("Dữ liệu cá nhân", Menu(items=items), icon_name="lock", order=170)
