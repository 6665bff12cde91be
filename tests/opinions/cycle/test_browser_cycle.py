"""The whole cycle in Chromium: a citizen submits, the office assigns, the unit answers, the office
approves, the citizen rates "Không hài lòng" and asks for a review, the unit is notified and answers
again, the office approves, and the citizen reads both answers."""

from pathlib import Path

import pytest

from opinions.models import Area, Case, Field, Signal, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mat-khau-thu-nghiem"
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)


def login(browser, live_server, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_it_runs_the_cycle_with_a_review(browser, live_server, reference_data, office_user, handler_user):
    unrelated = Case.objects.create(
        title="Cây thông nghiêng sắp đổ trong khuôn viên trường học",
        summary="Cây thông lớn bị nghiêng sau mưa bão.",
        field=Field.objects.get(code="giao-thong-ha-tang"),
        area=Area.objects.get(code="24781"),
        assigned_unit=Unit.objects.get(code="ubnd-24781"),
        status=Case.Status.ASSIGNED,
        is_public=True,
    )
    earlier = Case.objects.create(
        title="Ổ gà lớn trên đường Trần Phú gây ngã xe",
        summary="Nhiều ổ gà trên đường Trần Phú, xe máy bị ngã.",
        field=Field.objects.get(code="giao-thong-ha-tang"),
        area=Area.objects.get(code="24781"),
        assigned_unit=Unit.objects.get(code="ubnd-24781"),
        status=Case.Status.ASSIGNED,
        is_public=True,
    )
    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(live_server.url + "/phan-anh/")
    citizen.get_by_label("Lĩnh vực").select_option(label="Giao thông, hạ tầng")
    citizen.get_by_label("Tìm nhanh xã, phường, đặc khu").fill("Phường Xuân Hương - Đà Lạt")
    assert citizen.get_by_label("Xã, phường, đặc khu nơi xảy ra").input_value() != ""
    citizen.locator("#id_text").fill("Ổ gà lớn trước số 12 đường Trần Phú, nhiều xe máy bị ngã vào ban đêm.")
    # Before sending, open public cases alike in the same field and commune are shown.
    citizen.get_by_test_id("similar-cases").wait_for()
    similar = citizen.get_by_test_id("similar-cases").inner_text()
    assert earlier.title in similar and unrelated.title not in similar
    citizen.get_by_label("Thư điện tử").fill("mai@example.invalid")
    citizen.get_by_label("Tôi đồng ý").check()
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    citizen.wait_for_url("**/phan-anh/da-gui/")
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    signal = Signal.objects.get(tracking_code=code)

    office = login(browser, live_server, office_user.username)
    office.goto(f"{live_server.url}/admin/dlxh/tiep-nhan/{signal.pk}/")
    assert "mai@example.invalid" in office.content()
    office.get_by_label("Chuyển xử lý cho đơn vị").select_option(label="UBND Phường Xuân Hương - Đà Lạt")
    office.get_by_role("button", name="Lập vụ việc").click()
    office.wait_for_url("**/admin/dlxh/xu-ly/*/")
    case = Case.objects.exclude(pk__in=[earlier.pk, unrelated.pk]).get()
    assert case.assigned_unit.code == "ubnd-24781" and case.deadline

    unit = login(browser, live_server, handler_user.username)
    unit.goto(f"{live_server.url}/admin/dlxh/xu-ly/{case.pk}/")
    answer = "UBND phường đã vá ổ gà trước số 12 Trần Phú ngày 25/11/2026. Cảm ơn chị đã phản ánh."
    unit.get_by_label("Nội dung trả lời người dân").fill(answer)
    unit.get_by_role("button", name="Trình phê duyệt").click()
    unit.wait_for_load_state()
    assert "Chờ phê duyệt" in unit.content()

    office.goto(f"{live_server.url}/admin/dlxh/xu-ly/{case.pk}/")
    office.get_by_role("button", name="Phê duyệt và gửi người dân").click()
    office.wait_for_load_state()
    assert office.get_by_test_id("case-status").inner_text() == "Đã trả lời"
    assert "Phê duyệt trả lời" in office.get_by_test_id("events").inner_text()

    citizen.goto(f"{live_server.url}/phan-anh/tra-cuu/?ma={code}")
    assert citizen.get_by_test_id("track-status").inner_text() == "Đã trả lời"
    assert answer in citizen.get_by_test_id("answer").inner_text()
    assert "mai@example.invalid" not in citizen.content()
    citizen.get_by_label("Không hài lòng", exact=True).check()
    citizen.get_by_label("Ý kiến thêm (không bắt buộc)").fill("Ổ gà vá sơ sài, đã bong lại.")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_load_state()
    assert "Anh, chị đã đánh giá" in citizen.content()
    citizen.get_by_label("Lý do đề nghị xem xét lại").fill("Chỗ vá đã bong sau hai ngày mưa, ổ gà vẫn còn.")
    citizen.get_by_role("button", name="Đề nghị xem xét lại").click()
    citizen.wait_for_load_state()
    assert "Đã nhận đề nghị xem xét lại" in citizen.get_by_test_id("track-message").inner_text()
    assert answer in citizen.get_by_test_id("answer").inner_text()
    case.refresh_from_db()
    assert case.reopen_count == 1 and citizen.get_by_test_id("track-deadline").inner_text() == case.deadline.strftime(
        "%d/%m/%Y"
    )

    unit.goto(live_server.url + "/admin/")
    assert "Người dân đề nghị xem xét lại" in unit.get_by_test_id("inbox-panel").inner_text()
    unit.get_by_test_id("inbox-panel").get_by_role("link", name=case.code, exact=False).first.click()
    unit.wait_for_url(f"**/admin/dlxh/xu-ly/{case.pk}/")
    feedback = unit.get_by_test_id("citizen-feedback").inner_text()
    assert "Không hài lòng" in feedback and "Chỗ vá đã bong" in feedback
    second = "UBND phường đã thảm lại nhựa toàn bộ đoạn trước số 12 Trần Phú ngày 02/12/2026."
    unit.get_by_label("Nội dung trả lời người dân").fill(second)
    unit.get_by_role("button", name="Trình phê duyệt").click()
    unit.wait_for_load_state()

    office.goto(f"{live_server.url}/admin/dlxh/xu-ly/{case.pk}/")
    office.get_by_role("button", name="Phê duyệt và gửi người dân").click()
    office.wait_for_load_state()
    citizen.goto(f"{live_server.url}/phan-anh/tra-cuu/?ma={code}")
    answers = citizen.get_by_test_id("answer")
    assert answers.count() == 2
    assert answer in answers.nth(0).inner_text() and second in answers.nth(1).inner_text()
    citizen.screenshot(path=str(SHOTS / "tra-cuu-hai-cau-tra-loi.png"), full_page=True)
    citizen.get_by_label("Hài lòng", exact=True).check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_load_state()
    signal.refresh_from_db()
    assert signal.rating == "satisfied"
