"""A survey as plain data, read once: sections, questions, choices and their parsed expressions.

The respondent's pages, the server-side validation, the XLSForm export and the results all read
this structure instead of querying the questions again; the page gets the same expression trees.
"""

import random

from opinions.models import Area

from .expressions import parse
from .models import Question

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
    sections = list(survey.sections.prefetch_related("questions__choices").order_by("order", "pk"))
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
            "questions": [_question(q, communes) for q in section.questions.all().order_by("order", "pk")],
        }
        for section in sections
    ]


def questions(schema):
    return [question for section in schema for question in section["questions"]]


def shuffled(question, seed):
    """The choices in the order a respondent sees them: randomised per respondent when asked."""
    choices = list(question["choices"])
    if question["randomize"]:
        random.Random(f"{seed}:{question['name']}").shuffle(choices)
    return choices
