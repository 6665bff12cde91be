"""State changes of official content shared by the back-office and tests."""

from django.db import transaction
from django.utils import timezone

from cms.lib.text import slugify_vi
from opinions import access
from opinions.redaction import public_text

from .models import DRAFT_TITLE_PREFIX, FACTS_GUIDANCE, RebuttalIndexPage, RebuttalPage


class RebuttalError(Exception):
    """A rebuttal cannot be started; the message is for the user (Vietnamese)."""


def rebuttal_index():
    return RebuttalIndexPage.objects.first()


def can_start_rebuttal(user, index=None):
    index = index or rebuttal_index()
    return bool(index and user.is_authenticated and index.permissions_for_user(user).can_add_subpage())


def cases_for_rebuttal(user, queryset):
    """Cases whose public facts a user may turn into a rebuttal.

    The office and leaders see every case; editors write the province's official information for the
    office, so they see every case too, but only its title, summary, field and area (never signals or
    citizens' contacts); handlers see their unit's cases.
    """
    if access.EDITOR_GROUP in access._group_names(user):
        return queryset
    return access.scope_cases(user, queryset)


@transaction.atomic
def start_rebuttal_from_case(actor, case):
    """Create a draft RebuttalPage pre-filled with the case's facts; returns the page (not live).

    Nothing personal is copied: the case's free text passes through the public redaction (contacts a
    citizen typed into the description, their name) before it reaches the page.
    """
    index = rebuttal_index()
    if index is None:
        raise RebuttalError("Chưa có trang “Thông tin phản bác, cải chính”; hãy tạo trang này trước.")
    if not can_start_rebuttal(actor, index):
        raise RebuttalError("Tài khoản này không được viết thông tin phản bác.")
    title = f"{DRAFT_TITLE_PREFIX}{public_text(case.title, case)}"
    slug = base = slugify_vi(title, 70) or "phan-bac"
    n = 1
    while index.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    page = RebuttalPage(
        title=title,
        slug=slug,
        live=False,
        owner=actor,
        claim=public_text(case.summary or case.title, case),
        claim_date=timezone.localdate(case.created_at) if case.created_at else None,
        field=case.field,
        related_case=case,
        author_unit=access.profile_unit(actor),
        facts=[("paragraph", f"<p>{FACTS_GUIDANCE}</p>")],
    )
    index.add_child(instance=page)
    page.save_revision(user=actor, log_action=True)
    return page
