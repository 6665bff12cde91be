"""Guards of the back-office screens that Wagtail gives for free: read-only and office-only permission
policies, refused edit/delete views, scoped history and usage screens, the site history kept from
unit handlers, and the log of screens that show contacts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import generic
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.permission_policies import ModelPermissionPolicy

from opinions import access
from opinions.models import PersonalDataAccess


def log_contact_view(user, detail):
    """A screen showed contacts that belong to no single signal (outgoing mail, rosters)."""
    PersonalDataAccess.objects.create(user=user, action=PersonalDataAccess.Action.VIEW, detail=detail[:255])


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Whatever the groups' model permissions say: the office reads, no one adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and access.is_office(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.is_office(user)

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission(["view"], **kwargs) if "view" in actions else []

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class _Refused:
    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied("Nhật ký chỉ được ghi thêm, không được sửa hay xóa.")


class RefusedEditView(_Refused, generic.EditView):
    pass


class RefusedDeleteView(_Refused, generic.DeleteView):
    pass


class OfficeOnlyPolicy(ModelPermissionPolicy):
    """Records that hold citizens' contacts (outgoing mail): the opinion office only, whatever else
    the groups' model permissions say (leaders read everything else, never contacts)."""

    def user_has_permission(self, user, action):
        return access.is_office(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return access.is_office(user) and super().user_has_any_permission(user, actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


def logged_contact_views(inspect, edit, label):
    """Inspect and edit screens of a record with contacts: each opening is written to the
    personal-data access log (who, when, which record)."""

    class LoggedInspectView(inspect):
        def get(self, request, *args, **kwargs):
            log_contact_view(request.user, f"xem {label} #{self.object.pk}")
            return super().get(request, *args, **kwargs)

    class LoggedEditView(edit):
        def get(self, request, *args, **kwargs):
            log_contact_view(request.user, f"mở trang sửa {label} #{self.get_object().pk}")
            return super().get(request, *args, **kwargs)

    return LoggedInspectView, LoggedEditView


def scoped_object_screens(viewset, scope):
    """Wagtail's per-record history and usage screens show a record's title and edits: they answer
    404 for a record outside the user's scope, like the record's own screens."""

    def guard(base):
        class ScopedObjectView(base):
            def get_object(self):
                obj = super().get_object()
                if not scope(self.request.user, self.model._default_manager.filter(pk=obj.pk)).exists():
                    raise Http404
                return obj

        return ScopedObjectView

    viewset.history_view_class = guard(viewset.history_view_class)
    viewset.usage_view_class = guard(viewset.usage_view_class)


def sees_site_history(user):
    """Wagtail's site history lists every edit of every record type the user may view: a unit's
    handler would read other units' cases there. The office, leaders and page editors keep it."""
    return access.sees_everything(user) or access.HANDLER_GROUP not in access._group_names(user)


def guarded_site_history(view):
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not sees_site_history(request.user):
            raise PermissionDenied("Nhật ký toàn trang chỉ dành cho Ban Tuyên giáo và Dân vận và lãnh đạo.")
        return view(request, *args, **kwargs)

    return wrapper


def site_history_urls():
    """Placed before Wagtail's admin URLs (cms/urls.py): the same views, behind sees_site_history."""
    view = require_admin_access(guarded_site_history(LogEntriesView.as_view()))
    results = require_admin_access(guarded_site_history(LogEntriesView.as_view(results_only=True)))
    return [
        path("admin/reports/site-history/", view),
        path("admin/reports/site-history/results/", results),
    ]
