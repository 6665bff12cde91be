"""The back-office speaks Vietnamese to everyone by default; English stays a personal choice."""

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def vi(msgid):
    with translation.override("vi"):
        return translation.gettext(msgid)


@pytest.mark.django_db
def test_it_shows_the_login_page_in_vietnamese_to_an_english_browser(client):
    html = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()
    assert 'lang="vi"' in html and "Đăng nhập" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_it_gives_a_user_without_a_preference_the_vietnamese_admin(client, office_user):
    client.force_login(office_user)
    html = client.get("/admin/", **ENGLISH_BROWSER).content.decode()
    assert vi("Dashboard") != "Dashboard" and vi("Dashboard") in html
    assert ">Dashboard<" not in html


@pytest.mark.django_db
def test_it_offers_english_in_the_account_settings_and_honours_the_choice(client, office_user):
    client.force_login(office_user)
    html = client.get("/admin/account/").content.decode()
    assert 'name="locale-preferred_language"' in html
    assert '<option value="vi"' in html and '<option value="en"' in html
    profile = UserProfile.get_for_user(office_user)
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert 'lang="en"' in html and "Dashboard" in html


@pytest.mark.django_db
def test_it_keeps_the_admin_closed_to_an_outsider_whatever_the_language(client, outsider_user):
    client.force_login(outsider_user)
    response = client.get("/admin/", **ENGLISH_BROWSER)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
