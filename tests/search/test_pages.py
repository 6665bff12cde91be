"""The public page /tim-kiem/ and the back-office screen "Tìm kiếm hồ sơ"."""

import pytest
from django.urls import reverse

from opinions.models import Signal

pytestmark = pytest.mark.django_db
ADMIN_URL = "/admin/tim-kiem-ho-so/"


def test_it_searches_public_content_without_diacritics_and_highlights(client, records):
    page = client.get("/tim-kiem/", {"q": "tai dinh cu"}).content.decode()
    assert "Tìm thấy 1 kết quả" in page
    assert records["article"].url in page and "<mark>TĐC</mark>" in page


def test_it_never_shows_signals_or_personal_data_to_the_public(client, records):
    page = client.get("/tim-kiem/", {"q": "dat dai"}).content.decode()
    assert "Tranh chấp đất đai" not in page and "Xuyến" not in page and "0912345678" not in page
    assert "Không có kết quả" in page


def test_it_lists_public_results_in_a_bounded_number_of_queries(client, records, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # PostgreSQL adds the settings of the transaction (set_config)
        response = client.get("/tim-kiem/", {"q": "cấp phép"})
    assert "Thủ tục <mark>cấp</mark> <mark>phép</mark> xây dựng kéo dài" in response.content.decode()


def test_it_shows_the_office_every_record_with_facet_counts(client, records, office_user):
    client.force_login(office_user)
    page = client.get(ADMIN_URL, {"q": "giai phong mat bang"}).content.decode()
    assert "Chậm <mark>giải</mark> <mark>phóng</mark> <mark>mặt</mark> <mark>bằng</mark>" in page
    assert 'Khiếu nại</a> <span class="facet-count">(1)</span>' in page
    assert 'Đường dây nóng</a> <span class="facet-count">(1)</span>' in page


def test_it_scopes_the_back_office_search_to_the_handlers_unit(client, records, handler_user):
    client.force_login(handler_user)
    page = client.get(ADMIN_URL).content.decode()
    assert "Tranh chấp đất đai tổ dân phố 5" in page
    assert "Thủ tục cấp phép" not in page and "Xã đạt chuẩn" not in page


def test_it_refuses_the_back_office_search_to_an_outsider(client, records, outsider_user):
    client.force_login(outsider_user)
    response = client.get(ADMIN_URL, {"q": "đất đai"})
    assert response.status_code == 302 and "Tranh chấp" not in response.content.decode()
    client.logout()
    assert "/admin/login/" in client.get(ADMIN_URL)["Location"]


def test_it_filters_by_facet_and_date_range(client, records, office_user):
    client.force_login(office_user)
    signal = records["land_signal"]
    today = signal.received_at.astimezone().strftime("%d/%m/%Y")
    page = client.get(ADMIN_URL, {"channel": "hotline", "date_from": today, "date_to": today}).content.decode()
    assert "Tranh chấp đất đai" in page and "Xã đạt chuẩn" not in page
    page = client.get(ADMIN_URL, {"date_from": "01/01/2000", "date_to": "31/12/2000"}).content.decode()
    assert "0 hồ sơ" in page


def test_it_explains_a_bad_date_in_vietnamese(client, records, office_user):
    client.force_login(office_user)
    page = client.get(ADMIN_URL, {"date_from": "32/13/2025"}).content.decode()
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in page
    page = client.get(ADMIN_URL, {"date_from": "02/01/2026", "date_to": "01/01/2026"}).content.decode()
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in page


def test_it_lists_back_office_results_in_a_bounded_number_of_queries(
    client, records, office_user, django_assert_max_num_queries
):
    field, area = records["land_signal"].field, records["land_signal"].area
    for i in range(15):
        Signal.objects.create(channel="web", kind="report", text=f"Đất đai số {i}", field=field, area=area)
    client.force_login(office_user)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(30):
        page = client.get(ADMIN_URL, {"q": "đất đai"}).content.decode()
    assert page.count("<mark>Đất</mark> <mark>đai</mark> số") == 30  # title and snippet of each
