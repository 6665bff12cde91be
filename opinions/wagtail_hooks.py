"""Back-office screens (Wagtail admin) for the records of opinion work."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import access
from .backoffice import PERSONAL_FIELDS, ScopedModelViewSet, log_personal_data_access, scoped_views
from .backoffice_guards import (
    OfficeOnlyPolicy,
    ReadOnlyPolicy,
    RefusedDeleteView,
    RefusedEditView,
    scoped_object_screens,
)
from .cycle.response_views import ResponseCreateView, response_views
from .models import (
    Area,
    Case,
    Field,
    FormerArea,
    OutgoingEmail,
    PersonalDataAccess,
    Response,
    Signal,
    StaffProfile,
    Unit,
)
from .publication import publication_edit_view


class AreaViewSet(ModelViewSet):
    model = Area
    icon = "site"
    menu_label = "Địa bàn"
    list_display = ["name", "code", "kind", "area_km2"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "former_units_text"]
    form_fields = ["name", "kind", "parent", "area_km2", "former_units_text", "source"]
    inspect_view_enabled = True
    copy_view_enabled = False


class FormerAreaViewSet(ModelViewSet):
    model = FormerArea
    icon = "history"
    menu_label = "Đơn vị hành chính cũ"
    list_display = ["name", "code", "district", "province", "new_area", "merge_type"]
    list_filter = ["province", "merge_type"]
    search_fields = ["name", "name_in_resolution", "district", "code"]
    form_fields = ["code", "name", "name_in_resolution", "district", "province", "new_area", "merge_type"]
    inspect_view_enabled = True
    copy_view_enabled = False


class FieldViewSet(ModelViewSet):
    model = Field
    icon = "tag"
    menu_label = "Lĩnh vực"
    list_display = ["name", "code", BooleanColumn("is_sensitive", label="Nhạy cảm"), "sort_order"]
    list_filter = ["is_sensitive"]
    search_fields = ["name", "code", "keywords"]
    form_fields = ["code", "name", "description", "keywords", "is_sensitive", "sort_order"]
    inspect_view_enabled = True
    copy_view_enabled = False


class UnitViewSet(ScopedModelViewSet):
    model = Unit
    scope = staticmethod(access.scope_units)
    list_select_related = ("parent",)
    icon = "group"
    menu_label = "Cơ quan, đơn vị"
    list_display = ["name", "code", "kind", "parent", BooleanColumn("is_active", label="Đang hoạt động")]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    form_fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "responsibilities",
        "fields",
        "areas",
        "public_email",
        "public_phone",
        "is_active",
    ]


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = "Cán bộ theo đơn vị"
    list_display = ["user", "unit", "position"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    form_fields = ["user", "unit", "position"]
    copy_view_enabled = False


class SignalFilterSet(WagtailFilterSet):
    # The dashboard (reports) links each number here with its period and filters.
    received_at = django_filters.DateFromToRangeFilter(label="Thời điểm tiếp nhận", widget=DateRangePickerWidget)
    unit = django_filters.ModelChoiceFilter(
        label="Đơn vị xử lý", field_name="case__assigned_unit", queryset=Unit.objects.filter(is_active=True)
    )

    class Meta:
        model = Signal
        fields = ["status", "channel", "kind", "field", "area", "urgency"]


def signal_personal_views():
    index, edit, inspect, delete = scoped_views(access.scope_signals, ("field", "area"), SignalViewSet.form_fields)

    class SignalCreateView(generic.CreateView):
        """Staff record a signal on the cycle's screen (create_signal: once, channel kept, the
        personal-data rules applied, acknowledged), never through a bare model form."""

        def dispatch(self, request, *args, **kwargs):
            # The same rule as the screen it leads to: the office and units' handlers record signals.
            if not (access.is_office(request.user) or access.is_handler(request.user)):
                raise PermissionDenied
            return redirect("cycle:signal_record")

    class SignalEditView(edit):
        def get(self, request, *args, **kwargs):
            response = super().get(request, *args, **kwargs)
            log_personal_data_access(request.user, self.object, PersonalDataAccess.Action.VIEW, "mở trang sửa")
            return response

    class SignalInspectView(inspect):
        def setup(self, request, *args, **kwargs):
            super().setup(request, *args, **kwargs)
            if access.can_see_personal_data(request.user, self.object):
                log_personal_data_access(request.user, self.object, PersonalDataAccess.Action.VIEW, "xem chi tiết")
            else:
                self.fields = [f for f in self.fields if f not in PERSONAL_FIELDS]

    return index, SignalCreateView, SignalEditView, SignalInspectView, delete


class SignalViewSet(ModelViewSet):
    model = Signal
    icon = "mail"
    menu_label = "Thông tin dư luận"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["tracking_code", "title_or_text", "channel", "kind", "field", "area", "status", "received_at"]
    filterset_class = SignalFilterSet
    search_fields = ["tracking_code", "title", "text", "address"]
    # Status and the case change only through the intake queue (triage), which logs them; the
    # edits here are logged field by field on the signal's history.
    form_fields = [
        "channel",
        "kind",
        "title",
        "text",
        "received_at",
        "field",
        "area",
        "address",
        "urgency",
        "source_url",
        "reporter_name",
        "reporter_phone",
        "reporter_email",
        "consent_personal_data",
        "allow_public",
    ]
    inspect_view_fields = [
        "tracking_code",
        "channel",
        "kind",
        "status",
        "title",
        "text",
        "received_at",
        "field",
        "area",
        "address",
        "urgency",
        "case",
        "source_url",
        "allow_public",
        "consent_personal_data",
        *PERSONAL_FIELDS,
    ]

    def __init__(self, *args, **kwargs):
        index, add, edit, inspect, delete = signal_personal_views()
        self.index_view_class = index
        self.add_view_class = add
        self.edit_view_class = edit
        self.inspect_view_class = inspect
        self.delete_view_class = delete
        scoped_object_screens(self, access.scope_signals)
        super().__init__(*args, **kwargs)


def _title_or_text(obj):
    return obj.title or (obj.text[:80] + ("…" if len(obj.text) > 80 else ""))


_title_or_text.short_description = "Nội dung"
Signal.title_or_text = property(_title_or_text)
Signal.title_or_text.fget.short_description = "Nội dung"


class CaseViewSet(ScopedModelViewSet):
    model = Case
    scope = staticmethod(access.scope_cases)
    list_select_related = ("field", "area", "assigned_unit")
    inspect_template_name = "opinions/case_inspect.html"
    icon = "folder-open-inverse"
    menu_label = "Vụ việc"
    list_display = ["code", "title", "field", "area", "assigned_unit", "status", "urgency", "deadline"]
    list_filter = ["status", "urgency", "field", "assigned_unit"]
    search_fields = ["code", "title", "summary"]
    # Status, unit and deadline change only through the cycle's screens, which log each change.
    form_fields = ["title", "summary", "kind", "field", "area", "urgency", "is_public"]
    log_fields = form_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_view_class = publication_edit_view(self.edit_view_class)  # is_public: the office only


class ResponseViewSet(ScopedModelViewSet):
    model = Response
    scope = staticmethod(access.scope_responses)
    list_select_related = ("case", "author")
    icon = "comment"
    menu_label = "Phản hồi"
    list_display = ["case", "status", "author", "approved_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["text", "case__code", "case__title"]
    form_fields = ["case", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drafts go through the cycle's service; approved answers are never edited nor deleted.
        self.add_view_class = ResponseCreateView
        self.edit_view_class, self.delete_view_class = response_views(self.edit_view_class, self.delete_view_class)


class PersonalDataAccessViewSet(ModelViewSet):
    """Append-only: read by the office; no one adds, edits or deletes here (see access_log.py)."""

    model = PersonalDataAccess
    icon = "view"
    menu_label = "Nhật ký dữ liệu cá nhân"
    list_display = ["at", "user_label", "action", "signal_label", "detail"]
    list_filter = ["action"]
    form_fields = ["detail"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["at", "user_label", "action", "signal_label", "detail", "previous_hash", "hash"]
    edit_view_class, delete_view_class = RefusedEditView, RefusedDeleteView


class OpinionWorkGroup(ViewSetGroup):
    menu_label = "Công tác DLXH"
    menu_icon = "folder-open-1"
    menu_order = 150
    items = (
        SignalViewSet("signals", url_prefix="dlxh/thong-tin"),
        CaseViewSet("cases", url_prefix="dlxh/vu-viec"),
        ResponseViewSet("responses", url_prefix="dlxh/phan-hoi"),
        UnitViewSet("units", url_prefix="dlxh/don-vi"),
        StaffProfileViewSet("staff_profiles", url_prefix="dlxh/can-bo"),
    )


class ReferenceDataGroup(ViewSetGroup):
    menu_label = "Danh mục"
    menu_icon = "list-ul"
    menu_order = 160
    items = (
        AreaViewSet("areas", url_prefix="danh-muc/dia-ban"),
        FormerAreaViewSet("former_areas", url_prefix="danh-muc/don-vi-cu"),
        FieldViewSet("fields", url_prefix="danh-muc/linh-vuc"),
        PersonalDataAccessViewSet("personal_data_log", url_prefix="danh-muc/nhat-ky-du-lieu-ca-nhan"),
    )


register_permission_policy(PersonalDataAccess, ReadOnlyPolicy(PersonalDataAccess))
register_permission_policy(OutgoingEmail, OfficeOnlyPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [OpinionWorkGroup(), ReferenceDataGroup()]


# The sub-packages' screens register their own hooks when imported here (Wagtail reads only this module).
from opinions.alerts import admin as alerts_admin  # noqa: E402, F401
from opinions.cycle import admin as cycle_admin  # noqa: E402, F401
from opinions.intake import admin as intake_admin  # noqa: E402, F401
from opinions.intake import sessions_admin  # noqa: E402, F401
from opinions.intake.open311 import admin as open311_admin  # noqa: E402, F401
from opinions.network import admin as network_admin  # noqa: E402, F401
from opinions.network import admin_reports as network_reports_admin  # noqa: E402, F401
from opinions.suggestions import admin as suggestions_admin  # noqa: E402, F401
