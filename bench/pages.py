"""Requests/s and latency of cached pages: the production server beside a static server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/langnghe_bench .venv/bin/python bench/pages.py

What it does, in one run:
1. (Re)creates the PostgreSQL database named in DATABASE_URL (default langnghe_bench): migrate, reference data,
   demo content; collectstatic into a temporary VAR_DIR.
2. Starts the production server as docs/deploy.md sets it up: gunicorn (gthread workers, keep-alive), DEBUG=0,
   the page cache in files (or Redis if REDIS_URL is set), on 127.0.0.1:8117, behind nginx with the
   project's deploy/nginx/proxy.conf (the front cache of pages marked X-Accel-Expires) on 127.0.0.1:8114.
   Without nginx, gunicorn itself listens on 8114. The pages are also measured straight from gunicorn
   (`home_app_rps`, `article_app_rps`): the application alone, without the front cache.
3. Starts the "ceiling", a plain static file server serving the home page's HTML saved as a file: nginx
   (Debian's package, `apt-get install nginx-light`; as many worker processes as gunicorn has workers,
   keep-alive) on 127.0.0.1:8115 when it is installed; and, for reference, the same gunicorn serving the
   same bytes with a three-line WSGI app (no Django) on 127.0.0.1:8116, which isolates the cost of Django.
   Without nginx the gunicorn reference is the ceiling, and the JSON says so (`static_server`).
4. Loads each with CLIENTS concurrent keep-alive HTTP/1.1 connections (asyncio client below) for SECONDS:
   home page, one article, static. Prints req/s, p50, p99; last line one JSON object; `ratio_to_static`
   is the slower of home and article against the static file server.

Environment: CLIENTS (50), SECONDS (10), WORKERS (2), THREADS (4), BENCH_PORT (8114), STATIC_PORT (8115),
WSGI_STATIC_PORT (8116), NGINX (path of the nginx binary; default: found on PATH or /usr/sbin/nginx).
The client runs on the same machine and takes CPU from the servers: figures are a floor, not a ceiling.
"""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE = Path(__file__).resolve().parent.parent
PY = sys.executable
CLIENTS = int(os.environ.get("CLIENTS", "50"))
SECONDS = float(os.environ.get("SECONDS", "10"))
WORKERS = os.environ.get("WORKERS", "2")
THREADS = os.environ.get("THREADS", "4")
PORT = int(os.environ.get("BENCH_PORT", "8114"))
APP_PORT = int(os.environ.get("APP_PORT", "8117"))
STATIC_PORT = int(os.environ.get("STATIC_PORT", "8115"))
WSGI_STATIC_PORT = int(os.environ.get("WSGI_STATIC_PORT", "8116"))
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin") or ""

FRONT_CONF = """
daemon off;
{user}
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
    keepalive_requests 1000000;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=langnghe_pages:10m max_size=1g inactive=10m use_temp_path=off;
    upstream langnghe_app {{ server 127.0.0.1:{app_port}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{ include {root}/deploy/nginx/proxy.conf; }}
    }}
}}
"""

NGINX_CONF = """
daemon off;
{user}
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_timeout 30;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        index index.html;
        charset utf-8;
    }}
}}
"""
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/langnghe_bench")

STATIC_APP = """
import os
BODY = open(os.environ["BENCH_HTML"], "rb").read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
"""


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_env(var_dir):
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "DEMO": "1",
            "TESTING": "0",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": DATABASE_URL,
            "VAR_DIR": var_dir,
            "BASE_URL": f"http://127.0.0.1:{PORT}",
            "LOG_LEVEL": "WARNING",
            "SECURE_COOKIES": "0",
            "TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=BASE, env=env, check=True, stdout=subprocess.DEVNULL)


def gunicorn(env, app, port):
    return subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            app,
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            WORKERS,
            "-k",
            "gthread",
            "--threads",
            THREADS,
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def root_user():
    # As root, nginx's workers would switch to "nobody", who cannot read the private temporary directory.
    return "user root root;" if os.geteuid() == 0 else ""


def front_proxy(var_dir):
    """nginx with deploy/nginx/proxy.conf in front of gunicorn, as in production; None without nginx."""
    if not NGINX:
        return None
    base = Path(var_dir) / "front"
    (base / "tmp").mkdir(parents=True)
    conf = base / "nginx.conf"
    conf.write_text(
        FRONT_CONF.format(user=root_user(), workers=WORKERS, dir=base, port=PORT, app_port=APP_PORT, root=BASE)
    )
    return subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(base)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def nginx(var_dir, html):
    """nginx serving html as index.html from a temporary root; None if nginx is not installed."""
    if not NGINX:
        return None
    base = Path(var_dir) / "nginx"
    (base / "www").mkdir(parents=True)
    (base / "tmp").mkdir()
    (base / "www" / "index.html").write_bytes(html)
    conf = base / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=WORKERS, dir=base, port=STATIC_PORT, user=root_user()))
    return subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(base)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"Máy chủ không trả lời: {url}")


