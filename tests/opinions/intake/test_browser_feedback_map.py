"""On a phone-sized window a citizen taps the map, the commune follows, the word counter counts,
and the report is sent with the point (issue 15, item 10)."""

import pytest

from opinions import geo
from opinions.models import Signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_tap_on_the_map_chooses_the_commune_and_the_counter_counts(browser, live_server, reference_data):
    geo.reset_commune_index()
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/phan-anh/")
    page.locator("#ban-do path").first.wait_for()
    assert page.locator("#ban-do path").count() > 100
    page.locator("#ban-do").scroll_into_view_if_needed()
    box = page.locator("#ban-do").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.35)
    chosen = page.locator("#id_area").input_value()
    assert chosen and page.locator("#id_latitude").input_value()
    assert page.locator("#diem-da-chon").inner_text().startswith("Điểm đã chọn: ")

    page.locator("#id_text").fill("Đường bị sạt lở sau mưa lớn, xe máy đi lại rất nguy hiểm.")
    assert page.locator("#dem-tu").inner_text() == "Đã viết 14 từ, 57/5.000 ký tự (còn 4.943 ký tự)."
    assert page.locator("#luu-y-to-cao").is_hidden()
    page.get_by_label("Loại ý kiến").select_option("denunciation")
    assert page.locator("#luu-y-to-cao").is_visible()
    page.get_by_label("Loại ý kiến").select_option("report")

    page.get_by_label("Lĩnh vực").select_option(label="Giao thông, hạ tầng")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_url("**/phan-anh/da-gui/")
    signal = Signal.objects.get()
    assert signal.latitude is not None and signal.allow_public is False
    assert signal.area_id == geo.locate_area_id(signal.latitude, signal.longitude)
    assert str(signal.area_id) == chosen
    context.close()
