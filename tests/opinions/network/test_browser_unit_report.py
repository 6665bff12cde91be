"""A unit downloads the period's template, fills it in, uploads it; the office sees it consolidated."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from opinions.models import ReportingPeriod, Signal, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(browser, live_server, username):
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_it_takes_a_units_report_from_template_to_the_consolidated_view(
    browser, live_server, reference_data, handler_user, office_user, tmp_path
):
    period = ReportingPeriod.objects.create(
        title="Báo cáo DLXH tháng 11/2026",
        kind="monthly",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    period.units.set(Unit.objects.filter(code__in=["ubnd-24781", "ubnd-22918"]))

    page = log_in(browser, live_server, "canbo_a")
    page.goto(live_server.url + "/admin/dlxh/bao-cao/")
    page.get_by_role("link", name="Nộp báo cáo").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["Báo cáo"]
    sheet.append(
        [
            "Môi trường",
            "24781 - Phường Xuân Hương - Đà Lạt",
            "Người dân bức xúc vì nước thải từ cơ sở chế biến cà phê chảy ra suối.",
            "Bức xúc, phản đối",
            "Nhiều ý kiến",
            "Nổi cộm, bức xúc",
            "Kiểm tra, xử lý cơ sở xả thải.",
        ]
    )
    filled = tmp_path / "bao-cao-xuan-huong.xlsx"
    book.save(filled)
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Tải lên và nộp báo cáo").click()
    page.wait_for_url("**/bao-cao/bao-cao/*/")
    assert "Đã nộp báo cáo" in page.content()
    assert Signal.objects.get(channel="unit_report").urgency == "pressing"

    office = log_in(browser, live_server, "vanphong")
    office.goto(live_server.url + f"/admin/dlxh/bao-cao/ky/{period.pk}/tinh-hinh-nop/")
    figures = office.get_by_test_id("compliance-figures").inner_text()
    # Two days before the deadline: who has reported, and no on-time rate yet (issue 15 item 11).
    assert "Đã nộp: 1" in figures and "Chưa đến hạn nộp" in figures and "Tỷ lệ nộp đúng hạn:" not in figures
    office.get_by_role("link", name="Xem tổng hợp").click()
    group = office.get_by_test_id("consolidated-group").first
    assert "Môi trường – Phường Xuân Hương - Đà Lạt" in group.inner_text()
    assert "nước thải từ cơ sở chế biến cà phê" in group.inner_text()
    with office.expect_download() as export:
        office.get_by_role("link", name="Xuất XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(export.value.path(), "rb").read())).active
    assert sheet["D3"].value == "UBND Phường Xuân Hương - Đà Lạt"
