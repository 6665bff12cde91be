"""A survey as plain data, read once: sections, questions, choices and their parsed expressions.

The respondent's pages, the server-side validation, the XLSForm export and the results all read
this structure instead of querying the questions again; the page gets the same expression trees.
build() reads it in three statements; cached_build() keeps it per survey version (Survey.updated_at,
moved forward by every change of a section, question or choice: surveys/signals.py) in each web
process, so a respondent's page and submission do not rebuild it. The cached structure is shared
between requests and threads: read it, never change it (the page copies what it adds).
"""

import random
import threading
from collections import OrderedDict

from django.db.models import Prefetch

from opinions.models import Area

from .expressions import parse
from .models import Choice, Question

CACHE_SIZE = 32
_BUILT: OrderedDict = OrderedDict()
_LOCK = threading.Lock()

COMMUNE_LIST = "xa_phuong"


def commune_choices():
    """The 124 commune-level units as choices (code, name), in name order."""
    return [
        {"name": code, "label": name, "label_en": "", "filters": {}}
        for code, name in Area.objects.exclude(kind=Area.Kind.PROVINCE).order_by("name").values_list("code", "name")
    ]


def _question(question, communes):
    choices, rows = [], []
    for choice in question.choices.all():
        entry = {"name": choice.name, "label": choice.label, "label_en": choice.label_en, "filters": choice.filters}
        (rows if choice.is_row else choices).append(entry)
    if question.type == Question.Type.COMMUNE:
        choices = communes()
    return {
        "name": question.name,
        "type": question.type,
        "label": question.label,
        "label_en": question.label_en,
        "hint": question.hint,
        "required": question.required,
        "required_message": question.required_message,
        "relevant": question.relevant,
        "constraint": question.constraint,
        "constraint_message": question.constraint_message,
        "choice_filter": question.choice_filter,
        "calculation": question.calculation,
        "appearance": question.appearance,
        "parameters": question.parameters,
        "randomize": question.randomize,
        "list_name": question.list_name,
        "scale": question.scale(),
        "choices": choices,
        "rows": rows,
        "ast": {
            key: parse(getattr(question, key))
            for key in ("relevant", "constraint", "choice_filter", "calculation")
            if getattr(question, key)
        },
    }


def build(survey):
    """[{name, title, title_en, relevant, ast, questions: [...]}] for one survey."""
    ordered = Question.objects.order_by("order", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
    )
    sections = list(survey.sections.prefetch_related(Prefetch("questions", queryset=ordered)).order_by("order", "pk"))
    cache = {}

    def communes():
        if "c" not in cache:
            cache["c"] = commune_choices()
        return cache["c"]

    return [
        {
            "name": section.name,
            "title": section.title,
            "title_en": section.title_en,
            "relevant": section.relevant,
            "ast": parse(section.relevant),
            "questions": [_question(q, communes) for q in section.questions.all()],
        }
        for section in sections
    ]


def cached_build(survey):
    """build(survey), kept per (survey, version) in this process; read-only for the caller."""
    key = (survey.pk, survey.updated_at)
    with _LOCK:
        schema = _BUILT.get(key)
        if schema is not None:
            _BUILT.move_to_end(key)
            return schema
    schema = build(survey)
    with _LOCK:
        _BUILT[key] = schema
        while len(_BUILT) > CACHE_SIZE:
            _BUILT.popitem(last=False)
    return schema


def questions(schema):
    return [question for section in schema for question in section["questions"]]


def shuffled(question, seed):
    """The choices in the order a respondent sees them: randomised per respondent when asked."""
    choices = list(question["choices"])
    if question["randomize"]:
        random.Random(f"{seed}:{question['name']}").shuffle(choices)
    return choices
