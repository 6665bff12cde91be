"""Hole 5 of issue 18: publication follows the citizen's choice and the office's decision only, and a
public case needs an approved answer first; the office sees the redacted text before it goes public."""

import pytest
from django.urls import reverse

from opinions.cycle import services as workflow
from opinions.models import Case, Signal

pytestmark = pytest.mark.django_db


def form(case, **changes):
    data = {"title": case.title, "summary": case.summary, "kind": case.kind, "urgency": case.urgency}
    data.update(field=case.field_id, area=case.area_id, **changes)
    return data


def test_a_handler_cannot_publish_and_the_office_not_against_the_citizen(
    client, handler_user, office_user, case_factory
):
    case = case_factory()  # its citizen's report does not allow publication
    client.force_login(handler_user)
    client.post(reverse("cases:edit", args=[case.pk]), form(case, is_public="on"))
    assert not Case.objects.get(pk=case.pk).is_public
    client.force_login(office_user)
    response = client.post(reverse("cases:edit", args=[case.pk]), form(case, is_public="on"))
    assert response.status_code == 200 and "không đồng ý công khai" in response.content.decode()
    assert not Case.objects.get(pk=case.pk).is_public
    Signal.objects.filter(case=case).update(allow_public=True)
    assert client.post(reverse("cases:edit", args=[case.pk]), form(case, is_public="on")).status_code == 302
    assert Case.objects.get(pk=case.pk).is_public


def test_a_public_case_shows_only_once_answered(client, handler_user, office_user, case_factory):
    case = case_factory(title="Đèn đường hỏng")
    Signal.objects.filter(case=case).update(allow_public=True)
    Case.objects.filter(pk=case.pk).update(is_public=True, summary="Gọi 0912 345 678 để biết thêm.")
    url = reverse("opinions:public_case", args=[case.code])
    assert client.get(url).status_code == 404
    draft = workflow.draft_response(handler_user, case, "Điện lực đã thay bóng đèn ngày 20/11/2026.", submit=True)
    client.force_login(office_user)
    preview = client.get(reverse("cycle:case_detail", args=[case.pk])).content.decode()
    assert "Bản công khai" in preview and "[số điện thoại đã ẩn]" in preview
    workflow.approve_response(office_user, draft)
    page = client.get(url).content.decode()
    assert "Điện lực đã thay bóng đèn" in page and "0912 345 678" not in page
