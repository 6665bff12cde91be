"""Back-office screens of the network (Mạng lưới DLXH): rosters, imports and exports, coverage, rules.

The units' reports (Báo cáo DLXH) are in admin_reports.py; both are imported by opinions/wagtail_hooks.py.
Views stay thin: access check, form, one service call.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from opinions.backoffice import scoped_views
from opinions.backoffice_guards import scoped_object_screens
from opinions.models import (
    Collaborator,
    CollaboratorRules,
    ExportLog,
    FocalPoint,
    ImportJob,
    PersonalDataAccess,
    Training,
    Unit,
)
from opinions.network import imports
from opinions.network import tasks as import_tasks
from opinions.network.forms import ImportUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}
NETWORK_CONTACT_FIELDS = ["phone", "email", "id_number", "user"]


def download(content, file_name, file_format):
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def require(condition):
    if not condition:
        raise PermissionDenied


# Rosters: focal points, collaborators, trainings, rules ----------------------------------------


def network_views(select_related=("unit",), unit_field="unit"):
    """Scoped views (a unit sees its own rows) whose contact fields only the office sees;
    each time the office opens a person's contacts it is logged."""
    index, edit, inspect, delete = scoped_views(
        lambda user, qs: access.scope_network(user, qs, unit_field), select_related
    )

    class ContactInspectView(inspect):
        def setup(self, request, *args, **kwargs):
            super().setup(request, *args, **kwargs)
            if access.can_see_network_contacts(request.user):
                PersonalDataAccess.objects.create(
                    user=request.user,
                    action=PersonalDataAccess.Action.VIEW,
                    detail=f"Xem liên hệ {self.model._meta.verbose_name}: {self.object}"[:255],
                )
            else:
                self.fields = [f for f in self.fields if f not in NETWORK_CONTACT_FIELDS]

    class ContactEditView(edit):
        def get(self, request, *args, **kwargs):
            response = super().get(request, *args, **kwargs)
            PersonalDataAccess.objects.create(
                user=request.user,
                action=PersonalDataAccess.Action.VIEW,
                detail=f"Mở trang sửa {self.model._meta.verbose_name}: {self.object}"[:255],
            )
            return response

    return index, ContactEditView, ContactInspectView, delete


class NetworkModelViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    list_select_related = ("unit",)

    def __init__(self, *args, **kwargs):
        index, edit, inspect, delete = network_views(self.list_select_related)
        self.index_view_class = index
        self.edit_view_class = edit
        self.inspect_view_class = inspect
        self.delete_view_class = delete
        scoped_object_screens(self, access.scope_network)  # history and usage: the same scope
        super().__init__(*args, **kwargs)


class FocalPointViewSet(NetworkModelViewSet):
    model = FocalPoint
    icon = "user"
    menu_label = "Đầu mối DLXH"
    list_display = [
        "full_name",
        "unit",
        "position",
        BooleanColumn("is_primary", label="Đầu mối chính"),
        "appointed_on",
        "ended_on",
    ]
    list_filter = ["is_primary", "unit__kind"]
    search_fields = ["full_name", "position", "unit__name"]
    form_fields = ["unit", "full_name", "position", "phone", "email", "is_primary", "appointed_on", "ended_on"]
    inspect_view_fields = form_fields


class CollaboratorViewSet(NetworkModelViewSet):
    model = Collaborator
    icon = "group"
    menu_label = "Cộng tác viên DLXH"
    list_select_related = ("unit", "area")
    list_display = ["full_name", "unit", "area", "status", "decision_number", "decision_date"]
    list_filter = ["status", "area", "fields"]
    search_fields = ["full_name", "position", "decision_number"]
    form_fields = [
        "full_name",
        "birth_year",
        "id_number",
        "phone",
        "email",
        "position",
        "unit",
        "area",
        "fields",
        "decision_number",
        "decision_date",
        "status",
        "started_on",
        "suspended_on",
        "ended_on",
        "trainings",
        "user",
        "note",
    ]
    inspect_view_fields = form_fields


class TrainingViewSet(ModelViewSet):
    model = Training
    icon = "doc-full"
    menu_label = "Lớp tập huấn"
    list_display = ["title", "held_on", "place", "organiser"]
    search_fields = ["title", "place", "organiser"]
    form_fields = ["title", "held_on", "place", "organiser", "content"]
    copy_view_enabled = False
    inspect_view_enabled = True


