"""Tổng quan in Chromium: a leader opens the dashboard from the home page, the charts and the map
draw from the site alone (no outside request), a click on a commune filters the page, and its number
opens the list of that commune's signals."""

import datetime

import pytest
from django.utils import timezone
from docx import Document

from opinions.models import Area, Field, Signal
from reports.periodic import previous_month
from reports.services import draft_report
from tests.opinions.cycle.test_browser_cycle import login

pytestmark = [
    pytest.mark.isolated,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_clicks_a_commune_and_sees_its_signals(browser, live_server, reference_data, leader_user):
    now = timezone.now()
    field = Field.objects.get(code="giao-thong-ha-tang")
    xuan_huong, other = Area.objects.get(code="24781"), Area.objects.get(code="22918")
    Signal.objects.bulk_create(
        [
            Signal(
                channel="web",
                kind="report",
                text=f"Đường Trần Phú hư hỏng ({i}).",
                field=field,
                area=xuan_huong if i < 7 else other,
                received_at=now - datetime.timedelta(days=i, hours=2),
            )
            for i in range(10)
        ]
    )
    draft_report("month", previous_month(timezone.localdate()))
    page = login(browser, live_server, leader_user.username)
    outside = []
    local = (live_server.url, "data:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    assert "10" in page.get_by_test_id("overview-panel").inner_text()
    page.get_by_role("link", name="Mở trang tổng quan: biểu đồ, bản đồ, dự báo").click()
    page.wait_for_url("**/admin/tong-quan/")
    page.wait_for_selector("#chart-communes[data-ready='1']", timeout=120_000)
    assert page.get_by_test_id("kpi-signals").inner_text().startswith("10")
    page.locator("#chart-communes").scroll_into_view_if_needed()
    # Click the commune on the map: its centre in screen pixels, from the chart itself.
    x, y = page.evaluate(
        """(id) => {
            const chart = window.dashboardCharts.communes;
            const geo = chart.getModel().getSeriesByIndex(0).coordinateSystem;
            const region = geo.getRegion(String(id));
            const point = chart.convertToPixel({seriesIndex: 0}, region.getCenter());
            const box = document.getElementById('chart-communes').getBoundingClientRect();
            return [box.left + point[0], box.top + point[1]];
        }""",
        xuan_huong.pk,
    )
    page.mouse.click(x, y)
    page.wait_for_url(f"**/admin/tong-quan/?*area={xuan_huong.pk}*", timeout=60_000)
    assert page.get_by_test_id("kpi-signals").inner_text().startswith("7")
    page.get_by_test_id("kpi-signals").click()
    page.wait_for_url("**/admin/dlxh/thong-tin/?*")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 7
    assert "Đường Trần Phú" in rows.first.inner_text()
    page.screenshot(path=str(live_server_tmp() / "list.png"))
    # The monthly report, drafted by the scheduler's job, downloaded as DOCX.
    page.goto(live_server.url + "/admin/tong-quan/")
    page.get_by_role("link", name="Báo cáo định kỳ, đột xuất").first.click()
    page.wait_for_url("**/admin/tong-quan/bao-cao/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="DOCX").first.click()
    document = Document(download_info.value.path())
    assert any("Tình hình Nhân dân và dư luận xã hội tháng" in p.text for p in document.paragraphs)
    assert outside == []


def live_server_tmp():
    import pathlib  # only here: a place for the screenshots a person may look at

    path = pathlib.Path("var/screens")
    path.mkdir(parents=True, exist_ok=True)
    return path
