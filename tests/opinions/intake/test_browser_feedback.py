"""A citizen opens the portal, goes to the feedback page, sends a report and sees the code."""

import pytest

from opinions.models import Signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_takes_a_report_from_the_home_page_to_the_confirmation(browser, live_server, reference_data):
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.wait_for_url("**/phan-anh/")
    page.get_by_label("Loại ý kiến").select_option("report")
    page.get_by_label("Lĩnh vực").select_option(label="Giao thông, hạ tầng")
    page.get_by_label("Xã, phường, đặc khu nơi xảy ra").select_option(label="Phường Xuân Hương - Đà Lạt")
    page.locator("#id_text").fill("Đèn chiếu sáng trên đường Trần Phú bị hỏng nhiều ngày, rất tối và nguy hiểm.")
    page.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_url("**/phan-anh/da-gui/")
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    signal = Signal.objects.get()
    assert code == signal.tracking_code
    assert signal.reporter_name == "Phạm Thị Mai" and signal.area.code == "24781"
    assert "Đã tiếp nhận" in page.content()


def test_it_shows_field_errors_in_vietnamese_without_saving(browser, live_server, reference_data):
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + "/phan-anh/")
    page.locator("#id_text").fill("ngắn")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.get_by_text("Vui lòng điền mục này.").first.is_visible()
    assert page.get_by_text("Nội dung quá ngắn").is_visible()
    assert Signal.objects.count() == 0
