"""Hộp thông báo: the back-office inbox of the cycle (new case for my unit, answer sent back or
approved, reopened by the citizen, due soon). Written in the same transaction as the change it reports."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from opinions import access
from opinions.models import Notification

Kind = Notification.Kind


def staff_name(user):
    """Vietnamese order: family and middle names (last_name) before the given name (first_name)."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def unit_staff(unit):
    if unit is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(staff_profile__unit=unit, is_active=True)


def office_staff():
    return (
        get_user_model()
        .objects.filter(Q(groups__name=access.OFFICE_GROUP) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


def notify_users(users, kind, text, case=None):
    """One unread notice per user (each user once)."""
    seen, rows = set(), []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, text=text[:500], case=case))
    return Notification.objects.bulk_create(rows)


def notify_unit(case, kind, text):
    """The unit's staff; when a named officer handles the case, that officer too (even outside the unit)."""
    users = list(unit_staff(case.assigned_unit))
    if case.assigned_officer_id:
        users.append(case.assigned_officer)
    return notify_users(users, kind, text, case)


def notify_office(case, kind, text):
    return notify_users(office_staff(), kind, text, case)


def unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(user, pks=None):
    """Mark the user's notices read (all of them, or the given ones); returns how many."""
    rows = unread(user)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())
