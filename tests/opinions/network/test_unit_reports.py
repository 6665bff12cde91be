"""Units' periodic reports: a unit reports for itself only; items become signals; compliance,
reminders and the consolidated view of the office."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from opinions.models import Field, ReportingPeriod, ReportReminder, Signal, Unit, UnitReport
from opinions.network import unit_reports
from tests.opinions.network.network_helpers import xlsx

pytestmark = pytest.mark.django_db
HEADERS = [h for h, _, _ in unit_reports.REPORT_COLUMNS]


@pytest.fixture
def period():
    now = timezone.now()
    period = ReportingPeriod.objects.create(
        title="Báo cáo DLXH tháng 11/2026",
        kind="monthly",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
        deadline=now + datetime.timedelta(days=1),
    )
    period.units.set(Unit.objects.filter(code__in=["ubnd-24781", "ubnd-22918", "so-y-te"]))
    return period


def form_data(**item):
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
        "summary": "Tình hình cơ bản ổn định.",
        "items-0-field": Field.objects.get(code="moi-truong").pk,
        "items-0-area": "",
        "items-0-content": "Người dân phản ánh mùi hôi từ bãi rác.",
        "items-0-mood": "discontent",
        "items-0-scale": "many",
        "items-0-urgency": "pressing",
        "items-0-proposals": "Di dời bãi rác.",
    }
    data.update({f"items-0-{k}": v for k, v in item.items()})
    return data


def test_it_turns_each_item_of_a_web_report_into_a_signal(client, handler_user, period):
    client.force_login(handler_user)
    response = client.post(reverse("unit_reports:submit", args=[period.pk]), form_data())
    report = UnitReport.objects.get()
    assert response.status_code == 302 and report.unit.code == "ubnd-24781" and report.is_on_time
    signal = report.items.get().signal
    assert signal.channel == "unit_report" and signal.urgency == "pressing" and signal.field.code == "moi-truong"
    assert "Di dời bãi rác." in signal.text
    client.post(reverse("unit_reports:submit", args=[period.pk]), form_data())  # double click
    assert UnitReport.objects.count() == 1 and Signal.objects.count() == 1


def test_it_keeps_a_unit_to_its_own_reports(client, handler_user, other_handler_user, period):
    client.force_login(other_handler_user)
    client.post(reverse("unit_reports:submit", args=[period.pk]), form_data())
    theirs = UnitReport.objects.get()
    client.force_login(handler_user)
    assert client.get(reverse("unit_reports:report", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("unit_reports:consolidated", args=[period.pk])).status_code in (302, 403)
    assert client.get(reverse("unit_reports:compliance", args=[period.pk])).status_code in (302, 403)
    page = client.get(reverse("unit_reports:index")).content.decode()
    assert "Chưa nộp" in page and "Nộp báo cáo" in page


def test_it_refuses_a_unit_not_asked_to_report(client, django_user_model, period):
    from tests.conftest import make_user

    user = make_user(django_user_model, "canbo_c", "Cán bộ xử lý đơn vị", "ubnd-24787")
    client.force_login(user)
    assert client.get(reverse("unit_reports:submit", args=[period.pk])).status_code == 404
    assert client.post(reverse("unit_reports:submit", args=[period.pk]), form_data()).status_code == 404
    assert not UnitReport.objects.exists()


def test_it_refuses_reports_to_an_outsider(client, outsider_user, period):
    client.force_login(outsider_user)
    assert client.post(reverse("unit_reports:submit", args=[period.pk]), form_data()).status_code == 302
    assert not UnitReport.objects.exists()


def test_it_takes_the_periods_template_and_names_bad_cells(client, handler_user, period):
    client.force_login(handler_user)
    template = client.get(reverse("unit_reports:template", args=[period.pk])).content
    assert template.startswith(b"PK")
    bad = xlsx(HEADERS, [["Bóng đá", "", "Ý kiến", "", "", "", ""], ["Y tế", "24781", "", "", "", "", ""]])
    page = client.post(
        reverse("unit_reports:submit", args=[period.pk]), {"file": SimpleUploadedFile("bao-cao.xlsx", bad)}
    ).content.decode()
    assert "Không có lĩnh vực «Bóng đá» trong danh mục Lĩnh vực." in page and "Thiếu giá trị bắt buộc." in page
    assert not UnitReport.objects.exists() and not Signal.objects.exists()
    good = xlsx(
        HEADERS,
        [
            [
                "Y tế",
                "24781 - Phường Xuân Hương - Đà Lạt",
                "Người dân hài lòng với trạm y tế.",
                "Đồng tình, phấn khởi",
                "Đa số",
                "Bình thường",
                "",
            ]
        ],
    )
    client.post(reverse("unit_reports:submit", args=[period.pk]), {"file": SimpleUploadedFile("b.xlsx", good)})
    item = UnitReport.objects.get(source="xlsx").items.get()
    assert (item.field.code, item.area.code, item.mood, item.scale) == ("y-te", "24781", "supportive", "majority")


def test_it_measures_compliance_and_reminds_once(period, handler_user, other_handler_user):
    handler_user.email = "a@example.invalid"
    handler_user.save()
    unit_reports.submit_unit_report(
        other_handler_user,
        period,
        Unit.objects.get(code="ubnd-22918"),
        [{"field": Field.objects.get(code="kinh-te"), "content": "Giá cá ổn định."}],
    )
    assert unit_reports.send_report_reminders(now=period.deadline - datetime.timedelta(days=3)) == 0
    assert unit_reports.send_report_reminders(now=period.deadline - datetime.timedelta(hours=5)) == 2
    assert unit_reports.send_report_reminders(now=period.deadline - datetime.timedelta(hours=4)) == 0
    assert unit_reports.send_report_reminders(now=period.deadline + datetime.timedelta(hours=1)) == 2
    assert ReportReminder.objects.count() == 4 and mail.outbox[0].to == ["a@example.invalid"]
    rows, figures = unit_reports.compliance(period, now=period.deadline + datetime.timedelta(hours=1))
    assert figures["required"] == 3 and figures["on_time"] == 1 and figures["overdue"] == 2
    assert figures["on_time_percent"] == 33 and figures["deadline_passed"]
    assert not unit_reports.compliance(period, now=period.deadline - datetime.timedelta(hours=1))[1]["deadline_passed"]


def test_it_consolidates_pressing_items_first_and_exports_them(client, office_user, period, handler_user):
    field = Field.objects.get(code="giao-duc")
    unit_reports.submit_unit_report(
        handler_user,
        period,
        Unit.objects.get(code="ubnd-24781"),
        [
            {"field": field, "content": "Phụ huynh đồng tình miễn học phí.", "mood": "supportive"},
            {"field": field, "content": "Thiếu phòng học ở điểm trường.", "urgency": "urgent", "mood": "discontent"},
        ],
    )
    client.force_login(office_user)
    page = client.get(reverse("unit_reports:consolidated", args=[period.pk])).content.decode()
    assert page.index("Thiếu phòng học") < page.index("Phụ huynh đồng tình")
    response = client.get(reverse("unit_reports:consolidated", args=[period.pk]) + "?format=xlsx")
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [sheet["E3"].value, sheet["E4"].value] == [
        "Thiếu phòng học ở điểm trường.",
        "Phụ huynh đồng tình miễn học phí.",
    ]
