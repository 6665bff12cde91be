"""The retention job on a clock moved forward; its dry run changes nothing."""

import datetime
import io

import pytest
from django.utils import timezone

from opinions.models import Attachment, Case, PersonalDataAccess, Signal
from privacy import retention
from privacy.models import RetentionKind, RetentionRule, RetentionRun

from .conftest import feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(client, settings, tmp_path, notice, office_user):
    settings.MEDIA_ROOT = tmp_path
    signal = feedback(client, attach=True)
    case = Case.objects.create(title="Rác tồn đọng", status=Case.Status.CLOSED, closed_at=timezone.now())
    Signal.objects.filter(pk=signal.pk).update(case=case)
    PersonalDataAccess.objects.create(user=office_user, signal=signal, action="view")
    return signal


def test_nothing_is_removed_before_the_period_ends(closed_case):
    run = retention.run()
    assert run.total == 0 and Signal.objects.get().has_personal_data


def test_a_dry_run_counts_and_changes_nothing(closed_case):
    later = timezone.now() + datetime.timedelta(days=2000)
    run = retention.run(now=later, dry_run=True)
    assert run.dry_run and run.total >= 2 and not any("truy cập" in what for what in run.counts)
    assert Signal.objects.get().has_personal_data and Attachment.objects.exists()
    assert PersonalDataAccess.objects.exists()


def test_the_job_removes_what_is_past_each_rules_period(closed_case):
    later = timezone.now() + datetime.timedelta(days=800)
    files = [a.file.path for a in Attachment.objects.all()]
    run = retention.run(now=later)
    signal = Signal.objects.get()
    assert not signal.has_personal_data and signal.text  # the opinion stays
    assert not Attachment.objects.exists()
    import os

    assert not any(os.path.exists(f) for f in files)
    assert PersonalDataAccess.objects.exists()  # kept: no rule removes the access log
    assert RetentionRun.objects.get() == run and run.total >= 2
    assert any("Thông tin liên hệ" in what for what in run.counts)


def test_the_command_and_the_screen_show_what_the_next_run_removes(closed_case, client, office_user):
    from django.core.management import call_command

    client.force_login(office_user)
    page = client.get("/admin/du-lieu-ca-nhan/luu-tru/").content.decode()
    assert "Thông tin liên hệ trong vụ việc đã đóng" in page and "Lần chạy tới" in page
    assert "Giữ lại (không xoá — nhật ký truy cập là bằng chứng)" in page
    out = io.StringIO()
    call_command("privacy_retention", "--dry-run", stdout=out)
    assert RetentionRun.objects.get().dry_run
    assert "Nhật ký truy cập dữ liệu cá nhân: giữ lại (không xoá — nhật ký truy cập là bằng chứng)" in out.getvalue()


def test_the_access_log_has_no_rule_and_outlives_any_clock(closed_case):
    retention.ensure_rules()
    assert "access_logs" not in RetentionKind.values
    assert not RetentionRule.objects.filter(kind="access_logs").exists()
    run = retention.run(now=timezone.now() + datetime.timedelta(days=100_000))
    assert PersonalDataAccess.objects.count() == 1
    assert not any("truy cập" in what for what in run.counts)


def test_the_migration_removes_rules_of_the_dropped_kind(db):
    import importlib

    from django.apps import apps

    RetentionRule.objects.create(kind="access_logs", days=1825)
    RetentionRule.objects.create(kind=RetentionKind.ATTACHMENTS, days=730)
    module = importlib.import_module("privacy.migrations.0002_drop_access_log_retention")
    module.drop_access_log_rules(apps, None)
    assert list(RetentionRule.objects.values_list("kind", flat=True)) == [RetentionKind.ATTACHMENTS]
