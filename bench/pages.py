"""Requests/s and latency of cached pages: the production server beside a static server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/langnghe_bench .venv/bin/python bench/pages.py

What it does, in one run:
1. (Re)creates the PostgreSQL database named in DATABASE_URL (default langnghe_bench): migrate, reference data,
   demo content; collectstatic into a temporary VAR_DIR.
2. Starts the production server: gunicorn (gthread workers, keep-alive), DEBUG=0, the page cache in files
   (or Redis if REDIS_URL is set), on 127.0.0.1:8114.
3. Starts the "ceiling": the same gunicorn, same workers, serving the home page's HTML bytes from memory with
   a three-line WSGI app (no Django), on 127.0.0.1:8115. Same server, so the ratio is the cost of Django.
4. Loads each with CLIENTS concurrent keep-alive HTTP/1.1 connections (asyncio client below) for SECONDS:
   home page, one article, static. Prints req/s, p50, p99; last line one JSON object.

Environment: CLIENTS (50), SECONDS (10), WORKERS (2), THREADS (4), BENCH_PORT (8114), STATIC_PORT (8115).
The client runs on the same machine and takes CPU from the servers: figures are a floor, not a ceiling.
"""

import asyncio
import json
import os
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
STATIC_PORT = int(os.environ.get("STATIC_PORT", "8115"))
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/langnghe_bench")

STATIC_APP = '''
import os
BODY = open(os.environ["BENCH_HTML"], "rb").read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
'''


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
    env.update({
        "DEBUG": "0", "DEMO": "1", "TESTING": "0", "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "DATABASE_URL": DATABASE_URL, "VAR_DIR": var_dir,
        "BASE_URL": f"http://127.0.0.1:{PORT}", "LOG_LEVEL": "WARNING", "SECURE_COOKIES": "0",
    })
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=BASE, env=env, check=True, stdout=subprocess.DEVNULL)


def gunicorn(env, app, port):
    return subprocess.Popen(
        [PY, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", "-w", WORKERS, "-k", "gthread",
         "--threads", THREADS, "--keep-alive", "30", "--log-level", "warning"],
        cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
    servers = [gunicorn(env, "cms.wsgi", PORT)]
    try:
        home = f"http://127.0.0.1:{PORT}/"
        html = wait_for(home)
        article_path = "/tin-tuc/" + html.decode().split('href="/tin-tuc/', 2)[2].split('"', 1)[0]
        wait_for(f"http://127.0.0.1:{PORT}{article_path}")
        html_file = Path(var_dir) / "home.html"
        html_file.write_bytes(html)
        app_dir = Path(var_dir) / "staticapp"
        app_dir.mkdir()
        (app_dir / "bench_static_app.py").write_text(STATIC_APP)
        static_env = {**env, "BENCH_HTML": str(html_file), "PYTHONPATH": str(app_dir)}
        servers.append(gunicorn(static_env, "bench_static_app:application", STATIC_PORT))
        wait_for(f"http://127.0.0.1:{STATIC_PORT}/")
        print(f"Máy chủ: gunicorn {WORKERS} worker × {THREADS} luồng (gthread, keep-alive); {CLIENTS} kết nối, "
              f"{SECONDS:g} s mỗi phép đo; trang {len(html)} byte.", flush=True)
        results = {}
        for name, port, path in [("home", PORT, "/"), ("article", PORT, article_path), ("static", STATIC_PORT, "/")]:
            asyncio.run(load(port, path, seconds=2))  # warm-up, not counted
            results[name] = asyncio.run(load(port, path))
            r = results[name]
            print(f"{name:8s} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
                  f"({r['requests']} yêu cầu, {r['errors']} lỗi)", flush=True)
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    ratio = min(results["home"]["rps"], results["article"]["rps"]) / results["static"]["rps"]
    print(f"Tỉ lệ so với máy chủ tĩnh: {ratio:.0%}")
    print(json.dumps({
        "home_rps": round(results["home"]["rps"]), "article_rps": round(results["article"]["rps"]),
        "static_rps": round(results["static"]["rps"]), "ratio_to_static": round(ratio, 3),
        "p99_ms": round(max(results["home"]["p99_ms"], results["article"]["p99_ms"]), 1),
        "p50_ms": round(max(results["home"]["p50_ms"], results["article"]["p50_ms"]), 1),
        "static_p99_ms": round(results["static"]["p99_ms"], 1), "clients": CLIENTS, "seconds": SECONDS,
        "server": f"gunicorn gthread {WORKERS}x{THREADS}", "static_server": "same gunicorn, WSGI app serving bytes",
    }))


if __name__ == "__main__":
    main()
