"""Intake: attachments (type, size, metadata stripped), similar cases, e-mail with retries, other channels."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from opinions.cycle import notify
from opinions.models import Area, Attachment, Case, Field, OutgoingEmail, PersonalDataAccess, Signal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def data():
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "text": "Rác thải tồn đọng nhiều ngày ở góc chợ, bốc mùi hôi khó chịu.",
        "submission_key": "b" * 32,
        "reporter_email": "lan@example.invalid",
        "consent_personal_data": "on",
    }


def photo_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "CanonMakerTag"
    exif[0x8825] = {1: "N", 2: (11.0, 56.0, 30.0), 3: "E", 4: (108.0, 26.0, 10.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "JPEG", exif=exif)
    assert b"CanonMakerTag" in buffer.getvalue()
    return SimpleUploadedFile("anh chup.jpg", buffer.getvalue(), "image/jpeg")


def test_it_stores_a_photo_without_gps_or_camera_data(client, data):
    client.post(reverse("opinions:feedback_create"), dict(data, attachments=[photo_with_gps()]))
    attachment = Attachment.objects.get()
    stored = attachment.file.read()
    assert b"CanonMakerTag" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (64, 48)
    assert attachment.content_type == "image/jpeg" and attachment.signal.tracking_code in attachment.file.name


def test_it_refuses_a_file_that_is_neither_image_nor_pdf(client, data):
    fake = SimpleUploadedFile("hoa-don.pdf.exe", b"MZ\x90\x00 not a picture", "image/jpeg")
    response = client.post(reverse("opinions:feedback_create"), dict(data, attachments=[fake]))
    assert response.status_code == 400 and "chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF" in response.content.decode()
    assert Signal.objects.count() == 0 and Attachment.objects.count() == 0


def test_it_refuses_too_many_or_too_large_files(client, data, monkeypatch):
    pdf = lambda: SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello", "application/pdf")  # noqa: E731
    response = client.post(reverse("opinions:feedback_create"), dict(data, attachments=[pdf() for _ in range(6)]))
    assert "Tối đa 5 tệp đính kèm." in response.content.decode()
    monkeypatch.setattr("opinions.intake.uploads.MAX_FILE_BYTES", 10)
    response = client.post(reverse("opinions:feedback_create"), dict(data, attachments=[pdf()]))
    assert "quá lớn" in response.content.decode() and Signal.objects.count() == 0


def test_it_mails_the_tracking_code_and_retries_when_the_mail_server_fails(
    client, data, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("máy chủ thư không trả lời")

    monkeypatch.setattr(notify, "send_mail", broken)  # the one outside service: an SMTP server
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("opinions:feedback_create"), data, follow=True)
    signal = Signal.objects.get()
    assert signal.tracking_code in response.content.decode()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING and email.attempts == 1 and "không trả lời" in email.last_error
    monkeypatch.undo()
    assert notify.send_pending_emails() == (1, 0)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert mail.outbox[-1].to == ["lan@example.invalid"] and signal.tracking_code in mail.outbox[-1].body


def test_it_suggests_public_open_cases_alike(client, case_factory):
    case = case_factory(title="Đường Trần Phú nhiều ổ gà")
    hidden = case_factory(title="Đường Trần Phú ổ gà không công khai")
    Case.objects.filter(pk=case.pk).update(is_public=True)
    params = {"field": case.field_id, "area": case.area_id, "text": "ổ gà đường Trần Phú"}
    page = client.get(reverse("opinions:feedback_similar"), params).content.decode()
    assert case.title in page and hidden.title not in page and "Nguyễn Văn Dân" not in page


def test_it_records_a_hotline_call_through_the_back_office(client, handler_user):
    client.force_login(handler_user)
    response = client.post(
        reverse("cycle:signal_record"),
        {
            "channel": "hotline",
            "kind": "report",
            "received_at": "26/11/2026 08:30",
            "urgency": "normal",
            "text": "Người dân gọi báo cột điện nghiêng trên đường Phan Đình Phùng.",
            "reporter_name": "Trần Thị Hoa",
            "consent_personal_data": "on",
            "submission_key": "c" * 32,
            "area": Area.objects.get(code="24781").pk,
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.channel == "hotline" and signal.recorded_by == handler_user and signal.status == "new"
    assert signal.received_at.strftime("%d/%m/%Y") == "26/11/2026"


def test_it_logs_each_opening_of_a_citizens_file(client, office_user, outsider_user, data):
    client.post(reverse("opinions:feedback_create"), dict(data, attachments=[photo_with_gps()]))
    attachment = Attachment.objects.get()
    client.force_login(outsider_user)
    assert client.get(reverse("cycle:attachment_download", args=[attachment.pk])).status_code in (302, 403)
    client.force_login(office_user)
    assert client.get(reverse("cycle:attachment_download", args=[attachment.pk])).status_code == 200
    assert PersonalDataAccess.objects.filter(user=office_user, signal=attachment.signal).count() == 1
