"""An editor writes a rebuttal from a case; the office approves it; it is on the public list and feed."""

import feedparser
import pytest
from django.urls import reverse

from news.demo import load_demo_pages
from news.models import RebuttalPage
from news.setup import WORKFLOW_NAME, setup_official_information
from opinions import access
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(browser, live_server, username):
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("mat-khau-thu-nghiem")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/admin/")
    return page


def test_it_takes_a_rebuttal_from_a_case_to_the_public_list_and_feed(
    browser, live_server, reference_data, case_factory, django_user_model, client
):
    # The serialized rollback restores Wagtail's default workflow on the root; set ours again (idempotent).
    setup_official_information()
    load_demo_pages()
    make_user(django_user_model, "bientap", access.EDITOR_GROUP, "ban-tuyen-giao-dan-van")
    make_user(django_user_model, "vanphong", access.OFFICE_GROUP, "ban-tuyen-giao-dan-van")
    case = case_factory(title="Tin đồn cấm xe máy vào trung tâm Đà Lạt")
    case.summary = "Mạng xã hội lan truyền tin từ tháng sau cấm hoàn toàn xe máy vào trung tâm Đà Lạt."
    case.save()

    editor = log_in(browser, live_server, "bientap")
    editor.get_by_role("link", name="Phản bác từ vụ việc").first.click()
    editor.get_by_role("row", name=case.title).get_by_role("link", name="Viết bài phản bác").click()
    editor.get_by_role("button", name="Tạo bản nháp và mở trình soạn thảo").click()
    editor.wait_for_url("**/admin/pages/*/edit/")
    editor.locator("#id_verdict").select_option("false")
    with editor.expect_navigation():
        editor.locator('[name="action-submit"]').evaluate("button => button.click()")
    rebuttal = RebuttalPage.objects.get(related_case=case)
    assert not rebuttal.live and rebuttal.current_workflow_state.status == "in_progress"
    assert rebuttal.title not in client.get("/phan-bac/").content.decode()

    office = log_in(browser, live_server, "vanphong")
    office.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[rebuttal.pk]))
    assert rebuttal.current_workflow_state.workflow.name == WORKFLOW_NAME
    with office.expect_navigation():
        office.locator('[data-workflow-action-name="approve"]').first.evaluate("button => button.click()")
    rebuttal.refresh_from_db()
    assert rebuttal.live and rebuttal.verdict == "false"

    public = browser.new_page(locale="vi-VN")
    public.goto(live_server.url + "/phan-bac/")
    public.get_by_role("link", name=rebuttal.title).click()
    assert public.get_by_text("Sai sự thật", exact=True).first.is_visible()
    assert case.summary in public.content() and case.code not in public.content()
    feed = feedparser.parse(client.get(reverse("news:rebuttal_feed_rss")).content)
    assert f"[Sai sự thật] {rebuttal.title}" in [entry.title for entry in feed.entries]
