"""Back-office screens (Wagtail admin) for the records of opinion work."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import access
from .models import (
    Area,
    Case,
    Field,
    FormerArea,
    PersonalDataAccess,
    Response,
    Signal,
    StaffProfile,
    Unit,
)

PERSONAL_FIELDS = ["reporter_name", "reporter_phone", "reporter_email"]


def log_personal_data_access(user, signal, action, detail=""):
    if signal.has_personal_data:
        PersonalDataAccess.objects.create(user=user, signal=signal, action=action, detail=detail)


def _shown(value):
    """A value as the change log shows it: the choice label or the record's name, never a pk."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


class LoggedEditMixin:
    """Generic edit screens log each changed field (from → to) on the case's history, like the
    cycle's own screens: nothing about a case or a signal changes without a trace."""

    log_fields = ()

    def log_changes(self, instance, form, before):
        from .models import CaseEvent
        from .workflow import log_event

        after = self.snapshot(instance)
        case = instance if isinstance(instance, Case) else getattr(instance, "case", None)
        signal = instance if isinstance(instance, Signal) else None
        for name in form.changed_data:
            if name not in self.log_fields:
                continue
            log_event(
                CaseEvent.Action.EDITED,
                actor=self.request.user,
                case=case,
                signal=signal,
                from_value=_shown(before[name]),
                to_value=_shown(after[name]),
                note=f"Sửa trực tiếp: {instance._meta.get_field(name).verbose_name}",
            )

    def snapshot(self, instance):
        """Each logged field as people read it: the choice's label, the related record's name."""
        values = {}
        for name in self.log_fields:
            display = getattr(instance, f"get_{name}_display", None)
            values[name] = display() if display else getattr(instance, name)
        return values

    def save_instance(self):
        if not self.log_fields:
            return super().save_instance()
        before = self.snapshot(type(self.object)._default_manager.get(pk=self.object.pk))
        with transaction.atomic():
            instance = super().save_instance()
            self.log_changes(instance, self.form, before)
        return instance


def scoped_views(scope, select_related=(), log_fields=()):
    """View classes whose querysets pass through scope(user, queryset): a handler of unit A
    gets 404 on unit B's records, whether from the list or from a typed-in URL. Edits of the
    log_fields are written to the change log."""
    logged = tuple(log_fields)

    class IndexView(generic.IndexView):
        def get_base_queryset(self):
            queryset = super().get_base_queryset()
            if select_related:
                queryset = queryset.select_related(*select_related)
            return scope(self.request.user, queryset)

    class EditView(LoggedEditMixin, generic.EditView):
        log_fields = logged

        def get_queryset(self):
            return scope(self.request.user, self.model._default_manager.all())

    class InspectView(generic.InspectView):
        def get_object(self, queryset=None):
            return get_object_or_404(scope(self.request.user, self.model._default_manager.all()), pk=self.pk)

        def get_field_display_value(self, field_name=None, field=None):
            # Wagtail looks for get_<name>_display_value first: for our model field named "field"
            # that finds this very method, called without arguments.
            if field_name is None:
                return str(self.object.field or "-")
            return super().get_field_display_value(field_name, field)

    class DeleteView(generic.DeleteView):
        def get_queryset(self):
            return scope(self.request.user, self.model._default_manager.all())

    return IndexView, EditView, InspectView, DeleteView


class ScopedModelViewSet(ModelViewSet):
    scope = None
    list_select_related = ()
    log_fields = ()
    inspect_view_enabled = True
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        if self.scope is not None:
            index, edit, inspect, delete = scoped_views(type(self).scope, self.list_select_related, self.log_fields)
            self.index_view_class = index
            self.edit_view_class = edit
            self.inspect_view_class = inspect
            self.delete_view_class = delete
        super().__init__(*args, **kwargs)


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
    list_display = ["name", "code", "is_sensitive", "sort_order"]
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
    list_display = ["name", "code", "kind", "parent", "is_active"]
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
    class Meta:
        model = Signal
        fields = ["status", "channel", "kind", "field", "area", "urgency"]


def signal_personal_views():
    index, edit, inspect, delete = scoped_views(access.scope_signals, ("field", "area"), SignalViewSet.form_fields)

    class SignalCreateView(generic.CreateView):
        """Staff record a signal on the cycle's screen (create_signal: once, channel kept, the
        personal-data rules applied, acknowledged), never through a bare model form."""

        def dispatch(self, request, *args, **kwargs):
            return redirect("cycle_record")

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


class PersonalDataAccessViewSet(ModelViewSet):
    model = PersonalDataAccess
    icon = "view"
    menu_label = "Nhật ký dữ liệu cá nhân"
    list_display = ["at", "user", "action", "signal", "detail"]
    list_filter = ["action"]
    form_fields = ["detail"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


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


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [OpinionWorkGroup(), ReferenceDataGroup()]


# Screens of other capabilities register their own hooks when imported here.
from . import admin_alerts, admin_analysis, admin_api, admin_cycle, admin_network  # noqa: E402, F401
