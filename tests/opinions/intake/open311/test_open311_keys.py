"""Open311 API keys: issued and revoked from the command line and in the back-office."""

import io

import pytest
from django.core.management import CommandError, call_command

from opinions.models import ApiKey
from opinions.models.api import hash_key
from tests.opinions.intake.open311.open311_support import parse, post_request

pytestmark = pytest.mark.django_db
INDEX = "/admin/open311/khoa-api/"


def command(*args):
    out = io.StringIO()
    call_command("open311_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_prints_a_new_key_as_the_last_line_and_stores_only_its_hash(client):
    raw = command("create", "Cổng dịch vụ công")[-1]
    api_key = ApiKey.objects.get()
    assert api_key.name == "Cổng dịch vụ công" and api_key.key_hash == hash_key(raw) and raw not in api_key.key_hash
    assert api_key.prefix == raw[:8]
    assert post_request(client, raw, description="Thử khóa mới.").status_code == 200
    assert api_key.prefix in command("list")[0]


def test_it_revokes_a_key_by_prefix_and_refuses_it_afterwards(client):
    raw = command("create", "Ứng dụng cũ")[-1]
    assert "Đã thu hồi" in command("revoke", raw[:8])[0]
    assert ApiKey.objects.get().revoked_at is not None
    assert post_request(client, raw).status_code == 403
    with pytest.raises(CommandError):
        command("revoke", "khong-co")


def test_it_issues_a_key_in_the_back_office_and_shows_it_once(client, office_user):
    client.force_login(office_user)
    response = client.post(f"{INDEX}new/", {"name": "Ứng dụng phường", "collects_consent": "on"})
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    assert api_key.created_by == office_user and api_key.collects_consent
    raw = response.context["raw_key"]
    assert api_key.key_hash == hash_key(raw) and raw in response.content.decode()
    assert raw not in client.get(INDEX).content.decode()
    assert parse(post_request(client, raw, description="Từ khóa mới."))[0]["service_request_id"]


def test_it_revokes_a_key_in_the_back_office(client, office_user):
    api_key, raw = ApiKey.issue("Ứng dụng thử")
    client.force_login(office_user)
    assert "Thu hồi khóa" in client.get(INDEX).content.decode()
    response = client.post(f"{INDEX}revoke/{api_key.pk}/")
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert post_request(client, raw).status_code == 403


@pytest.mark.parametrize("persona", ["outsider_user", "handler_user"])
def test_it_refuses_keys_to_those_without_the_right(client, request, persona):
    api_key, _ = ApiKey.issue("Ứng dụng thử")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(INDEX).status_code in (302, 403)
    assert client.post(f"{INDEX}new/", {"name": "Khóa lạ"}).status_code in (302, 403)
    assert client.post(f"{INDEX}revoke/{api_key.pk}/").status_code in (302, 403)
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None
