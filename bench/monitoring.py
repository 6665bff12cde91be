"""Benchmark of online monitoring: 500 feeds, 20,000 article pages, the whole pipeline on PostgreSQL.

    .venv/bin/python bench/monitoring.py                       # fresh database ln_monitoring_bench
    BENCH_FEEDS=50 BENCH_ARTICLES=2000 .venv/bin/python bench/monitoring.py   # small, while developing

A generator serves, from 127.0.0.1 on BENCH_PORTS ports (8130.. by default: several "hosts", since
the fetcher makes one request at a time per host), BENCH_FEEDS RSS feeds listing BENCH_ARTICLES
article pages in all. Truth: events (one story each); each event has an original article, and with
known shares exact copies (the same text at another address, in another feed), near copies (the
text reworded: words replaced, sentences dropped, a new title) and repeated listings (the same
address in two feeds: stored once). Texts are Vietnamese-like: syllables of a Vietnamese inventory,
each event with its own vocabulary plus common news words.

The pipeline is `monitoring_fetch --once` (fetch, extract with trafilatura, deduplicate, group into
stories, one signal per story, store). Printed: articles per second end to end (new articles
stored / wall time of the run), exact_dedup_f1 (pairs of items sharing a body, predicted by the
content key, against the generator's copies), story_f1 (pairwise F1 of stories against events),
stored, lost (distinct article addresses not stored); last line JSON.
Target: ≥ 50 articles/s, exact_dedup_f1 = 1.0, story_f1 ≥ 0.9, lost = 0.
"""

import json
import os
import random
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ln_monitoring_bench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("VAR_DIR", "/tmp/langnghe-bench-var")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ANALYSIS_ON_INTAKE", "0")
os.environ["MONITORING_ALLOW_PRIVATE_ADDRESSES"] = "1"  # the generator is on 127.0.0.1
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"

FEEDS = int(os.environ.get("BENCH_FEEDS", "500"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "20000"))
PORTS = [int(p) for p in os.environ.get("BENCH_PORTS", "8130,8131,8132,8133,8134,8135,8136,8137").split(",")]
EXACT_SHARE, NEAR_SHARE, RELIST_SHARE = 0.10, 0.20, 0.05

ONSETS = "- b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".replace("-", "").split(" ")
RHYMES = (
    "a ai an ang anh ao at ay âm ân ât âu e em en eo ê ên êt i im in inh it o oa oai oan oang oc oi om on ong "
    "ô ôi ôm ông ơ ơi ơn u ua ui um un ung uôi uôn uông ư ưa ươc ươi ương ưu y"
).split()
COMMON = ("theo ông cho biết người dân tỉnh lâm đồng ubnd xã phường cơ quan chức năng đã đang sẽ "
          "trong ngày năm tháng được các những của và với để về tại từ khi này đó").split()  # fmt: skip


def syllable_pool(rng, size=1200):
    pool = set()
    while len(pool) < size:
        pool.add(rng.choice(ONSETS) + rng.choice(RHYMES))
    return sorted(pool)


def _sentence(rng, vocab, n):
    words = [rng.choice(vocab) if rng.random() < 0.75 else rng.choice(COMMON) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate():
    """Articles [(id, feed, title, paragraphs, event, body_group)] and the feeds' listings."""
    rng = random.Random(2026)
    pool = syllable_pool(rng)
    articles, events = [], 0
    while len(articles) < ARTICLES:
        vocab = rng.sample(pool, 60)
        title = _sentence(rng, vocab, 12)[:-1]
        paragraphs = [" ".join(_sentence(rng, vocab, rng.randint(14, 22)) for _ in range(3)) for _ in range(4)]
        original = len(articles)
        articles.append([original, None, title, paragraphs, events, original])
        roll = rng.random()
        if roll < EXACT_SHARE * 2 and len(articles) < ARTICLES:
            articles.append([len(articles), None, title, paragraphs, events, original])
        elif roll < (EXACT_SHARE + NEAR_SHARE) * 2 and len(articles) < ARTICLES:
            reworded = [
                " ".join(w if rng.random() > 0.15 else rng.choice(vocab) for w in p.split()) for p in paragraphs[:3]
            ]
            new_title = " ".join(title.split()[2:] + title.split()[:2])
            articles.append([len(articles), None, new_title, reworded, events, len(articles)])
        events += 1
    feeds = [[] for _ in range(FEEDS)]
    for article in articles:
        first = articles[article[0] - 1] if article[0] and articles[article[0] - 1][4] == article[4] else None
        # a copy or rewording appears in another feed than its original
        article[1] = (first[1] + rng.randrange(1, FEEDS)) % FEEDS if first else rng.randrange(FEEDS)
        feeds[article[1]].append(article[0])
    for article in rng.sample(articles, int(len(articles) * RELIST_SHARE)):
        feeds[(article[1] + 1) % FEEDS].append(article[0])  # the same address in another feed too
    return articles, feeds


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        articles, feeds = self.server.data
        path = self.path.split("?")[0]
        if path.startswith("/feed/"):
            body = self._feed(feeds[int(path[6:-4])], articles)
        elif path.startswith("/a/"):
            body = self._article(articles[int(path[3:-5])])
        else:
            body = None
        status = 200 if body is not None else 404
        body = (body or "Không tìm thấy").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8" if "/a/" in path else "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _url(self, article_id):
        return f"http://127.0.0.1:{PORTS[article_id % len(PORTS)]}/a/{article_id}.html"

    def _feed(self, ids, articles):
        items = "".join(
            f"<item><title>{articles[i][2]}</title><link>{self._url(i)}</link>"
            f"<description>{articles[i][3][0][:200]}</description></item>"
            for i in ids
        )
        head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo</title>'
        return f"{head}{items}</channel></rss>"

    def _article(self, article):
        paragraphs = "".join(f"<p>{p}</p>" for p in article[3])
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{article[2]}</title></head>'
            f'<body><header><a href="/">Trang chủ</a></header><main><article><h1>{article[2]}</h1>'
            f"{paragraphs}</article></main><footer>Báo điện tử</footer></body></html>"
        )


