"""Editors draft and submit; only the opinion office publishes; rebuttals start from a case."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from news.models import RebuttalPage
from news.setup import WORKFLOW_NAME, setup_official_information

pytestmark = pytest.mark.django_db


def edit_post(client, page, action):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "date": page.date.strftime("%Y-%m-%d"),
        "body-count": "0",
        "tags": "",
        action: "1",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_it_assigns_the_review_workflow_to_the_whole_tree_idempotently():
    root = Page.get_first_root_node()
    assert root.get_workflow().name == WORKFLOW_NAME
    assert setup_official_information() is False


def test_it_keeps_an_editors_publish_attempt_a_draft(client, editor_user, publish_article):
    article = publish_article("Tin chờ sửa", summary="Bản cũ.")
    article.refresh_from_db()
    live_revision = article.live_revision_id
    article.summary = "Bản sửa của biên tập viên."
    client.force_login(editor_user)
    edit_post(client, article, "action-publish")
    article.refresh_from_db()
    assert article.summary == "Bản cũ." and article.live_revision_id == live_revision
    assert article.has_unpublished_changes  # the editor's text was kept as a draft revision
    response = edit_post(client, article, "action-submit")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Bản cũ."  # still the published text
    assert WorkflowState.objects.get(object_id=str(article.pk)).status == "in_progress"


def test_it_publishes_when_the_office_approves(client, editor_user, office_user, publish_article):
    article = publish_article("Tin cần duyệt", summary="Bản cũ.")
    article.summary = "Bản đã duyệt."
    client.force_login(editor_user)
    edit_post(client, article, "action-submit")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    task_state = state.current_task_state
    client.force_login(office_user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": ""}).status_code in (200, 302)
    article.refresh_from_db()
    assert article.summary == "Bản đã duyệt." and article.live


def test_it_starts_a_prefilled_draft_rebuttal_from_a_case(client, editor_user, rebuttal_index, case_factory):
    case = case_factory(title="Tin đồn thu phí đường")
    case.summary = "Mạng xã hội lan truyền tin thu phí 50.000 đồng mỗi lượt qua đường."
    case.save()
    client.force_login(editor_user)
    assert case.title in client.get(reverse("news_admin:case_list")).content.decode()
    response = client.post(reverse("news_admin:rebuttal_from_case", args=[case.pk]))
    page = RebuttalPage.objects.get(related_case=case)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.claim == case.summary and page.field == case.field
    assert "Nguyễn Văn Dân" not in str(page.claim) and "0987654321" not in str(page.claim)


def test_it_refuses_a_rebuttal_from_a_case_to_others(
    client, outsider_user, handler_user, leader_user, case_factory, rebuttal_index
):
    case = case_factory()
    url = reverse("news_admin:rebuttal_from_case", args=[case.pk])
    assert client.post(url).status_code == 302 and "/admin/login/" in client.post(url)["Location"]
    for user in (outsider_user, handler_user, leader_user):
        client.force_login(user)
        assert client.post(url).status_code in (302, 403)
        assert client.get(reverse("news_admin:case_list")).status_code in (302, 403)
    assert not RebuttalPage.objects.filter(related_case=case).exists()


def test_it_links_the_case_detail_screen_to_its_rebuttals(client, office_user, rebuttal_index, case_factory):
    case = case_factory()
    client.force_login(office_user)
    html = client.get(reverse("cases:inspect", args=[case.pk])).content.decode()
    assert reverse("news_admin:rebuttal_from_case", args=[case.pk]) in html


def test_a_draft_from_a_case_takes_its_address_from_the_title_until_published(
    client, editor_user, rebuttal_index, case_factory
):
    from news.models import FACTS_GUIDANCE

    case = case_factory(title="Tin đồn thu phí đường")
    client.force_login(editor_user)
    client.post(reverse("news_admin:rebuttal_from_case", args=[case.pk]))
    page = RebuttalPage.objects.get(related_case=case)
    assert page.has_draft_slug(page.slug) and FACTS_GUIDANCE in str(page.facts)
    assert page.unique_slug_for("Không thu phí qua đường liên xã") == "khong-thu-phi-qua-duong-lien-xa"
    assert not page.has_draft_slug("khong-thu-phi-qua-duong-lien-xa")
