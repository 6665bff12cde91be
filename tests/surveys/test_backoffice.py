"""The office's screens: build a survey, save a question (with its message), open it, QR code,
invitations and response rates, results with weighting, exports; outsiders are refused."""

import io

import pytest
from django.contrib.messages import get_messages
from docx import Document
from openpyxl import load_workbook

from opinions.models import OutgoingEmail, StaffProfile, Unit
from surveys.models import Invitation, Question, Response, Survey


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def test_the_office_builds_a_survey_and_saving_a_question_says_so(office):
    created = office.post(
        "/admin/khao-sat/them/", {"title": "Ý kiến về chợ Đà Lạt", "sampling": "opt_in", "allow_public_link": "on"}
    )
    survey = Survey.objects.get()
    assert created["Location"] == f"/admin/khao-sat/{survey.pk}/"
    section = survey.sections.get()
    saved = office.post(
        f"/admin/khao-sat/{survey.pk}/cau-hoi/them/",
        {
            "section": section.pk,
            "order": 0,
            "type": "select_one",
            "name": "di_cho",
            "label": "Anh, chị có đi chợ Đà Lạt không?",
            "required": "on",
            "choices_text": "co | Có | Yes\nkhong | Không | No",
        },
        follow=True,
    )
    assert (
        "Đã lưu câu hỏi «di_cho»." in [str(m) for m in get_messages(saved.wsgi_request)]
        or "Đã lưu câu hỏi «di_cho»." in saved.content.decode()
    )
    assert "Đã lưu câu hỏi «di_cho»." in saved.content.decode()
    question = Question.objects.get()
    assert [(c.name, c.label_en) for c in question.choices.all()] == [("co", "Yes"), ("khong", "No")]
    bad = office.post(
        f"/admin/khao-sat/{survey.pk}/cau-hoi/them/",
        {
            "section": section.pk,
            "order": 1,
            "type": "text",
            "name": "y_kien",
            "label": "Ý kiến",
            "relevant": "${di_cho = 'co'",
        },
    )
    assert bad.status_code == 400 and "Biểu thức" in bad.content.decode()
    office.post(f"/admin/khao-sat/{survey.pk}/trang-thai/", {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.is_accepting()
    qr = office.get(f"/admin/khao-sat/{survey.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert office.get(f"/admin/khao-sat/{survey.pk}/xem-truoc/").status_code == 200


def test_outsiders_and_other_units_are_refused(client, short_survey, outsider_user, handler_user):
    survey = short_survey(unit=Unit.objects.get(code="ubnd-22918"))
    client.force_login(outsider_user)
    assert client.get("/admin/khao-sat/them/").status_code in (302, 403)
    assert not Survey.objects.exclude(pk=survey.pk).exists()
    assert client.get(f"/admin/khao-sat/{survey.pk}/ket-qua/").status_code in (302, 403, 404)
    client.force_login(handler_user)
    assert client.get(f"/admin/khao-sat/{survey.pk}/ket-qua/").status_code == 404
    refused = client.post(f"/admin/khao-sat/{survey.pk}/trang-thai/", {"action": "close"})
    assert refused.status_code in (403, 404) or refused["Location"] == "/admin/"  # Wagtail's "no permission"
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_invitations_go_to_a_panel_and_rates_are_per_unit(office, short_survey, django_user_model):
    survey = short_survey()
    unit = Unit.objects.get(code="ubnd-24781")
    for i in range(3):
        user = django_user_model.objects.create_user(f"cb{i}", email=f"cb{i}@example.invalid")
        StaffProfile.objects.create(user=user, unit=unit)
    page = office.post(f"/admin/khao-sat/{survey.pk}/thu-moi/", {"panel": "unit_staff", "unit": unit.pk}, follow=True)
    assert "Đã tạo và gửi 3 thư mời mới." in page.content.decode()
    assert OutgoingEmail.objects.filter(subject__startswith="Mời trả lời").count() == 3
    Invitation.objects.filter(email="cb0@example.invalid").update(used_at="2026-12-01T08:00Z")
    page = office.post(f"/admin/khao-sat/{survey.pk}/thu-moi/", {"action": "remind"}, follow=True)
    assert "Đã gửi thư nhắc cho 2 người chưa trả lời." in page.content.decode()
    assert "33,3%" in page.content.decode() or "33.3%" in page.content.decode()


def answer(survey, sex, used, score):
    Response.objects.create(
        survey=survey,
        status=Response.Status.COMPLETE,
        answers={
            "gioi_tinh": sex,
            "tuoi": 30,
            "da_dung": used,
            **({"hai_long": score} if used == "co" else {"ly_do": ["mang"]}),
        },
    )


def test_results_are_weighted_and_export(office, short_survey):
    survey = short_survey()
    for i in range(40):
        answer(survey, "nu" if i % 4 else "nam", "co" if i % 3 else "khong", str(1 + i % 5))
    page = office.get(f"/admin/khao-sat/{survey.pk}/ket-qua/")
    text = page.content.decode()
    assert "Đây không phải mẫu xác suất" in text and "Mức độ hài lòng" in text and "<svg" in text
    saved = office.post(
        f"/admin/khao-sat/{survey.pk}/ket-qua/",
        {"action": "save", "method": "rake", "margins": "gioi_tinh: nam = 1592171\ngioi_tinh: nu = 1557711"},
        follow=True,
    )
    assert "Đã lưu cách gia quyền." in saved.content.decode()
    survey.refresh_from_db()
    assert survey.calibration["margins"]["gioi_tinh"]["nam"] == 1592171
    weighted = office.get(f"/admin/khao-sat/{survey.pk}/ket-qua/").context
    shares = {r["label"]: r["estimate"] for r in weighted["blocks"][0]["rows"]}
    assert shares["Nam"] == pytest.approx(1592171 / 3149882)
    assert weighted["computed"]["weights"]["n_eff"] < 40  # raking costs effective sample size
    table = office.get(f"/admin/khao-sat/{survey.pk}/ket-qua/?hang=da_dung&cot=gioi_tinh").context["table"]
    assert table["test"]["p_value"] is not None
    census = office.post(f"/admin/khao-sat/{survey.pk}/ket-qua/", {"action": "census"}, follow=True)
    assert "Đã lưu cách gia quyền." in census.content.decode()
    xlsx = office.get(f"/admin/khao-sat/{survey.pk}/ket-qua/?tai-ve=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Ước lượng"]
    assert sheet["A3"].value == "Câu hỏi" and sheet.max_row > 5
    docx = office.get(f"/admin/khao-sat/{survey.pk}/ket-qua/?tai-ve=docx")
    body = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BÁO CÁO KẾT QUẢ KHẢO SÁT" in body and "không phải mẫu xác suất" in body
