"""Services of the respondent's pages: finding the response in progress, finishing it once.

Nothing here stores an IP address or an account with the answers: the address is only hashed into
a rate-limit key of the shared cache, and the "already answered" mark is a signed cookie.
"""

import hashlib

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from opinions.intake.web import client_address
from opinions.services import personal_data_collected

from .models import Invitation, RespondentContact, Response

RATE_LIMIT_PER_HOUR = 30
COOKIE_AGE = 30 * 24 * 3600
SALT = "surveys.respond"
NOTICE_VERSION = "khao-sat-2026-1"
USED = "Mã mời này đã được dùng để trả lời. Mỗi thư mời chỉ trả lời được một lần."


class Refused(Exception):
    """A submission that cannot be taken (the message is shown to the respondent)."""


def progress_cookie(survey):
    return f"ks-{survey.pk}"


def done_cookie(survey):
    return f"ks-xong-{survey.pk}"


def current_response(request, survey):
    """The respondent's response in progress (from the signed cookie), or None."""
    try:
        key = request.get_signed_cookie(progress_cookie(survey), salt=SALT)
    except (KeyError, signing.BadSignature):
        return None
    return Response.objects.filter(survey=survey, resume_key=key, status=Response.Status.IN_PROGRESS).first()


def already_answered(request, survey):
    try:
        return request.get_signed_cookie(done_cookie(survey), salt=SALT) == "1"
    except (KeyError, signing.BadSignature):
        return False


def _rate_key(request, survey):
    digest = hashlib.sha256(f"{survey.pk}:{client_address(request)}".encode()).hexdigest()[:24]
    return f"survey-rate:{digest}"


def over_rate_limit(request, survey):
    return (cache.get(_rate_key(request, survey)) or 0) >= RATE_LIMIT_PER_HOUR


def count_submission(request, survey):
    key = _rate_key(request, survey)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=3600)


def submission_key(request):
    """The one-use key the page put in the form (None without it: no retry to recognise)."""
    key = (request.POST.get("submission_key") or "").strip()
    return key[:64] if key.isalnum() else None


def stored(survey, key):
    """The completed response that a submission with this key already left, or None (a retry)."""
    if not key:
        return None
    return Response.objects.filter(survey=survey, submission_key=key, status=Response.Status.COMPLETE).first()


def save_progress(response, survey, answers, page):
    response = response or Response(survey=survey)
    response.answers, response.page = answers, page
    response.save()
    return response


def _save(response, survey, key, *, guarded):
    """Insert the response; the earlier one if a concurrent retry stored the same key meanwhile."""
    if guarded or not key:
        response.save()  # a spent token (guarded) already keeps a concurrent retry out
        return None
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        earlier = stored(survey, key)
        if earlier is None:
            raise
        return earlier
    return None


@transaction.atomic
def finish(request, survey, response, answers, *, invitation=None, contact=None, key=None):
    """Store the completed response once: the invitation's token is spent in the same transaction.

    Two statements for an invitation (spend the token, insert the answers as one JSON row). A retry
    of the same submission (same key: double click, a lost answer) gets the stored response back."""
    if invitation is not None:
        spent = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
        if spent != 1:
            earlier = stored(survey, key)
            if earlier is None:
                raise Refused(USED)
            return earlier
    elif key:
        earlier = stored(survey, key)
        if earlier is not None:
            return earlier
    response = response or Response(survey=survey)
    response.submission_key = key
    response.answers = answers
    response.status = Response.Status.COMPLETE
    response.submitted_at = timezone.now()
    response.source = Response.Source.INVITATION if invitation else Response.Source.WEB
    response.possible_duplicate = invitation is None and already_answered(request, survey)
    earlier = _save(response, survey, key, guarded=invitation is not None)
    if earlier is not None:
        return earlier
    if contact and any(contact.get(k) for k in ("full_name", "phone", "email")):
        record = RespondentContact.objects.create(
            survey=survey, consent_at=timezone.now(), notice_version=NOTICE_VERSION, **contact
        )
        personal_data_collected.send(
            sender=RespondentContact,
            instance=record,
            channel="survey",
            notice_version=NOTICE_VERSION,
            purposes=["survey_follow_up"],
        )
    return response


def remember(http_response, survey, response=None, done=False):
    """Set the signed cookies: the response in progress, or the mark of a finished one."""
    if done:
        http_response.delete_cookie(progress_cookie(survey))
        http_response.set_signed_cookie(
            done_cookie(survey), "1", salt=SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
        )
    elif response is not None:
        http_response.set_signed_cookie(
            progress_cookie(survey), response.resume_key, salt=SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
        )
    return http_response
