import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from opinions.models import Area, Field, Signal
from privacy.models import PrivacyNotice

NAME, PHONE, EMAIL = "Trần Thị Bích Ngọc", "0912 345 678", "bichngoc.planted@example.invalid"
OTHER_NAME, OTHER_PHONE, OTHER_EMAIL = "Lê Văn Khác", "0977 111 222", "khac.other@example.invalid"


@pytest.fixture
def notice(db):
    return PrivacyNotice.objects.create(
        version="2026.1",
        body="Ban Tuyên giáo và Dân vận xử lý họ tên, số điện thoại, thư điện tử để giải quyết ý kiến.\n\n"
        "Anh, chị có quyền yêu cầu xem, sửa, xóa dữ liệu.",
        effective_from=datetime.date(2026, 1, 1),
    )


def png_upload(name="anh.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def feedback(client, *, name=NAME, phone=PHONE, email=EMAIL, key="a", text=None, attach=False):
    data = {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "address": "Chợ Đà Lạt",
        "title": "Rác tồn đọng",
        "text": text or f"Rác tồn đọng ở góc chợ nhiều ngày. Tôi là {name}, số {phone}, xin trả lời sớm.",
        "reporter_name": name,
        "reporter_phone": phone,
        "reporter_email": email,
        "consent_personal_data": "on",
        "allow_public": "on",
        "submission_key": key * 32,
    }
    if attach:
        data["attachments"] = [png_upload(f"{key}-anh.png")]
    response = client.post(reverse("opinions:feedback_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Signal.objects.get(submission_key=key * 32)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The public forms count submissions per address in the default cache (outside the database)."""
    from django.core.cache import cache

    cache.clear()
