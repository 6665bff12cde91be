"""The respondent's pages: sections, save and resume, tokens answer once, no IP address stored."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection

from opinions.services import personal_data_collected
from surveys import respond
from surveys.models import Invitation, RespondentContact, Response

FIRST = {"gioi_tinh": "nu", "tuoi": "34", "da_dung": "co", "action": "next"}
SECOND = {"hai_long": "4", "gop_y": "Cần hướng dẫn rõ hơn.", "action": "next"}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def url(survey):
    return f"/khao-sat/{survey.public_key}/"


def test_it_walks_the_sections_and_stores_answers_without_address(client, short_survey):
    survey = short_survey()
    page = client.get(url(survey))
    assert page.status_code == 200 and "Phần 1/2" in page.content.decode()
    assert client.post(url(survey), FIRST, REMOTE_ADDR="203.0.113.9").status_code == 302
    page = client.get(url(survey))
    assert "Phần 2/2" in page.content.decode() and "Mức độ hài lòng" in page.content.decode()
    done = client.post(url(survey), SECOND, REMOTE_ADDR="203.0.113.9")
    assert done.status_code == 302 and done["Location"].endswith("/da-gui/")
    response = Response.objects.get()
    assert response.status == Response.Status.COMPLETE
    assert response.answers == {
        "gioi_tinh": "nu",
        "tuoi": 34,
        "da_dung": "co",
        "hai_long": "4",
        "gop_y": "Cần hướng dẫn rõ hơn.",
    }
    # Nothing anywhere in the stored row holds the address or an account.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        assert "203.0.113.9" not in json.dumps(cursor.fetchall(), default=str)
    assert not [f.name for f in Response._meta.fields if "ip" in f.name or f.name in ("user", "account")]


def test_it_skips_a_section_and_shows_vietnamese_errors(client, short_survey):
    survey = short_survey()
    bad = client.post(url(survey), {**FIRST, "tuoi": "200", "da_dung": "khong"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Tuổi phải từ 16 đến 110." in text and "Câu này bắt buộc trả lời." in text
    done = client.post(url(survey), {**FIRST, "da_dung": "khong", "ly_do": ["mang"]})
    assert done["Location"].endswith("/da-gui/")  # the second section was skipped
    assert Response.objects.get().answers["ly_do"] == ["mang"]


def test_it_saves_and_resumes_on_another_device(client, django_user_model, short_survey):
    survey = short_survey()
    saved = client.post(url(survey), {"gioi_tinh": "nam", "action": "save"})
    assert "Đã lưu để làm tiếp" in saved.content.decode()
    response = Response.objects.get()
    assert response.status == Response.Status.IN_PROGRESS and response.answers == {"gioi_tinh": "nam"}
    other = type(client)()
    other.get(f"/khao-sat/tiep-tuc/{response.resume_key}/")
    assert 'value="nam" checked' in other.get(url(survey)).content.decode()


def test_a_token_answers_once(client, short_survey):
    survey = short_survey(allow_public_link=False)
    invitation = Invitation.objects.create(survey=survey, email="ctv@example.invalid")
    link = f"/khao-sat/moi/{invitation.token}/"
    assert client.get(url(survey)).status_code == 403
    client.post(link, {**FIRST, "da_dung": "khong", "ly_do": "mang"})
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = type(client)().post(link, {**FIRST, "da_dung": "khong", "ly_do": "mang"})
    assert again.status_code == 409 and "đã được dùng" in again.content.decode()
    assert Response.objects.count() == 1 and Response.objects.get().source == Response.Source.INVITATION


def test_it_flags_duplicates_and_limits_an_address(client, short_survey, monkeypatch):
    survey = short_survey()
    answer = {**FIRST, "da_dung": "khong", "ly_do": "mang"}
    client.post(url(survey), answer)
    client.post(url(survey), answer)  # same browser: the signed cookie says it answered already
    assert list(Response.objects.order_by("pk").values_list("possible_duplicate", flat=True)) == [False, True]
    monkeypatch.setattr(respond, "RATE_LIMIT_PER_HOUR", 2)
    limited = type(client)().post(url(survey), answer)
    assert limited.status_code == 429 and Response.objects.count() == 2


def test_an_identified_survey_keeps_contacts_apart_with_consent(client, short_survey):
    survey = short_survey(identified=True)
    answer = {**FIRST, "da_dung": "khong", "ly_do": "mang", "full_name": "Trần Thị Lan", "email": "lan@example.invalid"}
    refused = client.post(url(survey), answer)
    assert refused.status_code == 400 and "đồng ý" in refused.content.decode()
    assert not RespondentContact.objects.exists()
    sent = []
    personal_data_collected.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="t-survey")
    try:
        client.post(url(survey), {**answer, "consent": "yes"})
    finally:
        personal_data_collected.disconnect(dispatch_uid="t-survey")
    contact = RespondentContact.objects.get()
    assert contact.full_name == "Trần Thị Lan" and sent[0]["channel"] == "survey"
    assert "Trần Thị Lan" not in json.dumps(Response.objects.get().answers, ensure_ascii=False)


def test_a_closed_survey_takes_no_answers(client, short_survey):
    survey = short_survey()
    survey.status = survey.Status.CLOSED
    survey.save()
    assert client.post(url(survey), FIRST).status_code == 410
    assert not Response.objects.exists()


def test_a_retried_submission_is_stored_once_and_answered_as_done(client, short_survey):
    """The page's one-use submission key: a retry (double click, lost answer) is not a second response."""
    survey = short_survey(allow_public_link=False)
    invitation = Invitation.objects.create(survey=survey, email="ctv2@example.invalid")
    link = f"/khao-sat/moi/{invitation.token}/"
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', client.get(link).content.decode()).group(1)
    answer = {**FIRST, "da_dung": "khong", "ly_do": "mang", "submission_key": key}
    first = client.post(link, answer)
    retry = type(client)().post(link, answer)  # the same submission from a browser that lost the answer
    assert first.status_code == retry.status_code == 302 and retry["Location"].endswith("/da-gui/")
    other = type(client)().post(link, {**answer, "submission_key": "khac"})
    assert other.status_code == 409
    public = short_survey()
    body = {**FIRST, "da_dung": "khong", "ly_do": "mang", "submission_key": "abc123"}
    assert client.post(url(public), body).status_code == type(client)().post(url(public), body).status_code == 302
    assert Response.objects.filter(survey=public).count() == 1
    assert Response.objects.filter(survey=survey).get().submission_key == key


def test_the_cached_survey_follows_an_edit(client, short_survey):
    survey = short_survey()
    before = client.get(url(survey)).content.decode()
    question = survey.questions.order_by("order", "pk").first()
    question.label = "Câu hỏi đã sửa lại"
    question.save()
    survey.refresh_from_db()
    after = client.get(url(survey)).content.decode()
    assert "Câu hỏi đã sửa lại" not in before and "Câu hỏi đã sửa lại" in after
    choice = question.choices.first() or survey.questions.exclude(choices=None).first().choices.first()
    choice.label = "Nhãn lựa chọn mới"
    choice.save()
    assert "Nhãn lựa chọn mới" in type(client)().get(url(survey)).content.decode()
