"""State changes of surveys: build one from a definition, check its expressions, open and close it.

A definition is the survey as plain JSON (our superset of XLSForm): what the XLSForm import
produces, what the demo and the tests write by hand, what definition_of() gives back.
"""

from django.db import transaction
from django.utils import timezone

from .expressions import ExpressionError, parse
from .models import Choice, Question, Section, Survey
from .schema import build

QUESTION_FIELDS = (
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "choice_filter",
    "calculation",
    "appearance",
    "parameters",
    "randomize",
    "list_name",
    "label_en",
)
EXPRESSIONS = ("relevant", "constraint", "choice_filter", "calculation")


class SurveyError(ValueError):
    """A definition or an action that cannot be accepted (the message is Vietnamese)."""


def check_expressions(item, where):
    for key in EXPRESSIONS:
        try:
            parse(item.get(key) or "")
        except ExpressionError as error:
            raise SurveyError(f"{where}, cột «{key}»: {error}") from None


def _add_choices(question, entries, is_row=False):
    Choice.objects.bulk_create(
        Choice(
            question=question,
            order=i,
            name=str(c["name"]),
            label=c.get("label") or str(c["name"]),
            label_en=c.get("label_en", ""),
            filters=c.get("filters") or {},
            is_row=is_row,
        )
        for i, c in enumerate(entries)
    )


def add_question(survey, section, entry, order):
    if entry.get("type") not in Question.Type.values:
        raise SurveyError(f"Câu «{entry.get('name')}»: loại câu hỏi «{entry.get('type')}» chưa được hỗ trợ.")
    check_expressions(entry, f"Câu «{entry['name']}»")
    question = Question.objects.create(
        survey=survey,
        section=section,
        order=order,
        type=entry["type"],
        name=entry["name"],
        label=entry.get("label") or entry["name"],
        **{key: entry[key] for key in QUESTION_FIELDS if entry.get(key) not in (None, "")},
    )
    if entry["type"] != Question.Type.COMMUNE:
        _add_choices(question, entry.get("choices") or [])
        _add_choices(question, entry.get("rows") or [], is_row=True)
    return question


@transaction.atomic
def create_survey(definition, *, user=None, **fields):
    """A new survey (draft) from a definition; SurveyError on anything the platform cannot run."""
    sections = definition.get("sections") or []
    if not sections or not any(s.get("questions") for s in sections):
        raise SurveyError("Phiếu khảo sát chưa có câu hỏi nào.")
    names = [q["name"] for s in sections for q in s.get("questions", [])]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SurveyError(f"Tên câu hỏi bị trùng: {', '.join(duplicates)}.")
    survey = Survey.objects.create(
        title=definition.get("title") or "Khảo sát",
        title_en=definition.get("title_en", ""),
        form_id=definition.get("form_id", ""),
        version=definition.get("version", ""),
        created_by=user if user and user.is_authenticated else None,
        **fields,
    )
    for s_order, entry in enumerate(sections):
        check_expressions(entry, f"Phần «{entry.get('name')}»")
        section = Section.objects.create(
            survey=survey,
            order=s_order,
            name=entry.get("name") or f"phan_{s_order + 1}",
            title=entry.get("title") or f"Phần {s_order + 1}",
            title_en=entry.get("title_en", ""),
            relevant=entry.get("relevant", ""),
        )
        for q_order, question in enumerate(entry.get("questions", [])):
            add_question(survey, section, question, q_order)
    return survey


def definition_of(survey):
    """The survey as a definition (the inverse of create_survey), for export and comparison."""
    sections = []
    for section in build(survey):
        questions = []
        for q in section["questions"]:
            entry = {"type": q["type"], "name": q["name"], "label": q["label"]}
            entry.update({key: q[key] for key in QUESTION_FIELDS if q.get(key) not in (None, "", False)})
            if q["type"] != Question.Type.COMMUNE and q["choices"]:
                entry["choices"] = [
                    {k: c[k] for k in ("name", "label", "label_en", "filters") if c[k]} for c in q["choices"]
                ]
            if q["rows"]:
                entry["rows"] = [{k: c[k] for k in ("name", "label", "label_en") if c[k]} for c in q["rows"]]
            questions.append(entry)
        item = {"name": section["name"], "title": section["title"], "questions": questions}
        item.update({k: section[k] for k in ("title_en", "relevant") if section[k]})
        sections.append(item)
    result = {"title": survey.title, "sections": sections}
    result.update({k: getattr(survey, k) for k in ("title_en", "form_id", "version") if getattr(survey, k)})
    return result


def open_survey(survey):
    if not survey.questions.exists():
        raise SurveyError("Chưa mở được: phiếu chưa có câu hỏi nào.")
    survey.status = Survey.Status.OPEN
    if survey.opens_at is None:
        survey.opens_at = timezone.now()
    if survey.closes_at and survey.closes_at <= timezone.now():
        survey.closes_at = None
    survey.save(update_fields=["status", "opens_at", "closes_at", "updated_at"])


def close_survey(survey):
    survey.status = Survey.Status.CLOSED
    survey.closes_at = timezone.now()
    survey.save(update_fields=["status", "closes_at", "updated_at"])


@transaction.atomic
def save_question(form):
    """Save a question from the back-office form, its choices and matrix rows replaced."""
    question = form.save(commit=False)
    question.survey = form.survey
    question.list_name = question.list_name or question.name
    question.save()
    question.choices.all().delete()
    if question.type != Question.Type.COMMUNE:
        _add_choices(question, form.cleaned_data["choices"])
        _add_choices(question, form.cleaned_data["rows"], is_row=True)
    return question


def add_first_section(survey):
    return Section.objects.create(survey=survey, order=0, name="phan_1", title="Phần 1")
