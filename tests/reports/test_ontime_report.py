"""On-time rate per unit and overall, extensions apart, pressing issues apart; the report and its XLSX."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opinions.models import Case
from reports.ontime import measure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def dated(case, *, deadline_in, answered_ago=None, original_in=None, urgency="normal"):
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(
        assigned_at=now - datetime.timedelta(days=12),
        deadline=TODAY + datetime.timedelta(days=deadline_in),
        original_deadline=TODAY + datetime.timedelta(days=original_in if original_in is not None else deadline_in),
        answered_at=now - datetime.timedelta(days=answered_ago) if answered_ago is not None else None,
        status=Case.Status.ANSWERED if answered_ago is not None else Case.Status.IN_PROGRESS,
        urgency=urgency,
    )


@pytest.fixture
def period_cases(case_factory):
    a = [case_factory(title=f"A{i}") for i in range(4)]
    b = [case_factory("ubnd-22918", title=f"B{i}") for i in range(2)]
    dated(a[0], deadline_in=-5, answered_ago=6)  # on time
    dated(a[1], deadline_in=-2, answered_ago=3, original_in=-6, urgency="pressing")  # on time thanks to extension
    dated(a[2], deadline_in=-8, answered_ago=4)  # late
    dated(a[3], deadline_in=-1, urgency="pressing")  # open, overdue: counts as late
    dated(b[0], deadline_in=-3, answered_ago=5)  # on time
    dated(b[1], deadline_in=5)  # open, not yet due: not counted
    return a, b


def test_it_measures_the_on_time_rate_with_open_overdue_as_late(period_cases):
    overall, ranking, overdue = measure(TODAY - datetime.timedelta(days=30), TODAY)
    assert (overall.answered, overall.on_time, overall.late, overall.open_overdue) == (4, 3, 1, 1)
    assert overall.on_time_extended == 1 and overall.on_time_rate == 60.0
    assert [r.on_time_rate for r in ranking] == [100.0, 50.0]
    assert overall.median_days == pytest.approx(7.5, abs=0.1)
    assert [c.title for c in overdue] == ["A3"]
    pressing, _, _ = measure(TODAY - datetime.timedelta(days=30), TODAY, pressing_only=True)
    assert (pressing.answered, pressing.on_time, pressing.open_overdue, pressing.on_time_rate) == (1, 1, 1, 50.0)


def test_it_shows_the_report_and_exports_xlsx(client, office_user, period_cases, django_assert_max_num_queries):
    client.force_login(office_user)
    params = {"start": (TODAY - datetime.timedelta(days=30)).isoformat(), "end": TODAY.isoformat()}
    with django_assert_max_num_queries(25):
        page = client.get(reverse("reports:ontime_report"), params).content.decode()
    assert "60.0%" in page or "60,0%" in page
    response = client.get(reverse("reports:ontime_report"), dict(params, xuat="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Đúng hạn"].iter_rows(values_only=True))
    assert rows[2][1] == "Toàn tỉnh" and rows[2][7] == 60.0
    assert [r[0] for r in book["Quá hạn"].iter_rows(values_only=True)][1:] == [period_cases[0][3].code]


def test_it_refuses_the_report_to_handlers_and_outsiders(client, handler_user, outsider_user):
    for user in (handler_user, outsider_user):
        client.force_login(user)
        assert client.get(reverse("reports:ontime_report")).status_code in (302, 403)


def test_it_explains_a_bad_period_in_vietnamese(client, office_user):
    client.force_login(office_user)
    page = client.get(reverse("reports:ontime_report"), {"start": "2026-12-01", "end": "2026-11-01"}).content.decode()
    assert "Ngày bắt đầu phải trước ngày kết thúc." in page