def serve(data):
    servers = []
    for port in PORTS:
        httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        httpd.daemon_threads = True
        httpd.data = data
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    return servers


def pairs(groups):
    """Same-group pairs count of a {member: group} mapping: sum of n(n-1)/2."""
    return sum(n * (n - 1) // 2 for n in Counter(groups.values()).values())


def pairwise_f1(truth, predicted):
    both = Counter((truth[k], predicted[k]) for k in truth if k in predicted)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    t, p = pairs(truth), pairs({k: v for k, v in predicted.items() if k in truth})
    precision = tp / p if p else 1.0
    recall = tp / t if t else 1.0
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall), precision, recall


def fresh_database():
    """Create the database once; later runs keep the reference data and empty the monitoring tables."""
    # psycopg only here: the bench's own set-up (start-up cost of the module stays small)
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if os.environ.get("BENCH_FRESH") == "1":
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def empty_tables():
    from django.core.management import call_command
    from django.db import connection

    from opinions.models import Area

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("load_reference_data", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE monitoring_item, monitoring_story, monitoring_source CASCADE")
        cursor.execute("DELETE FROM opinions_signal WHERE submission_key LIKE 'monitoring-story-%%'")


def main():
    fresh_database()
    import django

    django.setup()
    empty_tables()
    from monitoring.models import Item, Source
    from monitoring.services import run_fetch

    articles, feeds = generate()
    servers = serve((articles, feeds))
    for i in range(FEEDS):
        Source.objects.create(
            name=f"Báo thử {i}", kind="rss", url=f"http://127.0.0.1:{PORTS[i % len(PORTS)]}/feed/{i}.rss"
        )
    started = time.monotonic()
    if os.environ.get("BENCH_PROFILE"):  # BENCH_PROFILE=1: where the time goes, on stderr
        import cProfile
        import pstats

        profile = cProfile.Profile()
        stats = profile.runcall(run_fetch, everything=True)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(50)
    else:
        stats = run_fetch(everything=True)
    seconds = time.monotonic() - started
    for httpd in servers:
        httpd.shutdown()
    rows = {
        int(url.rsplit("/", 1)[1][:-5]): (text_hash, copy_of or pk, story)
        for pk, url, text_hash, copy_of, story in Item.objects.values_list(
            "pk", "url", "text_hash", "copy_of_id", "story_id"
        )
    }
    body_truth = {a[0]: a[5] for a in articles}
    exact_f1, exact_p, exact_r = pairwise_f1(body_truth, {k: v[1] for k, v in rows.items()})
    story_f1, story_p, story_r = pairwise_f1({a[0]: a[4] for a in articles}, {k: v[2] for k, v in rows.items()})
    result = {
        "feeds": FEEDS,
        "articles": len(articles),
        "seconds": round(seconds, 1),
        "articles_per_second": round(stats["new_items"] / seconds, 1),
        "exact_dedup_f1": round(exact_f1, 4),
        "exact_precision": round(exact_p, 4),
        "exact_recall": round(exact_r, 4),
        "story_f1": round(story_f1, 4),
        "story_precision": round(story_p, 4),
        "story_recall": round(story_r, 4),
        "stored": len(rows),
        "lost": len(articles) - len(rows),
        "duplicates": stats["duplicates"],
        "errors": stats["errors"],
        "stories": stats["stories"],
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
