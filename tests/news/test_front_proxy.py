"""The production front proxy (deploy/nginx/proxy.conf) in front of the live application, with a real nginx.

Skipped where nginx is not installed (`apt-get install nginx-light`; .ci/run installs it)."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not NGINX, reason="Chưa cài nginx (apt-get install nginx-light); .ci/run cài sẵn."),
]

CONF = """
daemon off;
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=langnghe_pages:1m inactive=10m use_temp_path=off;
    upstream langnghe_app {{ server {upstream}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{ include {root}/deploy/nginx/proxy.conf; }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def front(live_server, tmp_path):
    (tmp_path / "tmp").mkdir()
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        CONF.format(
            user="user root root;" if os.geteuid() == 0 else "",
            dir=tmp_path,
            port=port,
            root=ROOT,
            upstream=live_server.url.removeprefix("http://"),
        )
    )
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"nginx không khởi động: {process.stderr.read().decode()}")
    yield base
    process.terminate()
    process.wait(timeout=10)


def get(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as response:
        return response.headers, response.read().decode()


def test_it_answers_repeated_visits_from_the_proxy_and_never_for_staff(front, demo_pages):
    first, body = get(front + "/")
    assert first["X-Proxy-Cache"] == "MISS" and first["X-Page-Cache"] in ("miss", "hit")
    assert "X-Accel-Expires" not in first  # consumed by nginx, not sent to browsers
    second, again = get(front + "/")
    assert second["X-Proxy-Cache"] == "HIT" and again == body
    staff, _ = get(front + "/", Cookie="sessionid=abc")
    assert staff["X-Proxy-Cache"] == "BYPASS"


def test_it_never_keeps_pages_the_application_does_not_cache(front, reference_data):
    # The feedback form sets a CSRF cookie and is not a cached page: every visit reaches the application.
    get(front + "/phan-anh/")
    headers, _ = get(front + "/phan-anh/")
    assert headers["X-Proxy-Cache"] == "MISS"


def test_it_shows_a_newly_published_article_within_the_edge_lifetime(front, news_index, publish_article, settings):
    get(front + "/"), get(front + "/")
    article = publish_article("Thông báo lịch tiếp công dân tháng 12")
    deadline = time.monotonic() + settings.PAGE_CACHE_EDGE_SECONDS + 5
    while time.monotonic() < deadline:
        if article.title in get(front + "/")[1]:
            break
        time.sleep(0.2)
    else:
        pytest.fail("Trang chủ qua nginx vẫn chưa có bài mới đăng.")
