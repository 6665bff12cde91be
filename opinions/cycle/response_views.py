"""The generic Responses screens (Phản hồi) go through the cycle's services, like the case page.

A handler picks only cases of their unit (the posted id too), the author is whoever drafts, an
approved answer is never edited nor deleted (a correction is a new draft through approval), and each
draft is written to the case's history by draft_response.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from opinions import access
from opinions.backoffice import ScopedCreateView
from opinions.cycle import services as workflow
from opinions.models import Case, Response

DRAFTABLE = [*Case.OPEN_STATUSES, Case.Status.ANSWERED]


class ResponseCreateForm(forms.Form):
    case = forms.ModelChoiceField(label="Vụ việc", queryset=Case.objects.none())
    text = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea)


def _save_draft(view, case, text):
    try:
        return workflow.draft_response(view.request.user, case, text)
    except (workflow.WorkflowError, PermissionDenied) as error:
        view.form.add_error(None, str(error) or "Anh, chị không có quyền soạn trả lời vụ việc này.")
        return None


class ResponseCreateView(ScopedCreateView):
    def get_form_class(self):
        return ResponseCreateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.pop("for_user", None)
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["case"].queryset = access.scope_cases(self.request.user, Case.objects.filter(status__in=DRAFTABLE))
        return form

    def form_valid(self, form):
        self.form = form
        self.object = _save_draft(self, form.cleaned_data["case"], form.cleaned_data["text"])
        if self.object is None:
            return self.form_invalid(form)
        return self.save_action()


def response_views(edit, delete):
    """Edit and delete screens that refuse an approved answer and save drafts through the service."""

    class ResponseEditView(edit):
        log_fields = ()

        def get_form(self, form_class=None):
            form = super().get_form(form_class)
            form.fields.pop("case", None)  # a response never moves to another case
            return form

        def dispatch(self, request, *args, **kwargs):
            self.object = self.get_object()
            if self.object.status == Response.Status.APPROVED:
                messages.error(request, "Câu trả lời đã phê duyệt không sửa được; hãy soạn câu trả lời đính chính.")
                return redirect(self.get_success_url())
            return super().dispatch(request, *args, **kwargs)

        def form_valid(self, form):
            self.form = form
            saved = _save_draft(self, self.object.case, form.cleaned_data["text"])
            if saved is None:
                return self.form_invalid(form)
            self.object = saved
            return self.save_action()

    class ResponseDeleteView(delete):
        def get_queryset(self):
            return super().get_queryset().exclude(status=Response.Status.APPROVED)

    return ResponseEditView, ResponseDeleteView