async def client(host, port, path, stop_at, latencies, errors):
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head[:40])
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def load(port, path, seconds=SECONDS):
    latencies, errors = [], []
    stop_at = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client("127.0.0.1", port, path, stop_at, latencies, errors) for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "requests": len(latencies),
        "errors": len(errors),
    }


def main():
    var_dir = tempfile.mkdtemp(prefix="langnghe-bench-")
    env = django_env(var_dir)
    print(f"CSDL {DATABASE_URL}: tạo mới, nạp danh mục và dữ liệu mẫu…", flush=True)
    recreate_database(DATABASE_URL)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "load_demo_data")
    manage(env, "collectstatic", "--noinput")
    front = front_proxy(var_dir)
    server_name = ("nginx (deploy/nginx/proxy.conf) → " if front else "") + f"gunicorn gthread {WORKERS}x{THREADS}"
    app_port = APP_PORT if front else PORT
    servers = [gunicorn(env, "cms.wsgi", app_port)] + ([front] if front else [])
    try:
        html = wait_for(f"http://127.0.0.1:{app_port}/")
        wait_for(f"http://127.0.0.1:{PORT}/")
        article_path = "/tin-tuc/" + html.decode().split('href="/tin-tuc/', 2)[2].split('"', 1)[0]
        wait_for(f"http://127.0.0.1:{PORT}{article_path}")
        html_file = Path(var_dir) / "home.html"
        html_file.write_bytes(html)
        app_dir = Path(var_dir) / "staticapp"
        app_dir.mkdir()
        (app_dir / "bench_static_app.py").write_text(STATIC_APP)
        static_env = {**env, "BENCH_HTML": str(html_file), "PYTHONPATH": str(app_dir)}
        servers.append(gunicorn(static_env, "bench_static_app:application", WSGI_STATIC_PORT))
        wait_for(f"http://127.0.0.1:{WSGI_STATIC_PORT}/")
        plain = nginx(var_dir, html)
        targets = [("home", PORT, "/"), ("article", PORT, article_path)]
        if front:
            targets += [("home_app", APP_PORT, "/"), ("article_app", APP_PORT, article_path)]
        if plain:
            servers.append(plain)
            wait_for(f"http://127.0.0.1:{STATIC_PORT}/")
            targets += [("static", STATIC_PORT, "/"), ("wsgi_static", WSGI_STATIC_PORT, "/")]
            static_server = f"nginx {WORKERS} worker processes, the same HTML as a file"
        else:
            targets.append(("static", WSGI_STATIC_PORT, "/"))
            static_server = "nginx not installed: the same gunicorn, WSGI app serving the same bytes"
        print(
            f"Máy chủ: {server_name}, {WORKERS} worker × {THREADS} luồng (gthread, keep-alive); {CLIENTS} kết nối, "
            f"{SECONDS:g} s mỗi phép đo; trang {len(html)} byte.",
            flush=True,
        )
        results = {}
        print(f"Máy chủ tĩnh: {static_server}.", flush=True)
        for name, port, path in targets:
            asyncio.run(load(port, path, seconds=2))  # warm-up, not counted
            results[name] = asyncio.run(load(port, path))
            r = results[name]
            print(
                f"{name:11s} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
                f"({r['requests']} yêu cầu, {r['errors']} lỗi)",
                flush=True,
            )
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    ratio = min(results["home"]["rps"], results["article"]["rps"]) / results["static"]["rps"]
    print(f"Tỉ lệ so với máy chủ tĩnh: {ratio:.0%}")
    extra = {}
    if "home_app" in results:
        extra.update(
            home_app_rps=round(results["home_app"]["rps"]),
            article_app_rps=round(results["article_app"]["rps"]),
            app_p99_ms=round(max(results["home_app"]["p99_ms"], results["article_app"]["p99_ms"]), 1),
        )
    if "wsgi_static" in results:
        extra |= {
            "wsgi_static_rps": round(results["wsgi_static"]["rps"]),
            "ratio_to_wsgi_static": round(
                min(results["home"]["rps"], results["article"]["rps"]) / results["wsgi_static"]["rps"], 3
            ),
        }
    print(
        json.dumps(
            {
                "home_rps": round(results["home"]["rps"]),
                "article_rps": round(results["article"]["rps"]),
                "static_rps": round(results["static"]["rps"]),
                "ratio_to_static": round(ratio, 3),
                "p99_ms": round(max(results["home"]["p99_ms"], results["article"]["p99_ms"]), 1),
                "p50_ms": round(max(results["home"]["p50_ms"], results["article"]["p50_ms"]), 1),
                "static_p99_ms": round(results["static"]["p99_ms"], 1),
                "clients": CLIENTS,
                "seconds": SECONDS,
                "server": server_name,
                "static_server": static_server,
                **extra,
                "load_average_1min": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
