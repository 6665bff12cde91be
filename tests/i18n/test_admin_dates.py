"""Dates and times in the back-office: dd/mm/yyyy, 24-hour clock, Asia/Ho_Chi_Minh (+07:00)."""

import datetime

import pytest

from opinions.models import Area, Field, Signal

# 20:30 UTC on 5 March is 03:30 on 6 March in Lâm Đồng (+07:00).
RECEIVED = datetime.datetime(2026, 3, 5, 20, 30, tzinfo=datetime.UTC)
LOCAL = "06/03/2026 03:30"


@pytest.fixture
def signal(db):
    return Signal.objects.create(
        channel="hotline",
        kind="report",
        text="Đèn đường hỏng nhiều ngày, đề nghị sửa chữa.",
        field=Field.objects.get(code="giao-thong-ha-tang"),
        area=Area.objects.get(code="24781"),
        received_at=RECEIVED,
    )


def test_it_lists_a_signal_with_its_local_date_and_time(client, office_user, signal, django_assert_max_num_queries):
    client.force_login(office_user)
    with django_assert_max_num_queries(40):
        html = client.get("/admin/dlxh/thong-tin/").content.decode()
    assert LOCAL in html
    assert "05/03/2026" not in html and "2026-03-05" not in html


def test_it_inspects_a_signal_in_local_time_not_utc(client, office_user, signal):
    client.force_login(office_user)
    html = client.get(f"/admin/dlxh/thong-tin/inspect/{signal.pk}/").content.decode()
    assert LOCAL in html and "20:30" not in html


def test_it_fills_the_date_picker_as_dd_mm_yyyy_in_local_time(client, office_user, signal):
    client.force_login(office_user)
    html = client.get(f"/admin/dlxh/thong-tin/edit/{signal.pk}/").content.decode()
    assert f'value="{LOCAL}' in html  # seconds may follow (03:30:00)


def test_it_writes_decimals_with_a_comma_and_groups_thousands_with_a_dot(client, office_user):
    area = Area.objects.get(code="24781")
    area.area_km2 = 1234.5
    area.save(update_fields=["area_km2"])
    client.force_login(office_user)
    html = client.get(f"/admin/danh-muc/dia-ban/inspect/{area.pk}/").content.decode()
    assert "1.234,5" in html or "1234,5" in html
    assert "1234.5" not in html


def test_it_refuses_the_signal_list_to_an_outsider(client, outsider_user, signal):
    client.force_login(outsider_user)
    assert client.get("/admin/dlxh/thong-tin/").status_code == 302
