"""From records to search documents: what of a signal, case or page is searchable, and by whom.

Only text meant for the audience goes in: a signal's title, text and place (never the reporter's
name, phone or e-mail); a case's title, summary and approved answers; a page's title, search
description and the text of its body fields. Public documents are live pages without view
restrictions and cases published with an answer (Case.is_public, status answered or closed).
"""

import re
from collections.abc import Mapping, Sequence
from html import unescape

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from opinions.models import Case, Field, Response, Signal
from opinions.publication import is_published
from opinions.redaction import public_text

from .models import SearchDocument
from .text import index_forms

_TAG = re.compile(r"<[^>]+>")
PUBLIC_CASE_STATUSES = {Case.Status.ANSWERED, Case.Status.CLOSED}


def _admin_url(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def html_text(value):
    return " ".join(unescape(_TAG.sub(" ", str(value or ""))).split())


def _stream_strings(data):
    """Every string inside a StreamField's raw data (headings, paragraphs, quotes, nested blocks)."""
    if isinstance(data, str):
        yield html_text(data)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if key not in ("type", "id"):
                yield from _stream_strings(value)
    elif isinstance(data, Sequence):
        for item in data:
            yield from _stream_strings(item)


def page_text(page):
    """Search description and the text of the page's own body fields (StreamField, rich text, text)."""
    parts = [page.search_description]
    for model_field in page._meta.get_fields():
        if getattr(model_field, "model", None) is Page or not getattr(model_field, "concrete", False):
            continue
        value = getattr(page, model_field.attname, None)
        if isinstance(model_field, StreamField):
            parts.extend(_stream_strings(list(value.raw_data) if value is not None else []))
        elif isinstance(model_field, RichTextField):
            parts.append(html_text(value))
        elif model_field.get_internal_type() == "TextField" and isinstance(value, str):
            parts.append(value)
    return "\n".join(p for p in parts if p)


def _fill(values, title, text):
    values["title"] = (title or "")[:255]
    values["text"] = text or ""
    return values


FIELD_LINE = "Lĩnh vực: "


def _indexed(values, field_names):
    """The document's text ends with its field's name ("Lĩnh vực: Bồi thường, hỗ trợ, tái định cư,
    GPMB"), so that a record filed under a field is found by the field's words and abbreviations even
    when its own text does not use them; then the normalised and folded forms of title and text."""
    name = field_names.get(values.get("field_id"))
    if name:
        values["text"] = f"{values['text']}\n{FIELD_LINE}{name}"
    values["norm"], values["folded"] = index_forms(f"{values['title']}\n{values['text']}")
    return values


def signal_values(signal):
    text = "\n".join(p for p in (signal.text, signal.address) if p)
    return _fill(
        {
            "url": _admin_url("signals:inspect", signal.pk),
            "is_public": False,
            "unit_id": signal.case.assigned_unit_id if signal.case_id else None,
            "field_id": signal.field_id,
            "area_id": signal.area_id,
            "signal_kind": signal.kind,
            "status": signal.status,
            "channel": signal.channel,
            "date": signal.received_at,
        },
        signal.title or signal.text[:100],
        text,
    )


def case_values(case):
    answers = [r.text for r in case.responses.all() if r.status == Response.Status.APPROVED]
    is_public = bool(case.is_public and case.status in PUBLIC_CASE_STATUSES and is_published(case))
    # A public document is what anyone can search: its text has contacts hidden, like the case page.
    shown = (lambda text: public_text(text, case)) if is_public else (lambda text: text)
    return _fill(
        {
            "url": _admin_url("cases:inspect", case.pk),
            "is_public": is_public,
            "unit_id": case.assigned_unit_id,
            "field_id": case.field_id,
            "area_id": case.area_id,
            "signal_kind": case.kind,
            "status": case.status,
            "channel": "",
            "date": case.created_at,
        },
        shown(case.title),
        shown("\n".join([case.summary, *answers])),
    )


REBUTTAL = "rebuttal"
VERDICT_PREFIX = "Kết luận: "


def rebuttal_text(page):
    """A rebuttal's text with the verdict first and the false claim last, marked as such, so that a
    snippet never reads as if the claim were the authority's word (search.service shows the first
    line, the verdict, before the snippet)."""
    claim = page.claim
    page.claim = ""
    try:
        body = page_text(page)
    finally:
        page.claim = claim
    return f"{VERDICT_PREFIX}{page.get_verdict_display()}.\n{body}\nThông tin bị phản bác: “{claim}”"


def page_values(page):
    page = page.specific
    is_public = bool(page.live and not page.get_view_restrictions().exists() and page.depth > 1)
    rebuttal = bool(getattr(page, "verdict", "") and hasattr(page, "claim"))
    return _fill(
        {
            "url": page.get_url() or "",
            "is_public": is_public,
            "unit_id": None,
            "field_id": getattr(page, "field_id", None),
            "area_id": None,
            "signal_kind": REBUTTAL if rebuttal else "",
            "status": "live" if page.live else "draft",
            "channel": "",
            "date": page.last_published_at or page.first_published_at,
        },
        page.title,
        rebuttal_text(page) if rebuttal else page_text(page),
    )


LOADERS = {
    SearchDocument.Kind.SIGNAL: lambda ids: Signal.objects.select_related("case").filter(pk__in=ids),
    SearchDocument.Kind.CASE: lambda ids: Case.objects.prefetch_related("responses").filter(pk__in=ids),
    SearchDocument.Kind.PAGE: lambda ids: Page.objects.filter(pk__in=ids, depth__gt=1),
}
BUILDERS = {
    SearchDocument.Kind.SIGNAL: signal_values,
    SearchDocument.Kind.CASE: case_values,
    SearchDocument.Kind.PAGE: page_values,
}


def update_documents(kind, ids):
    """Bring the documents of these records up to date; records gone are removed. Returns
    (ids indexed, ids deleted)."""
    ids = {int(i) for i in ids}
    found = {obj.pk: obj for obj in LOADERS[kind](ids)}
    field_names = dict(Field.objects.values_list("pk", "name")) if found else {}
    with transaction.atomic():
        for pk, obj in found.items():
            values = _indexed(BUILDERS[kind](obj), field_names)
            SearchDocument.objects.update_or_create(kind=kind, object_id=pk, defaults=values)
        gone = ids - set(found)
        if gone:
            SearchDocument.objects.filter(kind=kind, object_id__in=gone).delete()
    return sorted(found), sorted(gone)


def all_ids():
    """Every record that should be in the index, by kind (for search_reindex)."""
    return {
        SearchDocument.Kind.SIGNAL: list(Signal.objects.values_list("pk", flat=True)),
        SearchDocument.Kind.CASE: list(Case.objects.values_list("pk", flat=True)),
        SearchDocument.Kind.PAGE: list(Page.objects.filter(depth__gt=1).values_list("pk", flat=True)),
    }
