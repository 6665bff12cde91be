"""detect_alerts on database signals, and the office's actions on an alert (issue 7)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from opinions.alerts.services import AlertError, acknowledge_alert, detect_alerts, make_quick_report
from opinions.cycle.services import compute_deadline
from opinions.models import Alert, Area, Case, Field, OutgoingEmail, Signal, Urgency

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 30))
SURGE = 12


def add_signals(times, *, field="boi-thuong-gpmb", area="24871", text="Người dân phản ánh giá bồi thường thấp."):
    field = Field.objects.get(code=field)
    area = Area.objects.get(code=area)
    return Signal.objects.bulk_create(
        [Signal(channel="hotline", kind="opinion", text=text, field=field, area=area, received_at=t) for t in times]
    )


def quiet_history(days=120, every=4, **kwargs):
    """One signal every few days, up to two days before NOW."""
    return add_signals([NOW - datetime.timedelta(days=d, hours=5) for d in range(days, 2, -every)], **kwargs)


def surge(n=SURGE, before=NOW, **kwargs):
    return add_signals([before - datetime.timedelta(minutes=45 + 100 * i) for i in range(n)], **kwargs)


@pytest.fixture
def office_with_mail(office_user):
    office_user.email = "vanphong@example.invalid"
    office_user.save()
    return office_user


@pytest.fixture
def alert(office_with_mail):
    quiet_history()
    surge()
    detect_alerts(NOW)
    return Alert.objects.get()


def test_it_raises_one_explained_alert_with_the_signals_behind_it(office_with_mail):
    history = quiet_history()
    burst = surge()
    add_signals([NOW - datetime.timedelta(hours=3)], field="giao-thong-ha-tang", area="24781")
    created, updated = detect_alerts(NOW)
    assert (created, updated) == (1, 0)
    alert = Alert.objects.get()
    # the surge fires for the field, the commune and the field in the commune: the most specific is kept
    assert alert.scope == Alert.Scope.FIELD_AREA
    assert alert.field.code == "boi-thuong-gpmb" and alert.area.code == "24871"
    assert alert.message.startswith(
        f"{SURGE} ý kiến về bồi thường, hỗ trợ, tái định cư, GPMB ở xã Đinh Văn Lâm Hà trong 24 giờ qua, gấp"
    )
    assert "mức bình thường" in alert.message
    assert alert.observed == SURGE and alert.expected < 1
    assert alert.level == Alert.Level.HIGH and alert.status == Alert.Status.NEW
    assert set(alert.signals.values_list("pk", flat=True)) == {s.pk for s in burst}
    assert not alert.signals.filter(pk__in=[s.pk for s in history]).exists()
    assert alert.window_end == NOW.replace(minute=0)
    assert alert.window_start == alert.window_end - datetime.timedelta(hours=24)
    assert len(alert.series) == 28 and alert.series[-1]["count"] == SURGE


def test_steady_counts_raise_nothing(office_with_mail):
    quiet_history(every=1)
    assert detect_alerts(NOW) == (0, 0)
    assert not Alert.objects.exists()


def test_it_is_idempotent_and_emails_the_office_once(office_with_mail):
    quiet_history()
    surge()
    assert detect_alerts(NOW) == (1, 0)
    assert detect_alerts(NOW) == (0, 1)
    # an hour later, the same surge is still the same alert
    assert detect_alerts(NOW + datetime.timedelta(hours=1)) == (0, 1)
    assert Alert.objects.count() == 1
    mails = OutgoingEmail.objects.all()
    assert mails.count() == 1
    assert mails[0].to == "vanphong@example.invalid"
    assert "Cảnh báo sớm mức cao" in mails[0].subject
    assert Alert.objects.get().email == mails[0]


def test_it_uses_nothing_after_the_run_time(office_with_mail):
    quiet_history()
    later = surge(before=NOW + datetime.timedelta(hours=20))  # received after NOW
    assert detect_alerts(NOW) == (0, 0)
    # half of the surge before the run, half after: only the earlier half is counted
    Signal.objects.filter(pk__in=[s.pk for s in later]).delete()
    before = surge(n=8)
    after = add_signals([NOW + datetime.timedelta(minutes=m) for m in (5, 20, 40)])
    detect_alerts(NOW)
    alert = Alert.objects.get()
    assert alert.observed == 8
    assert set(alert.signals.values_list("pk", flat=True)) == {s.pk for s in before}
    assert not alert.signals.filter(pk__in=[s.pk for s in after]).exists()


def test_it_ignores_rejected_and_duplicate_signals(office_with_mail):
    quiet_history()
    burst = surge()
    Signal.objects.filter(pk__in=[s.pk for s in burst[:9]]).update(status=Signal.Status.REJECTED)
    assert detect_alerts(NOW) == (0, 0)


def test_a_case_series_alerts_on_a_surge_of_its_own_signals(office_with_mail, case_factory):
    case = case_factory()
    burst = surge(field="giao-thong-ha-tang", area="24781", text="Đường Trần Phú ngập sâu sau mưa.")
    Signal.objects.filter(pk__in=[s.pk for s in burst]).update(case=case, status=Signal.Status.ATTACHED)
    detect_alerts(NOW)
    alert = Alert.objects.get()
    assert alert.scope == Alert.Scope.CASE and alert.case == case
    assert f"về vụ việc {case.code}" in alert.message


def test_office_acknowledges_once(alert, office_with_mail):
    acknowledge_alert(office_with_mail, alert, "Đã nắm tình hình, theo dõi thêm.")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ACKNOWLEDGED
    assert alert.acknowledged_by == office_with_mail and alert.acknowledged_at
    first = alert.acknowledged_at
    with pytest.raises(AlertError):
        acknowledge_alert(office_with_mail, alert, "lần hai")
    alert.refresh_from_db()
    assert alert.acknowledged_at == first and alert.note == "Đã nắm tình hình, theo dõi thêm."


def test_quick_report_makes_one_urgent_case_with_the_signals(alert, office_with_mail, client):
    client.force_login(office_with_mail)
    url = reverse("alerts:alert_detail", args=[alert.pk])
    client.post(url, {"action": "report"})
    client.post(url, {"action": "report"})  # double click
    alert.refresh_from_db()
    case = Case.objects.get()
    assert alert.report_case == case and alert.status == Alert.Status.REPORTED
    assert case.urgency == Urgency.URGENT
    assert case.deadline == compute_deadline("opinion", Urgency.URGENT)
    assert alert.message in case.summary
    assert set(case.signals.values_list("pk", flat=True)) == set(alert.signals.values_list("pk", flat=True))
    assert case.source_alert == alert
    again, created = make_quick_report(office_with_mail, alert)
    assert again == case and not created and Case.objects.count() == 1
    report = client.get(reverse("reports:quick_report", args=[alert.pk]))
    assert report.status_code == 200
    assert case.code in report.content.decode() and "Báo cáo nhanh" in report.content.decode()


def test_handlers_and_outsiders_see_and_change_nothing(alert, handler_user, outsider_user, client):
    # Wagtail turns the refusal into a redirect to the dashboard (or 403)
    refused = (302, 403)
    for user in (handler_user, outsider_user):
        client.force_login(user)
        list_page = client.get(reverse("alerts:alert_list"))
        assert list_page.status_code in refused and alert.message not in list_page.content.decode()
        assert client.get(reverse("alerts:alert_detail", args=[alert.pk])).status_code in refused
        assert client.get(reverse("reports:quick_report", args=[alert.pk])).status_code in refused
        assert client.post(reverse("alerts:alert_detail", args=[alert.pk]), {"action": "report"}).status_code in refused
        response = client.post(reverse("alerts:alert_detail", args=[alert.pk]), {"action": "acknowledge"})
        assert response.status_code in refused
        with pytest.raises(PermissionDenied):
            make_quick_report(user, alert)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.NEW and not Case.objects.exists()


def test_leaders_read_but_cannot_act(alert, leader_user, client):
    client.force_login(leader_user)
    page = client.get(reverse("alerts:alert_detail", args=[alert.pk]))
    assert page.status_code == 200 and alert.message in page.content.decode()
    assert "Chuyển thành báo cáo nhanh" not in page.content.decode()
    client.post(reverse("alerts:alert_detail", args=[alert.pk]), {"action": "report"})
    client.post(reverse("alerts:alert_detail", args=[alert.pk]), {"action": "acknowledge"})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.NEW and not Case.objects.exists()


def test_the_list_filters_by_level_field_and_status(alert, office_with_mail, client):
    client.force_login(office_with_mail)
    url = reverse("alerts:alert_list")
    assert alert.message[:40] in client.get(url).content.decode()
    assert alert.message[:40] in client.get(url, {"muc": "high", "trang_thai": "new"}).content.decode()
    assert alert.message[:40] not in client.get(url, {"muc": "medium"}).content.decode()
    other = Field.objects.get(code="giao-thong-ha-tang")
    assert alert.message[:40] not in client.get(url, {"linh_vuc": other.pk}).content.decode()
    assert alert.message[:40] not in client.get(url, {"trang_thai": "acknowledged"}).content.decode()


def test_the_command_reads_a_vietnamese_time_and_refuses_a_bad_one(office_with_mail, capsys):
    quiet_history()
    surge()
    call_command("detect_alerts", "--luc", NOW.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M"))
    assert "1 cảnh báo mới" in capsys.readouterr().out
    with pytest.raises(CommandError, match="dd/mm/yyyy HH:MM"):
        call_command("detect_alerts", "--luc", "2026-11-20")
    assert Alert.objects.count() == 1
