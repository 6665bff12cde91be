"""One-click triage in Chromium: the office corrects one suggested value and accepts the rest."""

import pytest

from opinions.models import ConfirmedLabel, Field, Signal, Suggestion
from opinions.services import create_signal
from opinions.suggestions import services as suggest
from tests.opinions.suggestions.test_analysis_platform import hashed_encoder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mat-khau-thu-nghiem"


def test_the_office_accepts_suggestions_in_one_click_on_the_queue(
    browser, live_server, reference_data, office_user, monkeypatch, settings, tmp_path
):
    settings.MODEL_DIR = tmp_path
    suggest.clear_cache()
    monkeypatch.setattr(suggest, "get_encoder", lambda: hashed_encoder)
    sure, _ = create_signal(channel="hotline", kind="report", text="Nước thải xả ra suối ở xã Hòa Ninh, ô nhiễm")
    unsure, _ = create_signal(channel="press", kind="opinion", text="Ổ gà lớn trên đường ở phường Xuân Hương")
    suggest.analyse_pending()
    suggest.clear_cache()
    area = Suggestion.objects.get(signal=unsure, attribute="area")
    assert area.value == "24781"

    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(office_user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/dlxh/tiep-nhan/")
    form = page.get_by_test_id(f"suggestions-{unsure.pk}")
    assert "%" in form.inner_text()
    # correct the field in place, then accept everything in one click
    form.get_by_label("Lĩnh vực").select_option(label="Giao thông, hạ tầng")
    form.get_by_test_id(f"accept-{unsure.pk}").click()
    page.wait_for_load_state()
    assert "Đã xác nhận" in page.content()
    assert page.get_by_test_id(f"suggestions-{unsure.pk}").count() == 0
    unsure.refresh_from_db()
    assert unsure.status == Signal.Status.CLASSIFIED
    assert unsure.field == Field.objects.get(code="giao-thong-ha-tang") and unsure.area.code == "24781"
    field_label = ConfirmedLabel.objects.get(signal=unsure, attribute="field")
    assert field_label.confirmed_by == office_user and field_label.value == "giao-thong-ha-tang"
    assert ConfirmedLabel.objects.get(signal=unsure, attribute="area").accepted is True
    # the other signal is untouched
    assert not ConfirmedLabel.objects.filter(signal=sure).exists()
    # Phân tích lại: a POST button on the queue, handed to the worker, with a Vietnamese message
    page.get_by_test_id(f"reanalyse-{sure.pk}").click()
    page.wait_for_load_state()
    assert f"Đã yêu cầu phân tích lại {sure.tracking_code}" in page.content()
    assert page.url.startswith(live_server.url + "/admin/dlxh/tiep-nhan/")