class RulesInspectView(generic.InspectView):
    def get_document_display_value(self):
        # Without a file Wagtail would print Python's "None".
        return self.object.document.title if self.object.document else "—"


class CollaboratorRulesViewSet(ModelViewSet):
    model = CollaboratorRules
    inspect_view_class = RulesInspectView
    icon = "doc-full-inverse"
    menu_label = "Quy chế cộng tác viên"
    list_display = ["title", "number", "issued_on", BooleanColumn("is_current", label="Đang hiệu lực")]
    form_fields = ["title", "number", "issued_on", "summary", "document", "is_current"]
    copy_view_enabled = False
    inspect_view_enabled = True


class ExportLogViewSet(ModelViewSet):
    model = ExportLog
    icon = "download"
    menu_label = "Nhật ký xuất dữ liệu"
    list_display = [
        "at",
        "user",
        "what",
        "file_format",
        "row_count",
        BooleanColumn("has_personal_data", label="Có dữ liệu cá nhân"),
    ]
    list_filter = ["has_personal_data", "file_format"]
    form_fields = ["what"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


# Custom pages ---------------------------------------------------------------------------------


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.check_access(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check_access(self, user):
        require(access.is_office(user))


class CoverageView(AdminPage):
    """Độ phủ đầu mối: the unit tree, each unit's focal points, those without one, the share."""

    template_name = "opinions/network/coverage.html"
    page_title = "Độ phủ đầu mối DLXH"

    def check_access(self, user):
        require(access.sees_everything(user))

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        current = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        units = list(
            Unit.objects.filter(is_active=True)
            .annotate(focal_count=Count("focal_points", filter=Q(focal_points__in=FocalPoint.objects.filter(current))))
            .prefetch_related(Prefetch("focal_points", queryset=FocalPoint.objects.filter(current)), "fields")
            .annotate(area_count=Count("areas", distinct=True))
            .order_by("name")
        )
        children = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        tree = []

        def walk(parent_id, depth):
            for unit in children.get(parent_id, []):
                unit.depth = depth
                unit.indent = depth * 1.5
                tree.append(unit)
                walk(unit.pk, depth + 1)

        known = {u.pk for u in units}
        walk(None, 0)
        for unit in units:  # children of inactive parents
            if unit.parent_id and unit.parent_id not in known:
                unit.depth, unit.indent = 0, 0
                tree.append(unit)
        without = [u for u in units if not u.focal_count]
        share = round(100 * (len(units) - len(without)) / len(units), 1) if units else 0
        return super().get_context_data(tree=tree, without=without, total=len(units), share=share, **kwargs)


class RulesView(AdminPage):
    """Quy chế hoạt động của CTV: every back-office user (collaborators included) may read it."""

    template_name = "opinions/network/rules.html"
    page_title = "Quy chế hoạt động của cộng tác viên DLXH"

    def check_access(self, user):
        require(user.is_authenticated)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rules=CollaboratorRules.current(), **kwargs)


class ImportIndexView(AdminPage):
    template_name = "opinions/network/imports.html"
    page_title = "Nhập, xuất danh sách mạng lưới"
    header_icon = "upload"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or ImportUploadForm(),
            jobs=ImportJob.objects.defer("content").select_related("user")[:20],
            kinds=ImportJob.Kind.choices,
            **kwargs,
        )

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        uploaded = form.cleaned_data["file"]
        job = import_tasks.start_import(request.user, form.cleaned_data["kind"], uploaded.name, uploaded.read())
        return redirect("network:import_detail", job.pk)


class ImportDetailView(AdminPage):
    template_name = "opinions/network/import_detail.html"
    page_title = "Kiểm tra tệp nhập"
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(ImportJob.objects.defer("content"), pk=self.kwargs["pk"])
        return super().get_context_data(
            job=job,
            errors=[p for p in job.problems if not p["warning"]],
            warnings=[p for p in job.problems if p["warning"]],
            **kwargs,
        )


