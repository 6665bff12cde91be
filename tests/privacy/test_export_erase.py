"""The export holds every planted datum of a person and nothing of another; erasure leaves no trace
of the name, phone or e-mail in any table, the search index, the page cache or the media folder,
while the opinions stay counted."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from news.cache import page_cache
from opinions.intake.messaging import queue_message
from opinions.models import Collaborator, OutgoingMessage, PersonalDataAccess, Signal
from privacy.models import RightsRequest
from search.models import SearchDocument
from surveys.models import RespondentContact
from surveys.services import create_survey
from tests.surveys.conftest import SHORT

from .conftest import EMAIL, NAME, OTHER_EMAIL, OTHER_NAME, OTHER_PHONE, PHONE, feedback
from .support import ask, office_action

pytestmark = pytest.mark.django_db
PHONE_FORMS = ["0912345678", "0912 345 678", "912345678", "+84912345678"]


@pytest.fixture
def planted(client, settings, tmp_path, notice, office_user):
    """Person A: two reports (one with a photo), a roster entry, an e-mail sent, a view of the
    contacts logged; person B: one report."""
    settings.MEDIA_ROOT = tmp_path
    first = feedback(client, key="a", attach=True)
    second = feedback(client, key="b", phone="", text=f"Đèn đường ở hẻm tối. Liên hệ {EMAIL} hoặc gọi 0912.345.678.")
    other = feedback(client, key="c", name=OTHER_NAME, phone=OTHER_PHONE, email=OTHER_EMAIL)
    Collaborator.objects.create(full_name=NAME, phone="0912345678", email=EMAIL, position="Giáo viên")
    PersonalDataAccess.objects.create(user=office_user, signal=first, action="view", detail="xem")
    survey = create_survey(SHORT, identified=True)
    RespondentContact.objects.create(
        survey=survey, full_name=NAME, phone="0912 345 678", email=EMAIL, consent_at=timezone.now()
    )
    RespondentContact.objects.create(survey=survey, full_name=OTHER_NAME, email=OTHER_EMAIL, consent_at=timezone.now())
    queue_message("sms", PHONE, f"Chào {NAME}, mã tra cứu {first.tracking_code}.", key="planted-sms")
    return first, second, other


def export(*args):
    out = io.StringIO()
    call_command("personal_data", "export", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("how", ["email", "phone", "code"])
def test_the_export_has_every_datum_of_the_person_and_nothing_of_another(planted, how):
    first, second, _ = planted
    args = {
        "email": ["--email", EMAIL],
        "phone": ["--phone", "+84 912 345 678"],
        "code": ["--code", first.tracking_code],
    }
    text = export(*args[how])
    data = json.loads(text)
    for value in (NAME, EMAIL, PHONE, first.tracking_code, second.tracking_code, first.text, second.text, "a-anh.png"):
        assert value in text, value
    assert len(data["thông tin dư luận"]) == 2 and len(data["cộng tác viên DLXH"]) == 1
    assert len(data["phiếu khảo sát"]) == 1
    assert data["bằng chứng đồng ý"] and data["nhật ký truy cập"] and data["thư đã gửi"]
    for value in (OTHER_NAME, OTHER_EMAIL, OTHER_PHONE, planted[2].tracking_code):
        assert value not in text


def test_the_erase_command_refuses_without_an_approved_request(planted, client):
    first = planted[0]
    with pytest.raises(CommandError, match="đã được duyệt"):
        call_command("personal_data", "erase", "--code", first.tracking_code)
    item = ask(client, first, "delete", EMAIL)
    with pytest.raises(CommandError, match="đã được duyệt"):
        call_command("personal_data", "erase", "--code", first.tracking_code, "--request", str(item.pk))
    assert Signal.objects.get(pk=first.pk).has_personal_data


def dump():
    """Every row of every table as text, inside the test's own transaction (SQLite's iterdump; on
    PostgreSQL each table's rows as JSON, since pg_dump would not see uncommitted rows)."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    rows = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            rows += [row for (row,) in cursor.fetchall()]
    return "\n".join(rows)


def test_after_erasure_no_trace_remains_and_the_counts_stay(
    planted, client, office_user, settings, django_capture_on_commit_callbacks
):
    first, second, other = planted
    cached = "pagecache:1:http:testserver:/vu-viec/"
    page_cache().set(cached, (f"<p>{NAME}</p>".encode(), {}), None)
    files = [Path(a.file.path) for a in first.attachments.all()]
    assert files and all(f.exists() for f in files)
    item = ask(client, first, "delete", EMAIL, details=f"Tôi là {NAME}, xin xóa toàn bộ.")
    before = (Signal.objects.count(), SearchDocument.objects.filter(kind="signal").count())
    assert NAME in dump() and EMAIL in dump()
    staff = type(client)()
    staff.force_login(office_user)
    office_action(staff, item, "duyet-xoa")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("personal_data", "erase", "--code", first.tracking_code, "--request", str(item.pk))
    item.refresh_from_db()
    assert item.status == RightsRequest.Status.DONE
    database = dump()
    for value in (NAME, EMAIL, *PHONE_FORMS, "0912.345.678"):
        assert value not in database, [line[:300] for line in database.splitlines() if value in line]
    assert OTHER_NAME in database and OTHER_EMAIL in database  # the other person is untouched
    assert (Signal.objects.count(), SearchDocument.objects.filter(kind="signal").count()) == before
    assert Signal.objects.get(pk=second.pk).text.startswith("Đèn đường ở hẻm tối.")
    assert not any(f.exists() for f in files)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert NAME.encode() not in content and EMAIL.encode() not in content
    assert page_cache().get(cached) is None
    assert not Collaborator.objects.filter(phone="0912345678").exists()
    assert RespondentContact.objects.count() == 2 and OutgoingMessage.objects.filter(key="planted-sms").exists()
    page = client.get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/").content.decode()
    assert "nội dung ý kiến được giữ ở dạng ẩn danh" in page
