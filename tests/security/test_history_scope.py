"""Hole 6 of issue 18: Wagtail's history, usage and site-history screens do not show a handler
other units' cases (codes, titles, edits)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_handler_gets_404_on_another_units_history_and_usage(client, handler_user, case_factory):
    mine = case_factory(title="Đường của đơn vị mình")
    theirs = case_factory(unit_code="ubnd-22918", title="Vụ việc của đơn vị khác")
    client.force_login(handler_user)
    for name in ("cases:history", "cases:usage"):
        assert client.get(reverse(name, args=[mine.pk])).status_code == 200, name
        response = client.get(reverse(name, args=[theirs.pk]))
        assert response.status_code == 404 and theirs.title not in response.content.decode(), name
    signal = theirs.signals.get()
    assert client.get(reverse("signals:history", args=[signal.pk])).status_code == 404


def test_the_site_history_is_kept_from_handlers_but_not_from_the_office(
    client, handler_user, office_user, case_factory
):
    case = case_factory(unit_code="ubnd-22918", title="Vụ việc của đơn vị khác")
    client.force_login(office_user)
    client.post(
        reverse("cases:edit", args=[case.pk]),
        {"title": "Sửa tiêu đề bí mật", "summary": "", "kind": case.kind, "urgency": case.urgency},
    )
    assert client.get("/admin/reports/site-history/").status_code == 200
    client.force_login(handler_user)
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        response = client.get(url)
        assert response.status_code in (302, 403) and "Sửa tiêu đề bí mật" not in response.content.decode()
