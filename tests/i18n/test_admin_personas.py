"""Each persona logs in through the real form and crawls its back-office: no English on any screen.

The screens are found, not listed: the sidebar menu each persona sees, then the admin links on those
screens (lists -> add/edit/inspect forms -> history...), one screen per URL pattern, so a screen
that another developer adds later is covered without touching this test. A text counts as English
when it equals a msgid of the upstream catalogs in use (admin_crawl.english_msgids()).
"""

import pytest
from admin_crawl import crawl, menu_paths, serve_static_offline
from django.contrib.auth import get_user_model
from wagtail.models import Page

from news.models import ArticlePage, NewsIndexPage
from opinions.demo import base as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERSONAS = {
    # username: extra screens beyond the menu (the page editor for the editor persona)
    "bantuyengiao": [],
    "canbo.xuanhuong": [],
    "bientap": ["{add_article}", "{edit_article}"],
    "lanhdao": [],
}
SCREENS_PER_PERSONA = 40


def user_data():
    """Texts people typed (page titles, names): not interface strings, whatever their language."""
    texts = set(Page.objects.values_list("title", flat=True))
    for user in get_user_model().objects.all():
        texts |= {user.get_username(), user.get_full_name(), user.first_name, user.last_name}
    return frozenset(texts)


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    assert "Đăng nhập" in page.locator("main").inner_text()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(demo.DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")


def test_it_shows_no_english_on_any_screen_a_persona_reaches(browser, live_server, reference_data):
    demo.load_demo_data()
    index = NewsIndexPage.objects.first()
    article = ArticlePage.objects.child_of(index).first()
    extra = {
        "{add_article}": f"/admin/pages/add/news/articlepage/{index.pk}/",
        "{edit_article}": f"/admin/pages/{article.pk}/edit/",
    }
    texts = user_data()
    findings, visited, seen = {}, {}, set()
    for username, more in PERSONAS.items():
        context = browser.new_context(locale="vi-VN")
        serve_static_offline(context, live_server.url)
        page = context.new_page()
        log_in(page, live_server.url, username)
        start = ["/admin/", *menu_paths(page), "/admin/account/", *(extra[m] for m in more)]
        report = crawl(page, live_server.url, start, SCREENS_PER_PERSONA, texts, seen)
        visited[username] = sorted(report)
        findings.update({f"{username} {path}": found for path, found in report.items() if found})
        context.close()
    print("\n".join(f"{user}: {len(paths)} screens: {' '.join(paths)}" for user, paths in visited.items()))
    assert all(len(paths) >= 5 for paths in visited.values()), visited
    assert any("/admin/pages/" in p and p.endswith("/edit/") for p in visited["bientap"])
    assert not findings, "English on admin screens:\n" + "\n".join(
        f"  {where}: " + "; ".join(f"{kind}={text!r}" for kind, text in found) for where, found in findings.items()
    )
