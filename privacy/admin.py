"""Back-office screens of the privacy app (office only: opinions.access.require_office; a data
protection officer is a member of the office group): the queue of requests with their legal
clocks and actions, the person's copy, the retention screen with its dry run, the impact-assessment
dossier and the drafted breach notification."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from opinions import access
from opinions.models import PersonalDataAccess
from privacy import restriction, retention, services
from privacy.documents import DOCX_TYPE, breach_notice_text, dpia_docx, person_docx, person_json
from privacy.forms import CorrectForm, ExtendForm, LiftForm, RefuseForm
from privacy.models import Breach, RetentionRun, RightsRequest
from privacy.subject import export_data, find_person

STATUS_FILTERS = {"mo": RightsRequest.OPEN, "xong": [RightsRequest.Status.DONE, RightsRequest.Status.REFUSED]}


def request_queue(request):
    """Yêu cầu của chủ thể dữ liệu: open ones first, with the acknowledgement and completion dates."""
    access.require_office(request.user)
    wanted = request.GET.get("trang-thai", "mo")
    items = RightsRequest.objects.exclude(status=RightsRequest.Status.UNVERIFIED)
    if wanted in STATUS_FILTERS:
        items = items.filter(status__in=STATUS_FILTERS[wanted])
    items = items.order_by("due", "created_at")
    return render(
        request,
        "privacy/admin/request_queue.html",
        {
            "page_title": "Yêu cầu về dữ liệu cá nhân",
            "header_icon": "lock",
            "items": items,
            "wanted": wanted,
            "today": timezone.localdate(),
        },
    )


def request_detail(request, pk):
    """One request: its clocks, its history, the person's records and the actions."""
    access.require_office(request.user)
    item = get_object_or_404(RightsRequest, pk=pk)
    person = find_person(code=item.tracking_code) if item.tracking_code else None
    return render(
        request,
        "privacy/admin/request_detail.html",
        {
            "page_title": f"Yêu cầu {item.reference}",
            "header_icon": "lock",
            "item": item,
            "person": person,
            "today": timezone.localdate(),
            "extend_form": ExtendForm(),
            "refuse_form": RefuseForm(),
            "correct_form": CorrectForm(),
            "lift_form": LiftForm(),
            "restrictions": item.restrictions.select_related("lifted_by"),
            "can_lift": restriction.active(item).exists(),
        },
    )


ACTIONS = {
    "xac-nhan": lambda item, user, post: services.acknowledge(item, user),
    "duyet-xoa": lambda item, user, post: services.approve(item, user),
    "thuc-hien": lambda item, user, post: services.carry_out(
        item, user, old=post.get("old", ""), new=post.get("new", "")
    ),
}


@require_POST
def request_action(request, pk, action):
    """Xác nhận, gia hạn, từ chối, duyệt xóa, thực hiện: each a service; errors shown, nothing changed."""
    access.require_office(request.user)
    item = get_object_or_404(RightsRequest, pk=pk)
    try:
        if action == "gia-han":
            form = ExtendForm(request.POST)
            if not form.is_valid():
                raise services.RequestError("Xin ghi số ngày (1–20) và lý do gia hạn.")
            services.extend(item, request.user, form.cleaned_data["days"], form.cleaned_data["reason"])
        elif action == "tu-choi":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                raise services.RequestError("Từ chối phải nêu căn cứ pháp lý.")
            services.refuse(item, request.user, form.cleaned_data["ground"], form.cleaned_data["note"])
        elif action == "go-han-che":
            restriction.lift(item, request.user, request.POST.get("reason", ""))
        elif action in ACTIONS:
            ACTIONS[action](item, request.user, request.POST)
        else:
            raise services.RequestError("Thao tác không hợp lệ.")
    except (services.RequestError, restriction.LiftError) as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "Đã cập nhật yêu cầu.")
    return redirect("privacy_admin:request_detail", pk=pk)


def request_copy(request, pk, fmt):
    """Bản sao dữ liệu của người yêu cầu (JSON/DOCX) for the office; written to the access log."""
    access.require_office(request.user)
    item = get_object_or_404(RightsRequest, pk=pk)
    person = find_person(code=item.tracking_code)
    for signal in person.signals:
        PersonalDataAccess.objects.create(
            user=request.user,
            signal=signal,
            action=PersonalDataAccess.Action.EXPORT,
            detail=f"Bản sao dữ liệu theo yêu cầu {item.reference} ({fmt.upper()})",
        )
    data = export_data(person)
    if fmt == "docx":
        response = HttpResponse(person_docx(data), content_type=DOCX_TYPE)
    else:
        response = HttpResponse(person_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-{item.reference}.{fmt}"'
    return response


def retention_screen(request):
    """Thời hạn lưu trữ: the rules, what the next run would remove (dry run), the last runs."""
    access.require_office(request.user)
    return render(
        request,
        "privacy/admin/retention.html",
        {
            "page_title": "Thời hạn lưu trữ và xóa dữ liệu",
            "header_icon": "time",
            "plan": retention.plan(),
            "kept": retention.kept(),
            "runs": RetentionRun.objects.all()[:20],
        },
    )


def dpia_download(request):
    """Hồ sơ đánh giá tác động (DOCX) from the live register and retention rules."""
    access.require_office(request.user)
    response = HttpResponse(dpia_docx(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="ho-so-danh-gia-tac-dong-{timezone.localdate():%Y%m%d}.docx"'
    )
    return response


def breach_notice(request, pk):
    """Dự thảo thông báo vi phạm: the text drafted from the entry, and the 72-hour clock."""
    access.require_office(request.user)
    breach = get_object_or_404(Breach, pk=pk)
    return render(
        request,
        "privacy/admin/breach_notice.html",
        {
            "page_title": "Dự thảo thông báo vi phạm",
            "header_icon": "warning",
            "breach": breach,
            "text": breach_notice_text(breach),
            "hours_left": breach.hours_left(),
        },
    )
