"""Back-office screens of the units' reports (Báo cáo DLXH): periods, submission, compliance, consolidation.

Imported by opinions/wagtail_hooks.py; the network's screens (and the shared AdminPage) are in admin.py.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from opinions.models import ReportingPeriod, UnitReport
from opinions.network import imports, unit_reports
from opinions.network.admin import AdminPage, LinkViewSet, download, has_unit, require
from opinions.network.forms import ReportItemFormSet, ReportSummaryForm, ReportUploadForm


def visible_periods(user):
    queryset = ReportingPeriod.objects.all()
    if access.sees_everything(user):
        return queryset
    unit = access.user_unit(user)
    return queryset.filter(units=unit) if unit else queryset.none()


class ReportsIndexView(AdminPage):
    template_name = "opinions/reports/index.html"
    page_title = "Báo cáo DLXH của đơn vị"
    header_icon = "doc-full"

    def check_access(self, user):
        require(access.sees_everything(user) or access.user_unit(user) is not None)

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = access.user_unit(user)
        periods = list(
            visible_periods(user).annotate(
                required=Count("units", distinct=True), reported=Count("reports", distinct=True)
            )
        )
        mine = {r.period_id: r for r in UnitReport.objects.filter(unit=unit)} if unit else {}
        for period in periods:
            period.my_report = mine.get(period.pk)
            period.must_report = unit is not None and not access.sees_everything(user)
        return super().get_context_data(periods=periods, unit=unit, office=access.sees_everything(user), **kwargs)


class PeriodMixin:
    def get_period(self):
        return get_object_or_404(visible_periods(self.request.user), pk=self.kwargs["pk"])


class SubmitReportView(PeriodMixin, AdminPage):
    """A unit's staff report for their unit: web form or the period's XLSX template."""

    template_name = "opinions/reports/submit.html"
    page_title = "Nộp báo cáo DLXH"
    header_icon = "doc-full"

    def check_access(self, user):
        require(access.user_unit(user) is not None)

    @cached_property
    def period(self):
        return self.get_period()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", ReportItemFormSet(prefix="items"))
        kwargs.setdefault("summary_form", ReportSummaryForm())
        kwargs.setdefault("upload_form", ReportUploadForm())
        unit = access.user_unit(self.request.user)
        return super().get_context_data(
            period=self.period,
            unit=unit,
            existing=UnitReport.objects.filter(period=self.period, unit=unit).first(),
            **kwargs,
        )

    def post(self, request, pk):
        unit = access.user_unit(request.user)
        try:
            unit_reports.check_may_report(self.period, unit)
        except unit_reports.ReportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("unit_reports:index")
        if "file" in request.FILES:
            return self.post_upload(request, unit)
        formset = ReportItemFormSet(request.POST, prefix="items")
        summary_form = ReportSummaryForm(request.POST)
        if not (formset.is_valid() and summary_form.is_valid()):
            return self.render_to_response(self.get_context_data(formset=formset, summary_form=summary_form))
        items = [f.cleaned_data for f in formset.forms if f.has_changed() and f.cleaned_data]
        report, created = unit_reports.submit_unit_report(
            request.user, self.period, unit, items, summary_form.cleaned_data["summary"]
        )
        return self.done(request, report, created)

    def post_upload(self, request, unit):
        form = ReportUploadForm(request.POST, request.FILES)
        problems = []
        if form.is_valid():
            try:
                items, problems = unit_reports.parse_report_file(
                    form.cleaned_data["file"].name, form.cleaned_data["file"].read()
                )
            except imports.BadFile as error:
                problems = [imports.problem(None, "", error)]
            if not problems:
                report, created = unit_reports.submit_unit_report(
                    request.user, self.period, unit, items, form.cleaned_data["summary"], source=UnitReport.Source.XLSX
                )
                return self.done(request, report, created)
        return self.render_to_response(self.get_context_data(upload_form=form, problems=problems))

    def done(self, request, report, created):
        if created:
            messages.success(request, f"Đã nộp báo cáo {report.period}: {report.items.count()} nội dung.")
        else:
            messages.warning(request, "Đơn vị đã nộp báo cáo kỳ này; báo cáo đã nộp được giữ nguyên.")
        return redirect("unit_reports:report", report.pk)


class ReportDetailView(AdminPage):
    template_name = "opinions/reports/report.html"
    page_title = "Báo cáo DLXH của đơn vị"
    header_icon = "doc-full"

    def check_access(self, user):
        require(access.sees_everything(user) or access.user_unit(user) is not None)

    def get_context_data(self, **kwargs):
        reports = access.scope_network(self.request.user, UnitReport.objects.select_related("period", "unit"))
        report = get_object_or_404(reports, pk=self.kwargs["pk"])
        items = report.items.select_related("field", "area", "signal")
        return super().get_context_data(report=report, items=items, **kwargs)


class ComplianceView(PeriodMixin, AdminPage):
    template_name = "opinions/reports/compliance.html"
    page_title = "Tình hình nộp báo cáo"
    header_icon = "tasks"

    def check_access(self, user):
        require(access.sees_everything(user))

    def get_context_data(self, **kwargs):
        period = self.get_period()
        rows, figures = unit_reports.compliance(period)
        reminded = {}
        for reminder in period.reminders.all():
            reminded.setdefault(reminder.unit_id, []).append(reminder)
        for row in rows:
            row["label"] = unit_reports.STATE_LABELS[row["state"]]
            row["reminders"] = reminded.get(row["unit"].pk, [])
        return super().get_context_data(period=period, rows=rows, figures=figures, **kwargs)


class ConsolidatedView(PeriodMixin, AdminPage):
    template_name = "opinions/reports/consolidated.html"
    page_title = "Tổng hợp báo cáo DLXH"
    header_icon = "table"

    def check_access(self, user):
        require(access.sees_everything(user))

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            period = self.get_period()
            return download(unit_reports.consolidated_xlsx(period), f"tong-hop-{period.pk}.xlsx", "xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        period = self.get_period()
        return super().get_context_data(period=period, groups=unit_reports.consolidated_groups(period), **kwargs)


class ReportTemplateView(PeriodMixin, AdminPage):
    def check_access(self, user):
        require(access.sees_everything(user) or access.user_unit(user) is not None)

    def get(self, request, pk):
        period = self.get_period()
        return download(unit_reports.report_template(period), f"mau-bao-cao-ky-{period.pk}.xlsx", "xlsx")


class ReportingPeriodViewSet(ModelViewSet):
    model = ReportingPeriod
    icon = "date"
    menu_label = "Kỳ báo cáo"
    list_display = ["title", "kind", "starts_on", "ends_on", "deadline", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    form_fields = ["title", "kind", "starts_on", "ends_on", "deadline", "units", "status", "instructions"]
    copy_view_enabled = False
    inspect_view_enabled = True


class ReportsGroup(ViewSetGroup):
    menu_label = "Báo cáo DLXH"
    menu_icon = "doc-full"
    menu_order = 156
    items = (
        LinkViewSet(
            "unit_reports_index",
            "unit_reports:index",
            "Báo cáo của đơn vị",
            "doc-full",
            lambda u: access.sees_everything(u) or has_unit(u),
        ),
        ReportingPeriodViewSet("reporting_periods", url_prefix="dlxh/ky-bao-cao"),
    )


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return [ReportsGroup()]


@hooks.register("register_admin_urls")
def register_report_urls():
    reports = [
        path("", ReportsIndexView.as_view(), name="index"),
        path("ky/<int:pk>/nop/", SubmitReportView.as_view(), name="submit"),
        path("ky/<int:pk>/mau.xlsx", ReportTemplateView.as_view(), name="template"),
        path("ky/<int:pk>/tinh-hinh-nop/", ComplianceView.as_view(), name="compliance"),
        path("ky/<int:pk>/tong-hop/", ConsolidatedView.as_view(), name="consolidated"),
        path("bao-cao/<int:pk>/", ReportDetailView.as_view(), name="report"),
    ]
    return [path("dlxh/bao-cao/", include((reports, "unit_reports")))]