class ImportStatusView(AdminPage):
    """The small status document the progress indicator polls."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
        return JsonResponse(
            {
                "status": job.status,
                "label": job.get_status_display(),
                "running": job.is_running,
                "processed": job.processed_rows,
                "total": job.total_rows,
                "percent": job.progress_percent,
            }
        )


class ImportConfirmView(AdminPage):
    def post(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        if import_tasks.confirm_import(request.user, job):
            job.refresh_from_db()
            if job.status == ImportJob.Status.DONE:
                messages.success(
                    request, "Đã nhập xong: {new} thêm mới, {update} cập nhật, {skip} không đổi.".format(**job.totals)
                )
        else:
            messages.error(request, "Tệp này không ở trạng thái chờ xác nhận (đã nhập hoặc có lỗi).")
        return redirect("network:import_detail", pk)


class ExportView(AdminPage):
    def get(self, request, kind, file_format):
        if kind not in dict(ImportJob.Kind.choices) or file_format not in CONTENT_TYPES:
            raise Http404
        content, name = imports.export_roster(request.user, kind, file_format)
        return download(content, name, file_format)


class TemplateDownloadView(AdminPage):
    def get(self, request, kind, file_format):
        if kind not in dict(ImportJob.Kind.choices) or file_format not in CONTENT_TYPES:
            raise Http404
        return download(
            imports.template_file(kind, file_format), f"mau-{imports.FILE_SLUGS[kind]}.{file_format}", file_format
        )


# Menus and URLs -------------------------------------------------------------------------------


class LinkViewSet(ViewSet):
    """A menu entry for one of the pages above, shown to those who may open it."""

    def __init__(self, name, url_name, label, icon, shown, **kwargs):
        self.url_name, self.label, self.shown_to = url_name, label, shown
        self.menu_label, self.menu_icon = label, icon
        super().__init__(name, **kwargs)

    @property
    def menu_url(self):
        return reverse(self.url_name)

    @cached_property
    def menu_item_class(self):
        shown_to = self.shown_to

        class Item(MenuItem):
            def is_shown(self, request):
                return shown_to(request.user)

        return Item

    def get_urlpatterns(self):
        return []


def has_unit(user):
    return access.user_unit(user) is not None


class NetworkGroup(ViewSetGroup):
    menu_label = "Mạng lưới DLXH"
    menu_icon = "group"
    menu_order = 155
    items = (
        LinkViewSet("network_coverage", "network:coverage", "Độ phủ đầu mối", "tasks", access.sees_everything),
        FocalPointViewSet("focal_points", url_prefix="dlxh/dau-moi"),
        CollaboratorViewSet("collaborators", url_prefix="dlxh/cong-tac-vien"),
        TrainingViewSet("trainings", url_prefix="dlxh/tap-huan"),
        CollaboratorRulesViewSet("collaborator_rules", url_prefix="dlxh/quy-che"),
        LinkViewSet("network_rules", "network:rules", "Đọc quy chế CTV", "doc-full", lambda u: u.is_authenticated),
        LinkViewSet("network_imports", "network:imports", "Nhập, xuất danh sách", "upload", access.is_office),
        ExportLogViewSet("export_log", url_prefix="dlxh/nhat-ky-xuat"),
    )


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return [NetworkGroup()]


@hooks.register("register_admin_urls")
def register_network_urls():
    network = [
        path("do-phu/", CoverageView.as_view(), name="coverage"),
        path("quy-che/", RulesView.as_view(), name="rules"),
        path("nhap/", ImportIndexView.as_view(), name="imports"),
        path("nhap/<int:pk>/", ImportDetailView.as_view(), name="import_detail"),
        path("nhap/<int:pk>/trang-thai/", ImportStatusView.as_view(), name="import_status"),
        path("nhap/<int:pk>/xac-nhan/", ImportConfirmView.as_view(), name="import_confirm"),
        path("xuat/<str:kind>.<str:file_format>", ExportView.as_view(), name="export"),
        path("mau/<str:kind>.<str:file_format>", TemplateDownloadView.as_view(), name="template"),
    ]
    return [path("dlxh/mang-luoi/", include((network, "network")))]


class RulesPanel(Component):
    """The collaborator's dashboard shows the rules they work under."""

    name = "collaborator_rules"
    order = 50
    template_name = "opinions/network/rules_panel.html"

    def __init__(self, rules):
        self.rules = rules

    def get_context_data(self, parent_context=None):
        return {"rules": self.rules}


@hooks.register("construct_homepage_panels")
def add_rules_panel(request, panels):
    if Collaborator.objects.filter(user_id=request.user.pk).exists():
        rules = CollaboratorRules.current()
        if rules:
            panels.append(RulesPanel(rules))
