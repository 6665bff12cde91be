"""The respondent's pages (/khao-sat/…): one section per page, progress, save and resume.

Views stay thin: find the survey (and the invitation), read the page with surveys/answers.py, then
save the progress or finish through surveys/respond.py.
"""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import answers as checks
from . import respond
from .expressions import references
from .models import Invitation, Response, Survey
from .schema import cached_build, shuffled

CONSENT_TEXT = (
    "Tôi đồng ý để Ban Tuyên giáo và Dân vận lưu họ tên, số điện thoại, thư điện tử tôi cung cấp "
    "để liên hệ về cuộc khảo sát này, theo Luật Bảo vệ dữ liệu cá nhân (Luật 91/2025/QH15). "
    "Thông tin liên hệ được lưu riêng, không gắn với câu trả lời."
)


def _message(request, survey, title, text, status=200, **extra):
    return render(
        request, "surveys/message.html", {"survey": survey, "title": title, "text": text, **extra}, status=status
    )


def _client_data(section, answers):
    """What the page's script needs: earlier answers and the expressions of this section."""
    return {
        "answers": answers,
        "section": section["ast"],
        "questions": [
            {
                "name": q["name"],
                "type": q["type"],
                "required": q["required"],
                "required_message": q["required_message"] or checks.REQUIRED,
                "constraint_message": q["constraint_message"] or checks.INVALID,
                "ast": q["ast"],
            }
            for q in section["questions"]
        ],
    }


def _page(request, survey, schema, index, answers, errors=None, contact=None, seed="", status=200):
    english = request.GET.get("lang") == "en"
    section = _shown_section(schema[index], answers, seed, english)
    blank = not errors and not any(q["randomize"] or q["name"] in answers for q in section["questions"])
    visible = [i for i, s in enumerate(schema) if i == index or _may_show(s, answers)]
    position = visible.index(index) + 1 if index in visible else 1
    last = checks.next_section(schema, index, answers) is None
    context = {
        "survey": survey,
        "section": section,
        "section_title": (english and section["title_en"]) or section["title"],
        "index": index,
        "position": position,
        "total": len(visible),
        "percent": round(100 * (position - 1) / max(len(visible), 1)),
        "first": checks.previous_section(schema, index, answers) is None,
        "last": last,
        "errors": errors or {},
        "contact_error": (errors or {}).get("_contact"),
        "ask_contact": last and survey.identified,
        "consent_text": CONSENT_TEXT,
        "contact": contact or {},
        "client_data": _client_data(section, answers),
        "english": english,
        "submission_key": uuid.uuid4().hex,
        "questions_html": _blank_html(survey, index, section, english) if blank else None,
    }
    return render(request, "surveys/respond.html", context, status=status)


def _shown_section(section, answers, seed, english):
    """A copy of the section with what this respondent sees (the cached survey stays untouched)."""
    shown = [
        {
            **question,
            "shown_choices": shuffled(question, seed),
            "value": answers.get(question["name"]),
            "text": (english and question["label_en"]) or question["label"],
        }
        for question in section["questions"]
    ]
    return {**section, "questions": shown}


_BLANK_PAGES: dict = {}


def _blank_html(survey, index, section, english):
    """The questions of a section nobody has answered yet, rendered once per survey version and
    language in this process (most respondents open a blank first page); None when the page
    depends on the respondent (answers given, errors shown, choices randomised)."""
    key = (survey.pk, survey.updated_at, index, english)
    html = _BLANK_PAGES.get(key)
    if html is None:
        if len(_BLANK_PAGES) > 64:
            _BLANK_PAGES.clear()
        html = _BLANK_PAGES[key] = render_to_string(
            "surveys/_questions.html", {"section": section, "errors": {}, "english": english}
        )
    return html


def _may_show(section, answers):
    """For the progress bar: shown, or depending on an answer not given yet."""
    return checks.section_visible(section, answers) or bool(references(section["ast"]) - set(answers))


def _contact(request):
    """(contact or None, error): contacts are kept only with the consent box ticked."""
    contact = {k: request.POST.get(k, "").strip()[:200] for k in ("full_name", "phone", "email")}
    if not any(contact.values()):
        return None, None
    if request.POST.get("consent") != "yes":
        return contact, "Xin đánh dấu đồng ý nếu muốn để lại thông tin liên hệ, hoặc để trống các ô này."
    if contact["email"] and "@" not in contact["email"]:
        return contact, "Thư điện tử chưa đúng dạng."
    return contact, None


