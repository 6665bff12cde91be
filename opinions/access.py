"""Who may see what: the four roles and the scoping of records to a handler's unit.

Roles are Django groups (created by load_reference_data):
- opinion office (Ban Tuyên giáo và Dân vận): everything, including citizens' contact details;
- unit handler: only the cases assigned to their unit and the signals in them;
- editor: official content pages only;
- leader: reads everything, changes nothing, never sees citizens' contact details.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from opinions import restrictions

OFFICE_GROUP = "Ban Tuyên giáo và Dân vận"
HANDLER_GROUP = "Cán bộ xử lý đơn vị"
EDITOR_GROUP = "Biên tập viên"
LEADER_GROUP = "Lãnh đạo"
ROLE_GROUPS = [OFFICE_GROUP, HANDLER_GROUP, EDITOR_GROUP, LEADER_GROUP]
# The roles that work on a unit's records (an editor's unit is only where they sit).
UNIT_ROLES = {OFFICE_GROUP, HANDLER_GROUP, LEADER_GROUP}


def _group_names(user):
    if not hasattr(user, "_role_group_names"):
        user._role_group_names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._role_group_names


def is_office(user):
    return user.is_authenticated and (user.is_superuser or OFFICE_GROUP in _group_names(user))


def is_leader(user):
    return user.is_authenticated and LEADER_GROUP in _group_names(user)


def is_handler(user):
    """A unit's handler: in the handlers' group and attached to a unit."""
    return user.is_authenticated and HANDLER_GROUP in _group_names(user) and user_unit(user) is not None


def sees_everything(user):
    return is_office(user) or is_leader(user)


def require_office(user):
    """Stop anyone but the opinion office (PermissionDenied, shown as "không có quyền")."""
    if not is_office(user):
        raise PermissionDenied("Chỉ Ban Tuyên giáo và Dân vận được thực hiện thao tác này.")


def require_office_to_post(request):
    """A screen others may read: its POST (a change) is the office's alone, refused before any form
    is read (the access matrix proves a leader's or a handler's POST gets 403)."""
    if request.method not in ("GET", "HEAD"):
        require_office(request.user)


def require_office_or_leader(user):
    """Stop anyone but the opinion office and the leaders: the screens that look across units."""
    if not sees_everything(user):
        raise PermissionDenied("Chỉ Ban Tuyên giáo và Dân vận và lãnh đạo được xem trang này.")


def profile_unit(user):
    """The unit a back-office user sits in (their staff profile), whatever their role, or None."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.unit if profile else None


def user_unit(user):
    """The unit whose records a back-office user works on, or None. An editor (official pages only)
    or a user without a role gets None even with a staff profile: every list, screen and form scoped
    by the unit then shows them nothing (issue 18's access matrix found editors of the office's unit
    reaching its cases, dashboard and surveys)."""
    if not user.is_authenticated or not (user.is_superuser or _group_names(user) & UNIT_ROLES):
        return None
    return profile_unit(user)


def _scoped(user, queryset, condition):
    """Everything for the office and leaders; for a unit's handler what condition(unit) selects;
    nothing for anyone without a unit."""
    if sees_everything(user):
        return queryset
    unit = user_unit(user)
    if unit is None:
        return queryset.none()
    return queryset.filter(condition(unit))


def scope_cases(user, queryset):
    return _scoped(user, queryset, lambda unit: Q(assigned_unit=unit))


def scope_signals(user, queryset):
    return _scoped(user, queryset, lambda unit: Q(case__assigned_unit=unit))


def scope_responses(user, queryset):
    return _scoped(user, queryset, lambda unit: Q(case__assigned_unit=unit))


def scope_units(user, queryset):
    return _scoped(user, queryset, lambda unit: Q(pk=unit.pk) | Q(parent=unit))


def can_see_personal_data(user, signal):
    """Citizens' contacts are for those who handle the case: the office and the assigned unit."""
    if is_office(user):
        return True
    if is_leader(user) or restrictions.is_restricted(signal):  # a restricted record: the office only
        return False
    unit = user_unit(user)
    return bool(unit and signal.case_id and signal.case.assigned_unit_id == unit.pk)


def can_see_network_contacts(user):
    """Phone, e-mail and ID number of focal points and collaborators: the opinion office only."""
    return is_office(user)


def scope_network(user, queryset, unit_field="unit"):
    """Rosters and unit reports: the office and leaders see all, a unit's staff their unit's rows."""
    return _scoped(user, queryset, lambda unit: Q(**{unit_field: unit}))
