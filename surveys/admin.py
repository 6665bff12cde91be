"""Back-office screens of surveys: the list, building a questionnaire, preview, open/close, QR code.

Who: the opinion office builds and runs surveys; leaders read them and their results; a unit's
staff see the surveys of their unit (opinions.access.scope_network). Views are thin: look up
through the scope, validate a form, call a service, redirect with a Vietnamese message.
"""

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from opinions import access
from opinions.cycle.notify import site_url

from . import services
from .forms import QuestionForm, SectionForm, SurveyForm
from .models import Question, Response, Section, Survey
from .schema import build


def scoped_surveys(user):
    return access.scope_network(user, Survey.objects.select_related("unit"), "unit")


def get_survey(request, pk, edit=False):
    """The survey if this user may see it (404 otherwise); editing is the office's alone."""
    if edit:
        access.require_office(request.user)
    return get_object_or_404(scoped_surveys(request.user), pk=pk)


def public_url(survey):
    return site_url(reverse("surveys:respond", args=[survey.public_key]))


@require_safe
def survey_list(request):
    """Danh sách cuộc khảo sát, với số phiếu đã nộp (the office and leaders: all; a unit's staff: theirs)."""
    if not (access.sees_everything(request.user) or access.user_unit(request.user)):
        raise PermissionDenied
    surveys = list(scoped_surveys(request.user).order_by("-created_at"))
    counts = dict(
        Response.objects.filter(survey__in=surveys, status=Response.Status.COMPLETE)
        .values_list("survey")
        .annotate(n=Count("pk"))
    )
    for survey in surveys:
        survey.complete_count = counts.get(survey.pk, 0)
    context = {"page_title": "Khảo sát dư luận xã hội", "header_icon": "list-ul", "surveys": surveys}
    context["can_edit"] = access.is_office(request.user)
    return render(request, "surveys/admin/survey_list.html", context)


def survey_add(request):
    """Tạo cuộc khảo sát mới (bản nháp, với phần 1 trống)."""
    access.require_office(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.created_by = request.user
        survey.save()
        services.add_first_section(survey)
        messages.success(request, f"Đã tạo cuộc khảo sát «{survey.title}». Thêm câu hỏi bên dưới.")
        return redirect("surveys_admin:survey_detail", survey.pk)
    context = {"page_title": "Tạo cuộc khảo sát", "header_icon": "plus", "form": form}
    return render(request, "surveys/admin/form.html", context, status=400 if form.errors else 200)


def survey_detail(request, pk):
    """Một cuộc khảo sát: thông tin chung, các phần và câu hỏi, đường dẫn công khai và mã QR."""
    survey = get_survey(request, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST":
        access.require_office(request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Đã lưu thông tin cuộc khảo sát.")
            return redirect("surveys_admin:survey_detail", survey.pk)
    sections = survey.sections.prefetch_related("questions").order_by("order", "pk")
    context = {
        "page_title": survey.title,
        "header_icon": "list-ul",
        "survey": survey,
        "form": form,
        "sections": sections,
        "public_url": public_url(survey),
        "can_edit": access.is_office(request.user),
        "complete_count": survey.responses.filter(status=Response.Status.COMPLETE).count(),
    }
    return render(request, "surveys/admin/survey_detail.html", context, status=400 if form.errors else 200)


@require_POST
def survey_status(request, pk):
    """Mở hoặc đóng cuộc khảo sát."""
    survey = get_survey(request, pk, edit=True)
    try:
        if request.POST.get("action") == "open":
            services.open_survey(survey)
            messages.success(request, "Đã mở cuộc khảo sát: đường dẫn công khai và thư mời đã dùng được.")
        else:
            services.close_survey(survey)
            messages.success(request, "Đã đóng cuộc khảo sát: không nhận thêm phiếu.")
    except services.SurveyError as error:
        messages.error(request, str(error))
    return redirect("surveys_admin:survey_detail", survey.pk)


def section_edit(request, pk, section_pk=None):
    """Thêm hoặc sửa một phần (một trang của phiếu)."""
    survey = get_survey(request, pk, edit=True)
    section = get_object_or_404(Section, survey=survey, pk=section_pk) if section_pk else Section(survey=survey)
    if section.pk is None:
        section.order = survey.sections.count()
        section.name = f"phan_{section.order + 1}"
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Đã lưu phần «{section.title}».")
        return redirect("surveys_admin:survey_detail", survey.pk)
    title = "Sửa phần" if section.pk else "Thêm phần"
    context = {"page_title": title, "header_icon": "doc-empty", "form": form, "survey": survey}
    return render(request, "surveys/admin/form.html", context, status=400 if form.errors else 200)


def question_edit(request, pk, question_pk=None):
    """Thêm hoặc sửa một câu hỏi, với các lựa chọn và quy tắc XLSForm."""
    survey = get_survey(request, pk, edit=True)
    question = get_object_or_404(Question, survey=survey, pk=question_pk) if question_pk else None
    initial = {}
    if question is None:
        section = survey.sections.filter(pk=request.GET.get("phan")).first() or survey.sections.last()
        initial = {"section": section, "order": survey.questions.filter(section=section).count()}
    form = QuestionForm(request.POST or None, instance=question, initial=initial, survey=survey)
    if request.method == "POST" and form.is_valid():
        saved = services.save_question(form)
        messages.success(request, f"Đã lưu câu hỏi «{saved.name}».")
        return redirect(reverse("surveys_admin:survey_detail", args=[survey.pk]) + f"#cau-{saved.pk}")
    title = "Sửa câu hỏi" if question else "Thêm câu hỏi"
    context = {"page_title": title, "header_icon": "help", "form": form, "survey": survey}
    return render(request, "surveys/admin/form.html", context, status=400 if form.errors else 200)


@require_POST
def question_delete(request, pk, question_pk):
    survey = get_survey(request, pk, edit=True)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    question.delete()
    messages.success(request, f"Đã xoá câu hỏi «{question.name}».")
    return redirect("surveys_admin:survey_detail", survey.pk)


def survey_preview(request, pk):
    """Xem trước phiếu như người trả lời thấy (mọi phần trên một trang, không lưu gì)."""
    survey = get_survey(request, pk)
    schema = build(survey)
    for section in schema:
        for question in section["questions"]:
            question.update(shown_choices=question["choices"], value=None, text=question["label"])
    return render(request, "surveys/preview.html", {"survey": survey, "schema": schema, "errors": {}})


@require_safe
def survey_qr(request, pk):
    """Mã QR của đường dẫn công khai (SVG, để in lên giấy mời, áp phích)."""
    survey = get_survey(request, pk)
    buffer = io.BytesIO()
    segno.make(public_url(survey), error="m").save(buffer, kind="svg", scale=8, border=2, title=survey.title)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("tai-ve"):
        response["Content-Disposition"] = f'attachment; filename="khao-sat-{survey.pk}-qr.svg"'
    return response
