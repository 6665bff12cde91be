"""Tìm kiếm: the public page /tim-kiem/ and the back-office "Tìm kiếm hồ sơ" (thin views)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.http import urlencode

from . import service
from .forms import PublicSearchForm, RecordSearchForm

PER_PAGE = 20


def public_search(request):
    """Trang tìm kiếm công khai: official pages and public answered cases, no personal data."""
    form = PublicSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = service.search(
            form.cleaned_data["q"], public=True, page=form.cleaned_data["trang"] or 1, per_page=PER_PAGE
        )
    return render(request, "search/search.html", {"form": form, "results": results, **_paging(request, results)})


def record_search(request):
    """Tìm kiếm hồ sơ (back-office): signals and cases within the user's scope, with facets."""
    if not service.staff_unit_scope(request.user)[0]:
        raise PermissionDenied
    form = RecordSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = service.search(
            data["q"],
            user=request.user,
            filters=form.facet_filters(),
            date_from=data["date_from"],
            date_to=data["date_to"],
            facets=True,
            page=data["trang"] or 1,
            per_page=PER_PAGE,
        )
    elif not form.is_bound:
        results = service.search("", user=request.user, facets=True, per_page=PER_PAGE)
    context = {"form": form, "results": results, **_paging(request, results)}
    if results:
        context["facet_links"] = _facet_links(request, results)
    return render(request, "search/admin_search.html", context)


def _query_string(request, **changes):
    params = {k: v for k, v in request.GET.items() if k != "trang"}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params)


def _paging(request, results):
    if not results:
        return {}
    return {
        "previous_url": _query_string(request, trang=results.page - 1) if results.page > 1 else "",
        "next_url": _query_string(request, trang=results.page + 1) if results.page < results.pages else "",
    }


def _facet_links(request, results):
    """Each facet option as a link that selects it (or clears it when selected)."""
    groups = []
    for group in results.facets:
        options = [
            {
                "label": option.label,
                "count": option.count,
                "selected": option.selected,
                "url": _query_string(request, **{group["name"]: "" if option.selected else option.value}),
            }
            for option in group["options"][:15]
        ]
        groups.append({"label": group["label"], "options": options})
    return groups
