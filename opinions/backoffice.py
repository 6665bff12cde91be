"""Building blocks of the back-office screens, shared by every sub-package's admin module.

Scoped generic views (a handler of unit A gets 404 on unit B's records), edits that write the
case's change log, and the log of who viewed a citizen's contacts.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from opinions.backoffice_guards import scoped_object_screens
from opinions.cycle.services import log_event
from opinions.models import Case, CaseEvent, PersonalDataAccess, Signal, Unit

PERSONAL_FIELDS = ["reporter_name", "reporter_phone", "reporter_email", "reporter_zalo_id"]


def log_personal_data_access(user, signal, action, detail=""):
    if signal.has_personal_data:
        PersonalDataAccess.objects.create(user=user, signal=signal, action=action, detail=detail)


def _shown(value):
    """A value as the change log shows it: the choice label or the record's name, never a pk."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


class LoggedEditMixin:
    """Generic edit screens log each changed field (from → to) on the case's history, like the
    cycle's own screens: nothing about a case or a signal changes without a trace."""

    log_fields = ()

    def log_changes(self, instance, form, before):
        after = self.snapshot(instance)
        case = instance if isinstance(instance, Case) else getattr(instance, "case", None)
        signal = instance if isinstance(instance, Signal) else None
        for name in form.changed_data:
            if name not in self.log_fields:
                continue
            log_event(
                CaseEvent.Action.EDITED,
                actor=self.request.user,
                case=case,
                signal=signal,
                from_value=_shown(before[name]),
                to_value=_shown(after[name]),
                note=f"Sửa trực tiếp: {instance._meta.get_field(name).verbose_name}",
            )

    def snapshot(self, instance):
        """Each logged field as people read it: the choice's label, the related record's name."""
        values = {}
        for name in self.log_fields:
            display = getattr(instance, f"get_{name}_display", None)
            values[name] = display() if display else getattr(instance, name)
        return values

    def save_instance(self):
        if not self.log_fields:
            return super().save_instance()
        before = self.snapshot(type(self.object)._default_manager.get(pk=self.object.pk))
        with transaction.atomic():
            instance = super().save_instance()
            self.log_changes(instance, self.form, before)
        return instance


def form_choice_scopes():
    """The rule for each related model a form may offer: the same functions as the lists."""
    return {Case: access.scope_cases, Signal: access.scope_signals, Unit: access.scope_units}


class ScopedChoicesMixin:
    """Every choice a generic create/edit form offers (and so every id it accepts when posted) goes
    through the same scoping rule as the lists: a handler of unit A cannot pick, or post, unit B's case."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scopes = form_choice_scopes()
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model in scopes:
                field.queryset = scopes[queryset.model](self.request.user, queryset)
        return form


def scoped_views(scope, select_related=(), log_fields=()):
    """View classes whose querysets pass through scope(user, queryset): a handler of unit A
    gets 404 on unit B's records, whether from the list or from a typed-in URL. Edits of the
    log_fields are written to the change log."""
    logged = tuple(log_fields)

    class IndexView(generic.IndexView):
        def get_base_queryset(self):
            queryset = super().get_base_queryset()
            if select_related:
                queryset = queryset.select_related(*select_related)
            return scope(self.request.user, queryset)

    class EditView(ScopedChoicesMixin, LoggedEditMixin, generic.EditView):
        log_fields = logged

        def get_queryset(self):
            return scope(self.request.user, self.model._default_manager.all())

    class InspectView(generic.InspectView):
        def get_object(self, queryset=None):
            return get_object_or_404(scope(self.request.user, self.model._default_manager.all()), pk=self.pk)

        def get_field_display_value(self, field_name=None, field=None):
            # Wagtail looks for get_<name>_display_value first: for our model field named "field"
            # that finds this very method, called without arguments.
            if field_name is None:
                return str(self.object.field or "-")
            return super().get_field_display_value(field_name, field)

    class DeleteView(generic.DeleteView):
        def get_queryset(self):
            return scope(self.request.user, self.model._default_manager.all())

    return IndexView, EditView, InspectView, DeleteView


class ScopedCreateView(ScopedChoicesMixin, generic.CreateView):
    """The generic create screen with its choices scoped (see ScopedChoicesMixin)."""


class ScopedModelViewSet(ModelViewSet):
    scope = None
    list_select_related = ()
    log_fields = ()
    inspect_view_enabled = True
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        if self.scope is not None:
            index, edit, inspect, delete = scoped_views(type(self).scope, self.list_select_related, self.log_fields)
            self.index_view_class = index
            self.add_view_class = ScopedCreateView
            self.edit_view_class = edit
            self.inspect_view_class = inspect
            self.delete_view_class = delete
            scoped_object_screens(self, type(self).scope)
        super().__init__(*args, **kwargs)
