"""Early warning in Chromium: the office opens the alert raised by detect_alerts, reads the
explanation and the signals behind it, turns it into a quick report and opens the report."""

import datetime

import pytest
from django.utils import timezone
from docx import Document

from opinions.alerts.services import detect_alerts
from opinions.models import Alert, Area, Case, Field, Signal, Urgency
from tests.opinions.cycle.test_browser_cycle import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_office_turns_an_alert_into_a_quick_report(browser, live_server, reference_data, office_user):
    now = timezone.now()
    field, area = Field.objects.get(code="boi-thuong-gpmb"), Area.objects.get(code="24871")
    history = [now - datetime.timedelta(days=d) for d in range(120, 2, -5)]
    surge = [now - datetime.timedelta(hours=1, minutes=50 * i) for i in range(10)]
    Signal.objects.bulk_create(
        [
            Signal(
                channel="hotline",
                kind="opinion",
                text=f"Giá bồi thường đất dự án hồ chứa quá thấp ({i}).",
                field=field,
                area=area,
                received_at=t,
            )
            for i, t in enumerate(history + surge)
        ]
    )
    detect_alerts(now)
    alert = Alert.objects.get()

    office = login(browser, live_server, office_user.username)
    office.get_by_role("link", name="Cảnh báo sớm").first.click()
    office.wait_for_url("**/admin/dlxh/canh-bao/")
    office.get_by_role("link", name=alert.message[:40]).click()
    office.wait_for_url(f"**/admin/dlxh/canh-bao/{alert.pk}/")
    assert "10 ý kiến về bồi thường" in office.get_by_test_id("alert-message").inner_text()
    assert "xã Đinh Văn Lâm Hà" in office.get_by_test_id("alert-message").inner_text()
    assert office.locator("svg.alert-chart rect").count() == 28
    tallest = office.locator("svg.alert-chart rect").last  # the surge: a full-height bar
    assert float(tallest.get_attribute("height")) > 100  # SVG numbers are not localised ("12,5")
    office.get_by_role("button", name="Chuyển thành báo cáo nhanh").click()
    office.wait_for_load_state()
    assert office.get_by_test_id("alert-status").inner_text() == "Đã chuyển báo cáo nhanh"
    case = Case.objects.get()
    assert case.urgency == Urgency.URGENT and case.signals.count() == 10
    assert case.code in office.get_by_test_id("alert-case").inner_text()
    with office.expect_popup() as popup:
        office.get_by_role("link", name="Xem, in báo cáo nhanh").click()
    report = popup.value
    report.wait_for_load_state()
    assert "Báo cáo nhanh" in report.content() and alert.message in report.content()
    with office.expect_download() as download_info:
        office.get_by_test_id("alert-docx").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"bao-cao-nhanh-{alert.pk}-")
    document = Document(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO NHANH" in text and alert.message in text and case.code in text
    office.get_by_test_id("alert-case").click()
    office.wait_for_url(f"**/admin/dlxh/xu-ly/{case.pk}/")
    assert "Khẩn cấp" in office.content()
