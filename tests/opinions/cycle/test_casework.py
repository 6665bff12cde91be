"""The helpdesk side of a case: a named officer, internal notes, answer templates, the signed reply,
and the notification inbox."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opinions.cycle import services as workflow
from opinions.models import AnswerTemplate, Field, Notification
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def colleague(django_user_model):
    user = make_user(django_user_model, "canbo_c", "Cán bộ xử lý đơn vị", "ubnd-24781")
    user.first_name, user.last_name = "Lan", "Trần Thị"
    user.save()
    return user


def test_it_assigns_a_named_officer_of_the_unit_only(client, case_factory, handler_user, colleague, other_handler_user):
    case = case_factory()
    client.force_login(handler_user)
    url = reverse("cycle:case_detail", args=[case.pk])
    assert "Trần Thị Lan" in client.get(url).content.decode()
    client.post(url, {"action": "officer", "officer": colleague.pk})
    case.refresh_from_db()
    assert case.assigned_officer == colleague
    assert Notification.objects.filter(recipient=colleague, kind="officer").exists()
    page = client.post(url, {"action": "officer", "officer": other_handler_user.pk}, follow=True).content.decode()
    case.refresh_from_db()
    assert case.assigned_officer == colleague and "không thuộc đơn vị" in page


def test_internal_notes_never_reach_the_citizen(client, case_factory, handler_user):
    case = case_factory()
    client.force_login(handler_user)
    client.post(
        reverse("cycle:case_detail", args=[case.pk]), {"action": "internal_note", "text": "Chủ hộ số 12 khó hợp tác."}
    )
    assert "Chủ hộ số 12 khó hợp tác." in client.get(reverse("cycle:case_detail", args=[case.pk])).content.decode()
    client.logout()
    code = case.signals.get().tracking_code
    page = client.get(reverse("opinions:feedback_track"), {"ma": code}).content.decode()
    assert "khó hợp tác" not in page and "Ghi chú nội bộ" not in page


def test_it_offers_the_fields_answer_templates_filled_in(client, case_factory, handler_user):
    case = case_factory()
    AnswerTemplate.objects.create(
        field=case.field, title="Đã sửa chữa", text="Về vụ việc {ma_vu_viec}, {don_vi} đã sửa chữa xong."
    )
    AnswerTemplate.objects.create(field=Field.objects.get(code="y-te"), title="Mẫu y tế", text="Không liên quan.")
    client.force_login(handler_user)
    page = client.get(reverse("cycle:case_detail", args=[case.pk])).content.decode()
    assert f"Về vụ việc {case.code}, UBND Phường Xuân Hương - Đà Lạt đã sửa chữa xong." in page
    assert "Mẫu y tế" not in page


def test_the_signed_reply_pdf_goes_with_the_answer(client, case_factory, handler_user, office_user):
    case = case_factory()
    client.force_login(handler_user)
    url = reverse("cycle:case_detail", args=[case.pk])
    text = "UBND phường đã vá ổ gà, văn bản trả lời kèm theo."
    fake = SimpleUploadedFile("tra-loi.pdf", b"not a pdf", content_type="application/pdf")
    page = client.post(url, {"action": "submit", "text": text, "signed_reply": fake}, follow=True).content.decode()
    assert "phải là tệp PDF" in page and workflow.current_draft(case) is None
    signed = SimpleUploadedFile("tra-loi.pdf", PDF, content_type="application/pdf")
    client.post(url, {"action": "submit", "text": text, "signed_reply": signed})
    draft = workflow.current_draft(case)
    assert draft.signed_reply
    workflow.approve_response(office_user, draft)
    client.logout()
    code = case.signals.get().tracking_code
    page = client.get(reverse("opinions:feedback_track"), {"ma": code}).content.decode()
    link = reverse("opinions:answer_document", args=[code, draft.pk])
    assert link in page
    assert b"".join(client.get(link).streaming_content) == PDF
    assert client.get(reverse("opinions:answer_document", args=["LD-00000000", draft.pk])).status_code == 404


def test_the_inbox_lists_my_notices_only(client, case_factory, handler_user, office_user, outsider_user):
    case = case_factory()
    workflow.draft_response(handler_user, case, "Dự thảo trả lời đủ dài để trình duyệt.", submit=True)
    client.force_login(office_user)
    page = client.get(reverse("cycle:notification_list")).content.decode()
    assert "Dự thảo trả lời chờ phê duyệt" in page and case.code in page
    assert "b\\u00e1o (1)" in client.get("/admin/").content.decode()  # the sidebar's JSON
    client.post(reverse("cycle:notification_list"))
    assert not Notification.objects.filter(recipient=office_user, read_at__isnull=True).exists()
    client.force_login(handler_user)
    assert case.code not in client.get(reverse("cycle:notification_list")).content.decode()
    client.force_login(outsider_user)
    assert client.get(reverse("cycle:notification_list")).status_code in (302, 403)
