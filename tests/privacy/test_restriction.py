"""Restriction and objection, enforced: once carried out the person's records are only stored (no
analysis, no roster export or survey invitation, contacts for the office only, a mark on the case);
lifting is possible, needs a reason and is logged."""

import pytest
from django.urls import reverse

from opinions.models import Case, Collaborator, Signal, Unit
from opinions.network.imports import export_queryset
from opinions.restrictions import exclude_restricted, is_restricted
from opinions.suggestions.services import pending_signals, reanalyse_signals
from privacy.models import ConsentRecord, Restriction
from surveys.invitations import panel_members
from surveys.models import Invitation

from .conftest import EMAIL, OTHER_EMAIL, OTHER_NAME, PHONE, feedback
from .support import ask, office_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(client, notice):
    signal = feedback(client)
    unit = Unit.objects.get(code="ubnd-24781")
    case = Case.objects.create(title="Rác tồn đọng", status=Case.Status.ASSIGNED, assigned_unit=unit)
    Signal.objects.filter(pk=signal.pk).update(case=case, status=Signal.Status.NEW)
    mine = Collaborator.objects.create(full_name="Trần Thị Bích Ngọc", phone="0912345678", email=EMAIL)
    other = Collaborator.objects.create(full_name=OTHER_NAME, phone="0977111222", email=OTHER_EMAIL)
    return Signal.objects.get(pk=signal.pk), case, mine, other


def _carry_out(client, office_user, signal, kind):
    item = ask(client, signal, kind, EMAIL)
    staff = type(client)()
    staff.force_login(office_user)
    office_action(staff, item, "xac-nhan")
    office_action(staff, item, "thuc-hien")
    return item, staff


def _page(user, case):
    from django.test import Client

    browser = Client()
    browser.force_login(user)
    response = browser.get(reverse("cycle:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("kind", ["restrict", "object"])
def test_a_restriction_stops_every_processing_but_storage(client, office_user, handler_user, planted, kind):
    signal, case, mine, other = planted
    assert PHONE in _page(handler_user, case)  # before: the assigned unit sees the contacts
    item, _staff = _carry_out(client, office_user, signal, kind)
    assert Restriction.objects.filter(request=item, lifted_at__isnull=True).count() == 2  # signal, roster row
    assert is_restricted(signal) and is_restricted(mine) and not is_restricted(other)
    field = "restricted_at" if kind == "restrict" else "objected_at"
    assert getattr(ConsentRecord.objects.get(object_id=signal.pk, channel="web"), field)
    # no analysis or suggestions
    assert not pending_signals().filter(pk=signal.pk).exists()
    assert reanalyse_signals([signal.pk]) == 0
    # no roster export nor survey invitation
    assert list(export_queryset("collaborators")) == [other]
    assert [email for _, email, _ in panel_members(Invitation.Panel.COLLABORATORS)] == [OTHER_EMAIL]
    # the handler reads the mark and not the contacts; the office reads both
    handler_page = _page(handler_user, case)
    assert 'data-testid="restricted-mark"' in handler_page and PHONE not in handler_page and EMAIL not in handler_page
    office_page = _page(office_user, case)
    assert 'data-testid="restricted-mark"' in office_page and PHONE in office_page
    # stored: nothing deleted
    signal.refresh_from_db()
    assert signal.reporter_phone == PHONE and Collaborator.objects.filter(pk=mine.pk).exists()


def test_lifting_needs_a_reason_is_logged_and_restores_processing(client, office_user, handler_user, planted):
    signal, case, mine, _other = planted
    item, staff = _carry_out(client, office_user, signal, "restrict")
    office_action(staff, item, "go-han-che", reason="")
    assert Restriction.objects.filter(lifted_at__isnull=True).count() == 2  # no reason: nothing lifted
    detail = staff.get(f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/").content.decode()
    assert "Gỡ hạn chế xử lý" in detail and "đang áp dụng" in detail
    office_action(staff, item, "go-han-che", reason="Người dân đề nghị gỡ hạn chế ngày 03/12/2026")
    assert not Restriction.objects.filter(lifted_at__isnull=True).exists()
    lifted = Restriction.objects.filter(request=item)
    assert {(r.lifted_by, r.lift_reason) for r in lifted} == {
        (office_user, "Người dân đề nghị gỡ hạn chế ngày 03/12/2026")
    }
    assert "Đã gỡ hạn chế xử lý (2 bản ghi)" in item.history[-1]["text"]
    assert ConsentRecord.objects.get(object_id=signal.pk, channel="web").restricted_at is None
    assert not is_restricted(signal) and exclude_restricted(Collaborator.objects.filter(pk=mine.pk)).exists()
    assert PHONE in _page(handler_user, case) and "restricted-mark" not in _page(handler_user, case)
    office_action(staff, item, "go-han-che", reason="lần nữa")
    assert "đã được gỡ" not in item.history[-1]["text"] and len(lifted) == 2  # a second lift changes nothing


def test_only_the_office_lifts(client, office_user, handler_user, planted):
    signal, _case, _mine, _other = planted
    item, _staff = _carry_out(client, office_user, signal, "object")
    handler = type(client)()
    handler.force_login(handler_user)
    response = handler.post(f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/go-han-che/", {"reason": "thử"})
    assert response.status_code in (302, 403) and Restriction.objects.filter(lifted_at__isnull=True).count() == 2
