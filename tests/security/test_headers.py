"""Hole 11 of issue 18: every response, cached pages included, carries the security headers; the
public site has a Content-Security-Policy without inline scripts; production turns on HSTS and secure
cookies by default; the nginx site adds the headers for what it serves itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_cached_public_page_has_the_same_headers_as_a_fresh_one(client):
    first = client.get("/")
    second = client.get("/")
    for response in (first, second):
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_the_back_office_has_a_policy_too(client, office_user):
    client.force_login(office_user)
    response = client.get("/admin/")
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_production_turns_on_hsts_and_secure_cookies_by_default():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "TESTING"))}
    env.update(DEBUG="0", TESTING="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="langnghe.example.gov.vn")
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; from django.conf import settings;"
        "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["31536000", "True", "True"]


def test_the_nginx_site_adds_the_headers_where_nginx_answers_itself():
    site = (ROOT / "deploy/nginx/langnghe.conf").read_text()
    headers = (ROOT / "deploy/nginx/security-headers.conf").read_text()
    assert site.count("security-headers.conf") >= 3
    for name in ("Strict-Transport-Security", "X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options"):
        assert name in headers
