"""Intake channels benchmark: e-mails read from a real IMAP server, SMS webhooks on the production server.

    .venv/bin/python bench/channels.py [--emails 5000] [--webhooks 5000] [--clients 20]

1. E-mail: a private Dovecot on 127.0.0.1 (tests/opinions/intake/dovecot.py) receives --emails
   citizens' messages by IMAP APPEND; `manage.py poll_mailbox` reads them (timed), then polls again
   (must store nothing). Signals per second = messages stored / seconds of the first poll.
2. Webhooks: gunicorn as in production (DEBUG=0, as bench/intake.py starts it) takes --webhooks
   signed SMS webhook calls from --clients keep-alive clients; then the first 200 are sent again
   (a gateway's redelivery: must store nothing).
PostgreSQL database ln_channels_bench (recreated; BENCH_PG, default postgres://postgres@127.0.0.1:5432).
Last line: JSON with email_per_second, webhook_per_second, lost, duplicates.
"""

import argparse
import asyncio
import base64
import email.utils
import hashlib
import hmac
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.intake import (  # noqa: E402
    drop_database,
    process_cpu_seconds,
    recreate_database,
    run,
    server_pids,
    wait_until_up,
)
from tests.opinions.intake.dovecot import DOVECOT, Dovecot  # noqa: E402

PYTHON = sys.executable
SECRET = "bench-sms-secret"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=5000)
    parser.add_argument("--webhooks", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8161)
    parser.add_argument("--database", default="ln_channels_bench")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


def citizen_mail(n):
    when = email.utils.formatdate(localtime=True)
    body = f"Kính gửi Cổng Lắng Nghe,\r\nĐường liên thôn số {n} xuống cấp, nhiều ổ gà, xin sửa chữa.\r\n"
    return (
        f"From: =?utf-8?B?{base64.b64encode(f'Người dân {n}'.encode()).decode()}?= "
        f"<dan{n}@example.invalid>\r\nTo: langnghe@example.invalid\r\nSubject: Phan anh so {n}\r\n"
        f"Date: {when}\r\nMessage-ID: <bench-{n}-{uuid.uuid4().hex}@example.invalid>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    ).encode()


def count(pg, database, sql):
    with psycopg.connect(f"{pg}/{database}") as conn:
        return conn.execute(sql).fetchone()[0]


def bench_email(args, env, pg):
    with Dovecot() as server:
        imap = server.connect()
        for n in range(args.emails):
            imap.append("INBOX", None, None, citizen_mail(n))
        imap.logout()
        mail_env = {
            **env,
            "INTAKE_IMAP_HOST": server.host,
            "INTAKE_IMAP_PORT": str(server.port),
            "INTAKE_IMAP_SECURITY": "none",
            "INTAKE_IMAP_USER": server.user,
            "INTAKE_IMAP_PASSWORD": server.password,
        }
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        # No time limit: the first poll reads every message, however loaded the machine is.
        first = subprocess.run(
            [PYTHON, "manage.py", "poll_mailbox"], cwd=ROOT, env=mail_env, capture_output=True, text=True
        )
        print(first.stdout.strip(), first.stderr.strip()[-2000:], flush=True)
        seconds = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
        again = run([PYTHON, "manage.py", "poll_mailbox"], mail_env).strip()
    stored = count(pg, args.database, "SELECT count(*) FROM opinions_signal WHERE channel = 'email'")
    distinct = count(
        pg, args.database, "SELECT count(DISTINCT reporter_email) FROM opinions_signal WHERE channel = 'email'"
    )
    print(f"E-mail: {stored}/{args.emails} thư thành thông tin trong {seconds:.1f} s; lần đọc thứ hai: {again}")
    return {
        "delivered": args.emails,
        "stored": stored,
        "seconds": seconds,
        "duplicates": stored - distinct,
        "cpu_ms": cpu * 1000 / max(stored, 1),
    }


def sms_body(n):
    body = urllib.parse.urlencode(
        {
            "sender": f"849{n:08d}",
            "text": f"Tin nhắn phản ánh số {n}: nước sinh hoạt bị đục, xin kiểm tra.",
            "time": str(int(time.time())),
            "id": f"bench-{n}",
        }
    ).encode()
    return body, hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


async def post(reader, writer, port, body, mac):
    head = (
        f"POST /phan-anh/kenh/sms/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nX-Signature: {mac}\r\nConnection: keep-alive\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def client(port, queue, results):
    reader = writer = None
    while queue:
        n = queue.pop()
        body, mac = sms_body(n)
        for _attempt in range(3):
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                status, payload = await post(reader, writer, port, body, mac)
                break
            except (ConnectionError, asyncio.IncompleteReadError, OSError, IndexError):
                writer, status, payload = None, 0, b""
        if status == 200:
            results.append(json.loads(payload)["tracking_code"])
    if writer is not None:
        writer.close()


async def load(port, numbers, clients):
    queue, results = list(numbers), []
    started = time.monotonic()
    await asyncio.gather(*(client(port, queue, results) for _ in range(clients)))
    return results, time.monotonic() - started


def bench_webhooks(args, env, pg):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)]
        + ["--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/suc-khoe/")
        asyncio.run(load(args.port, range(10**7, 10**7 + args.workers * 4), args.clients))  # warm-up
        app_pids, db_pids = server_pids(server, pg, args.database)
        cpu = process_cpu_seconds(app_pids) + process_cpu_seconds(db_pids)
        accepted, seconds = asyncio.run(load(args.port, range(args.webhooks), args.clients))
        cpu = process_cpu_seconds(app_pids) + process_cpu_seconds(db_pids) - cpu
        again, _ = asyncio.run(load(args.port, range(min(200, args.webhooks)), args.clients))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = count(pg, args.database, "SELECT count(*) FROM opinions_signal WHERE channel = 'sms'") - args.workers * 4
    print(f"SMS: {len(accepted)}/{args.webhooks} lệnh gọi được nhận trong {seconds:.1f} s; lưu {stored}")
    return {
        "delivered": args.webhooks,
        "accepted": len(accepted),
        "stored": stored,
        "seconds": seconds,
        "duplicates": stored - len(set(accepted)) + len(set(again) - set(accepted)),
        "cpu_ms": cpu * 1000 / max(len(accepted), 1),
    }