def _post(request, survey, schema, response, invitation):
    answers = dict(response.answers) if response else {}
    index = response.page if response and response.page < len(schema) else 0
    action = request.POST.get("action", "next")
    answers, errors = checks.read_section(schema[index], request.POST, answers, check_required=action == "next")
    seed = response.resume_key if response else ""
    if action == "back":
        response = respond.save_progress(
            response, survey, answers, checks.previous_section(schema, index, answers) or 0
        )
        return respond.remember(redirect(request.get_full_path()), survey, response)
    if action == "save":
        response = respond.save_progress(response, survey, answers, index)
        page = _message(request, survey, "Đã lưu để làm tiếp", "", resume=response, invitation=invitation)
        return respond.remember(page, survey, response)
    following = checks.next_section(schema, index, answers)
    contact, contact_error = _contact(request) if following is None and survey.identified else (None, None)
    if errors or contact_error:
        if contact_error:
            errors["_contact"] = contact_error
        return _page(request, survey, schema, index, answers, errors, contact, seed, status=400)
    if following is not None:
        response = respond.save_progress(response, survey, answers, following)
        return respond.remember(redirect(request.get_full_path()), survey, response)
    if invitation is None and respond.over_rate_limit(request, survey):
        return _message(
            request,
            survey,
            "Tạm dừng nhận phiếu",
            "Địa chỉ mạng này đã gửi quá nhiều phiếu trong một giờ. Xin thử lại sau.",
            429,
        )
    try:
        key = respond.submission_key(request)
        respond.finish(request, survey, response, answers, invitation=invitation, contact=contact, key=key)
    except respond.Refused as error:
        return _message(request, survey, "Không nhận được phiếu", str(error), 409)
    if invitation is None:
        respond.count_submission(request, survey)
    return respond.remember(redirect("surveys:done", survey.public_key), survey, done=True)


def _respond(request, survey, invitation=None):
    if not survey.is_accepting():
        return _message(
            request, survey, "Cuộc khảo sát không nhận phiếu", "Cuộc khảo sát này chưa mở hoặc đã đóng.", 410
        )
    schema = cached_build(survey)
    if not schema:
        raise Http404
    response = respond.current_response(request, survey)
    if request.method == "POST":
        return _post(request, survey, schema, response, invitation)
    answers = response.answers if response else {}
    index = response.page if response and response.page < len(schema) else 0
    return _page(request, survey, schema, index, answers, seed=response.resume_key if response else "")


@require_http_methods(["GET", "POST"])
def survey_public(request, key):
    """Đường dẫn công khai: anyone may answer (anonymous), limited per address."""
    survey = get_object_or_404(Survey, public_key=key)
    if not survey.allow_public_link:
        return _message(request, survey, "Cần thư mời", "Cuộc khảo sát này chỉ nhận trả lời qua thư mời.", 403)
    return _respond(request, survey)


@require_http_methods(["GET", "POST"])
def survey_invited(request, token):
    """Thư mời: the token answers once."""
    invitation = get_object_or_404(Invitation.objects.select_related("survey"), token=token)
    survey = invitation.survey
    if invitation.used_at is not None:
        if request.method == "POST" and respond.stored(survey, request.POST.get("submission_key")):
            return respond.remember(redirect("surveys:done", survey.public_key), survey, done=True)  # a retry
        return _message(request, survey, "Không dùng được thư mời", respond.USED, 409)
    return _respond(request, survey, invitation)


def survey_resume(request, key):
    """Làm tiếp: the link shown after "Lưu để làm tiếp" brings the saved answers back."""
    response = get_object_or_404(
        Response.objects.select_related("survey"), resume_key=key, status=Response.Status.IN_PROGRESS
    )
    target = reverse("surveys:respond", args=[response.survey.public_key])
    return respond.remember(redirect(target), response.survey, response)


def survey_done(request, key):
    survey = get_object_or_404(Survey, public_key=key)
    return _message(request, survey, "Cảm ơn anh, chị đã trả lời", "Phiếu trả lời đã được ghi nhận.")
