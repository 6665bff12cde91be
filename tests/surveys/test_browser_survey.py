"""In Chromium: the office builds a short survey with skip logic (and sees each save confirmed), a
respondent on a phone-sized window answers it, the office sets weights and sees the weighted result."""

import pytest

from surveys.models import Response, Survey

pytestmark = [pytest.mark.isolated, pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def login(browser, live_server, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def add_question(office, live_server, survey, **fields):
    office.goto(f"{live_server.url}/admin/khao-sat/{survey.pk}/cau-hoi/them/")
    office.get_by_label("Loại câu hỏi").select_option(fields["type"])
    office.get_by_label("Tên biến (name)").fill(fields["name"])
    office.get_by_label("Nội dung câu hỏi", exact=True).fill(fields["label"])
    if fields.get("choices"):
        office.get_by_label("Các lựa chọn", exact=True).fill(fields["choices"])
    if fields.get("relevant"):
        office.get_by_label("Điều kiện hiển thị (relevant)").fill(fields["relevant"])
    if fields.get("required"):
        office.get_by_label("Bắt buộc", exact=True).check()
    office.get_by_role("button", name="Lưu", exact=True).click()
    office.wait_for_url(f"**/admin/khao-sat/{survey.pk}/**")
    # The confirmation is on the page the save lands on (Wagtail's message area).
    assert f"Đã lưu câu hỏi «{fields['name']}»." in office.locator(".messages").text_content()


def test_office_builds_respondent_answers_office_sees_weighted_result(
    browser, live_server, reference_data, office_user
):
    office = login(browser, live_server, office_user.username)
    office.goto(live_server.url + "/admin/khao-sat/them/")
    office.get_by_label("Tên cuộc khảo sát").fill("Ý kiến về dịch vụ công trực tuyến")
    office.get_by_role("button", name="Lưu", exact=True).click()
    office.wait_for_url("**/admin/khao-sat/*/")
    survey = Survey.objects.get()
    add_question(
        office,
        live_server,
        survey,
        type="select_one",
        name="gioi_tinh",
        label="Giới tính",
        choices="nam | Nam\nnu | Nữ",
        required=True,
    )
    add_question(
        office,
        live_server,
        survey,
        type="select_one",
        name="da_dung",
        label="Anh, chị đã dùng dịch vụ công trực tuyến chưa?",
        choices="co | Đã dùng\nkhong | Chưa dùng",
        required=True,
    )
    add_question(
        office,
        live_server,
        survey,
        type="text",
        name="ly_do",
        label="Vì sao chưa dùng?",
        relevant="${da_dung} = 'khong'",
        required=True,
    )
    office.get_by_role("button", name="Mở khảo sát").click()
    office.wait_for_load_state()
    assert office.get_by_test_id("survey-status").inner_text() == "Đang mở"

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/khao-sat/{survey.public_key}/")
    question = phone.locator('[data-q="ly_do"]')
    assert question.is_hidden()  # skip logic on the page: hidden until "Chưa dùng"
    phone.get_by_label("Nữ", exact=True).check()
    phone.get_by_label("Chưa dùng", exact=True).check()
    assert question.is_visible()
    phone.get_by_role("button", name="Gửi phiếu").click()
    assert "Câu này bắt buộc trả lời." in question.inner_text()  # checked on the page, nothing sent
    assert not Response.objects.exists()
    phone.locator("#c-ly_do").fill("Không biết cách đăng nhập")
    phone.get_by_role("button", name="Gửi phiếu").click()
    phone.wait_for_url("**/da-gui/")
    assert Response.objects.get().answers == {
        "gioi_tinh": "nu",
        "da_dung": "khong",
        "ly_do": "Không biết cách đăng nhập",
    }
    for sex, used in [("nu", "co"), ("nu", "co"), ("nam", "co"), ("nu", "khong")]:
        Response.objects.create(survey=survey, status="complete", answers={"gioi_tinh": sex, "da_dung": used})

    office.goto(f"{live_server.url}/admin/khao-sat/{survey.pk}/ket-qua/")
    assert "Đây không phải mẫu xác suất" in office.get_by_test_id("sampling-statement").inner_text()
    office.get_by_label("Tổng thể").fill("gioi_tinh: nam = 1592171\ngioi_tinh: nu = 1557711")
    office.get_by_role("button", name="Lưu và tính lại").click()
    office.wait_for_load_state()
    assert "Đã lưu cách gia quyền." in office.locator(".messages").text_content()
    result = office.get_by_test_id("result-gioi_tinh").inner_text()
    assert "50,5%" in result  # raked to the census: 1,592,171 men of 3,149,882
    assert "Cỡ mẫu hiệu dụng" in office.content()