def main():
    args = parse_args()
    if DOVECOT is None:
        sys.exit("Cần Dovecot (apt-get install dovecot-imapd).")
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{pg}/{args.database}",
        "VAR_DIR": tempfile.mkdtemp(prefix="bench-channels-"),
        "LOG_LEVEL": "WARNING",
        "SMS_WEBHOOK_SECRET": SECRET,
    }
    print(f"Tạo cơ sở dữ liệu {args.database}, migrate, nạp danh mục…", flush=True)
    recreate_database(pg, args.database)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_reference_data"], env)
    load_before = os.getloadavg()[0]
    skipped = {"delivered": 0, "stored": 0, "seconds": 0, "duplicates": 0, "cpu_ms": 0}
    mails = bench_email(args, env, pg) if args.emails else skipped
    hooks = bench_webhooks(args, env, pg)
    if not args.keep_db:
        drop_database(pg, args.database)
    summary = {
        "email_per_second": round(mails["stored"] / mails["seconds"], 1) if mails["seconds"] else None,
        "webhook_per_second": round(hooks["stored"] / hooks["seconds"], 1),
        "lost": (mails["delivered"] - mails["stored"]) + (hooks["delivered"] - hooks["stored"]),
        "duplicates": mails["duplicates"] + hooks["duplicates"],
        "emails": mails["delivered"],
        "webhooks": hooks["delivered"],
        "email_seconds": round(mails["seconds"], 2),
        "webhook_seconds": round(hooks["seconds"], 2),
        # CPU per item (the poll process; gunicorn workers + PostgreSQL): the rate the machine's
        # cores would allow without the other sessions' load (shared machine).
        "email_cpu_ms_per_message": round(mails["cpu_ms"], 2),
        "webhook_cpu_ms_per_call": round(hooks["cpu_ms"], 2),
        "email_per_second_if_cores_were_free": round(1000 / mails["cpu_ms"], 1) if mails["cpu_ms"] else None,
        "webhook_per_second_if_cores_were_free": (
            round(os.cpu_count() * 1000 / hooks["cpu_ms"], 1) if hooks["cpu_ms"] else None
        ),
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
