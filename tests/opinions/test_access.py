"""Access rules of the four roles and the outsider in the back-office."""

import pytest
from django.urls import reverse

from opinions.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


def test_it_refuses_the_back_office_to_an_outsider(client, outsider_user, case_factory):
    case = case_factory()
    client.force_login(outsider_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert client.get(reverse("cases:index")).status_code == 302
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 302


def test_it_refuses_anonymous_visitors(client, case_factory):
    case = case_factory()
    response = client.get(reverse("cases:inspect", args=[case.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_shows_the_office_every_case(client, office_user, case_factory):
    a, b = case_factory(title="Vụ việc ở Xuân Hương"), case_factory("ubnd-22918", title="Vụ việc ở Mũi Né")
    client.force_login(office_user)
    page = client.get(reverse("cases:index")).content.decode()
    assert a.title in page and b.title in page
    assert client.get(reverse("cases:edit", args=[b.pk])).status_code == 200


def test_it_shows_a_handler_only_their_units_cases(client, handler_user, case_factory):
    mine, theirs = case_factory(title="Vụ việc của tôi"), case_factory("ubnd-22918", title="Vụ việc đơn vị khác")
    client.force_login(handler_user)
    page = client.get(reverse("cases:index")).content.decode()
    assert mine.title in page and theirs.title not in page
    assert client.get(reverse("cases:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("cases:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("cases:inspect", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("cases:edit", args=[theirs.pk]), {"title": "Sửa trái phép"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Vụ việc đơn vị khác"


def test_it_scopes_signals_to_the_handlers_unit(client, handler_user, case_factory):
    mine, theirs = case_factory(), case_factory("ubnd-22918")
    client.force_login(handler_user)
    assert client.get(reverse("signals:inspect", args=[mine.signals.get().pk])).status_code == 200
    assert client.get(reverse("signals:inspect", args=[theirs.signals.get().pk])).status_code == 404


def test_it_lets_the_leader_read_but_not_change(client, leader_user, case_factory):
    case = case_factory()
    client.force_login(leader_user)
    assert client.get(reverse("cases:index")).status_code == 200
    assert client.get(reverse("cases:inspect", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code in (302, 403)
    assert client.get(reverse("signals:add")).status_code in (302, 403)


def test_it_hides_citizens_contacts_from_the_leader(client, leader_user, case_factory):
    signal = case_factory().signals.get()
    client.force_login(leader_user)
    page = client.get(reverse("signals:inspect", args=[signal.pk])).content.decode()
    assert "Nguyễn Văn Dân" not in page and "0987654321" not in page
    assert not PersonalDataAccess.objects.exists()


def test_it_logs_every_showing_of_contact_details(client, handler_user, office_user, case_factory):
    signal = case_factory().signals.get()
    client.force_login(handler_user)
    page = client.get(reverse("signals:inspect", args=[signal.pk])).content.decode()
    assert "0987654321" in page
    client.force_login(office_user)
    client.get(reverse("signals:edit", args=[signal.pk]))
    log = list(PersonalDataAccess.objects.order_by("at").values_list("user__username", "action", "signal"))
    assert log == [("canbo_a", "view", signal.pk), ("vanphong", "view", signal.pk)]


def test_it_keeps_editors_to_content(client, editor_user, case_factory):
    case_factory()
    client.force_login(editor_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200
    assert client.get(reverse("cases:index")).status_code in (302, 403)
    assert client.get(reverse("signals:index")).status_code in (302, 403)


def test_it_lists_signals_in_a_fixed_number_of_queries(
    client, office_user, case_factory, django_assert_max_num_queries
):
    for i in range(3):
        case_factory(title=f"Vụ việc {i}")
    client.force_login(office_user)
    with django_assert_max_num_queries(40) as ctx:
        client.get(reverse("signals:index"))
    few = len(ctx.captured_queries)
    for i in range(20):
        case_factory(title=f"Vụ việc thêm {i}")
    with django_assert_max_num_queries(few + 2):
        client.get(reverse("signals:index"))
