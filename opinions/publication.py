"""When a case is public: the citizen's choice, the office's decision, and an approved answer first.

One rule, read by the public case pages and list, public search and the generic case screen:
- only the opinion office may set Case.is_public, and only when no citizen in the case refused
  publication (Signal.allow_public unticked on a citizen's report);
- a case shows on the public site only once it is answered or closed with an approved answer.
"""

from django import forms
from django.db.models import Exists, OuterRef

from opinions import access
from opinions.models import Case, Channel, Response, Signal
from opinions.redaction import reporter_prefetch

# Channels where a citizen files a report and chooses whether it may be public (Open311 uses the same).
CITIZEN_CHANNELS = [Channel.WEB, Channel.OPEN311, Channel.HOTLINE, Channel.RECEPTION, Channel.DIALOGUE, Channel.EMAIL]
ANSWERED = [Case.Status.ANSWERED, Case.Status.CLOSED]
REFUSED_MESSAGE = "Người dân không đồng ý công khai nội dung ý kiến của mình: không thể công khai vụ việc này."


def _refused(case_ref):
    return Signal.objects.filter(case=case_ref, channel__in=CITIZEN_CHANNELS, allow_public=False)


def citizens_allow(case):
    return not _refused(case).exists()


def published_cases(queryset=None):
    """The cases the public may read: published by the office, agreed by every citizen, answered."""
    queryset = Case.objects.all() if queryset is None else queryset
    approved = Response.objects.filter(case=OuterRef("pk"), status=Response.Status.APPROVED)
    published = queryset.alias(has_answer=Exists(approved), refused=Exists(_refused(OuterRef("pk"))))
    published = published.filter(is_public=True, status__in=ANSWERED, has_answer=True, refused=False)
    return published.prefetch_related(reporter_prefetch())


def is_published(case):
    return published_cases(Case.objects.filter(pk=case.pk)).exists()


def publication_edit_view(edit):
    """The generic case edit screen: is_public only for the office, only with the citizens' consent."""

    class CaseEditView(edit):
        def get_form(self, form_class=None):
            form = super().get_form(form_class)
            if "is_public" in form.fields and not access.is_office(self.request.user):
                del form.fields["is_public"]
            return form

        def is_valid(self, form):
            valid = super().is_valid(form)
            if valid and form.cleaned_data.get("is_public") and not citizens_allow(self.object):
                form.add_error("is_public", forms.ValidationError(REFUSED_MESSAGE))
                self.produced_error_message = self.get_error_message()
                return False
            return valid

    return CaseEditView
