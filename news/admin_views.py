"""Back-office: start a rebuttal (thông tin phản bác) from a case, pre-filled with its facts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from opinions.models import Case

from .models import RebuttalPage
from .services import RebuttalError, can_start_rebuttal, cases_for_rebuttal, start_rebuttal_from_case


def _cases(user):
    return cases_for_rebuttal(user, Case.objects.all())


def case_list(request):
    """The cases an editor may write a rebuttal about, newest first, with the rebuttals already written."""
    if not can_start_rebuttal(request.user):
        raise PermissionDenied
    cases = (
        _cases(request.user)
        .select_related("field", "area")
        .prefetch_related(Prefetch("rebuttals", queryset=RebuttalPage.objects.only("id", "title", "live")))
        .order_by("-created_at")
    )
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(title__icontains=query) | cases.filter(code__iexact=query)
    page = Paginator(cases, 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "news/admin/case_list.html", {"cases": page, "query": query})


@require_http_methods(["GET", "POST"])
def rebuttal_from_case(request, case_id):
    """GET: what will be copied; POST: create the draft and open it in the page editor."""
    if not can_start_rebuttal(request.user):
        raise PermissionDenied
    case = get_object_or_404(_cases(request.user).select_related("field", "area"), pk=case_id)
    if request.method == "POST":
        try:
            page = start_rebuttal_from_case(request.user, case)
        except RebuttalError as error:
            messages.error(request, str(error))
            return redirect("news_admin:case_list")
        messages.success(request, f"Đã tạo bản nháp “{page.title}” từ vụ việc {case.code}.")
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(request, "news/admin/rebuttal_from_case.html", {"case": case})
