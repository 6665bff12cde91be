"""The citizen follows the case by code, reads the approved answer, rates it, may reopen once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.cycle import services as workflow
from opinions.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(case_factory, office_user):
    case = case_factory(title="Đèn đường Trần Phú hỏng")
    Case.objects.filter(pk=case.pk).update(is_public=True, summary="Đèn đường hỏng nhiều ngày.")
    case.signals.update(allow_public=True)  # the citizen agreed to publication (issue 18)
    draft = workflow.draft_response(office_user, case, "Điện lực đã thay bóng đèn ngày 20/11/2026.", submit=True)
    workflow.approve_response(office_user, draft)
    case.refresh_from_db()
    return case


def track(client, signal):
    return client.get(reverse("opinions:feedback_track"), {"ma": signal.tracking_code.lower()})


def test_it_shows_status_and_answer_by_code_without_personal_data(client, answered):
    signal = answered.signals.get()
    page = track(client, signal).content.decode()
    assert "Đã trả lời" in page and "Điện lực đã thay bóng đèn" in page
    assert signal.reporter_name not in page and signal.reporter_phone not in page


def test_it_tells_an_unknown_code_in_vietnamese(client):
    response = client.get(reverse("opinions:feedback_track"), {"ma": "LD-00000000"})
    assert response.status_code == 404 and "Không tìm thấy ý kiến có mã này" in response.content.decode()
    assert "Mã tra cứu có dạng" in client.get(reverse("opinions:feedback_track"), {"ma": "abc"}).content.decode()


def test_it_takes_one_rating(client, answered):
    signal = answered.signals.get()
    url = reverse("opinions:feedback_rate")
    assert client.post(url, {"ma": signal.tracking_code}).status_code == 400
    client.post(url, {"ma": signal.tracking_code, "rating": "satisfied", "comment": "Cảm ơn."})
    second = client.post(url, {"ma": signal.tracking_code, "rating": "unsatisfied"})
    signal.refresh_from_db()
    assert signal.rating == "satisfied" and "đã đánh giá" in second.content.decode()
    assert answered.events.filter(action="rated").count() == 1


def test_it_reopens_once_within_the_set_days(client, answered, settings):
    signal = answered.signals.get()
    url = reverse("opinions:feedback_reopen")
    client.post(url, {"ma": signal.tracking_code, "reason": "Đèn lại hỏng sau hai ngày."})
    answered.refresh_from_db()
    assert answered.status == Case.Status.IN_PROGRESS and answered.answered_at is None
    Case.objects.filter(pk=answered.pk).update(status=Case.Status.ANSWERED, answered_at=timezone.now())
    again = client.post(url, {"ma": signal.tracking_code, "reason": "Lần thứ hai xin xem xét."})
    assert again.status_code == 400 and "đã đề nghị một lần" in again.content.decode()


def test_it_refuses_to_reopen_after_the_set_days(client, answered, settings):
    settings.CASE_REOPEN_DAYS = 7
    Case.objects.filter(pk=answered.pk).update(answered_at=timezone.now() - datetime.timedelta(days=8))
    signal = answered.signals.get()
    client.post(reverse("opinions:feedback_reopen"), {"ma": signal.tracking_code, "reason": "Vẫn chưa sửa xong đèn."})
    answered.refresh_from_db()
    assert answered.status == Case.Status.ANSWERED


def test_it_lists_only_consented_answers_without_personal_data(
    client, answered, case_factory, office_user, django_assert_max_num_queries
):
    private = case_factory(title="Vụ việc không công khai")
    workflow.approve_response(
        office_user, workflow.draft_response(office_user, private, "Đã xử lý xong vụ việc này.", submit=True)
    )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("opinions:answered_list")).content.decode()
    assert "Đèn đường Trần Phú hỏng" in page and "Vụ việc không công khai" not in page
    detail = client.get(reverse("opinions:public_case", args=[answered.code])).content.decode()
    assert "Điện lực đã thay bóng đèn" in detail and "Nguyễn Văn Dân" not in detail and "0987654321" not in detail
    assert client.get(reverse("opinions:public_case", args=[private.code])).status_code == 404
