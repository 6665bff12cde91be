"""The fetch run: claim the due sources, fetch, extract, deduplicate, group, store, adapt.

Network work runs in a thread pool (MONITORING_WORKERS threads, one request at a time per host);
everything that touches the database runs in the calling thread, one transaction per item, so a
crash leaves only whole items behind and a rerun skips them by their URL key.

Per source, after each run (Media Cloud's rule): more than 67 % of the listed items already known →
poll 1.5 times less often; fewer than 33 % → 1.5 times more often; between 10 minutes and 24 hours.
Failures add their weight (hard 1, soft 0.5, temporary 0.25) to the source's failure score; a
success clears it; a score of MONITORING_DISABLE_AFTER pauses the source with the reason shown.
"""

import datetime
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from cms.lib.text import nfc

from . import fetch, parse
from .analyse import Analyser
from .keys import TITLE_DAYS, author_key, text_key, title_key, url_key
from .models import MAX_INTERVAL, MIN_INTERVAL, Item, Source, Story
from .rebuttals import RebuttalMatcher
from .stories import StoryGrouper, refresh_stories

logger = logging.getLogger(__name__)

CLAIM_FOR = datetime.timedelta(minutes=15)
SLOWER, FASTER = 0.67, 0.33
STEP = 1.5


class SourceError(Exception):
    """A source that cannot be added or changed; the message is for the user, in Vietnamese."""


def add_source(*, url, kind, name, selector="", trust="press", **fields):
    if kind not in Source.Kind.values or kind == Source.Kind.IMPORT and url:
        raise SourceError("Loại nguồn không hợp lệ.")
    if kind == Source.Kind.HTML and not selector:
        raise SourceError("Trang danh sách tin cần bộ chọn CSS của liên kết bài (--selector).")
    if kind != Source.Kind.IMPORT:
        try:
            fetch.check_address(url)
        except fetch.FetchError as error:
            raise SourceError(str(error)) from error
    return Source.objects.create(url=url, kind=kind, name=nfc(name) or url, selector=selector, trust=trust, **fields)


def claim(source_id=None, everything=False, now=None):
    """Claim the due sources (or one, or every active one) for this worker: row locks, skip locked."""
    now = now or timezone.now()
    with transaction.atomic():
        sources = Source.objects.select_for_update(skip_locked=True).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )
        sources = sources.exclude(kind=Source.Kind.IMPORT)
        if source_id is not None:
            sources = sources.filter(pk=source_id)
        else:
            sources = sources.filter(active=True)
            if not everything:
                sources = sources.filter(next_fetch_at__lte=now)
        claimed = list(sources.order_by("next_fetch_at"))
        Source.objects.filter(pk__in=[s.pk for s in claimed]).update(claimed_until=now + CLAIM_FOR)
    return claimed


def _fetch_listing(source):
    """Thread: (response, entries, error) of a source's feed, sitemap or listing page; no database."""
    try:
        response = fetch.get(source.url, etag=source.etag, last_modified=source.last_modified)
        if response.not_modified:
            return response, [], None
        if hashlib.sha256(response.content).hexdigest() == source.document_hash:
            return response, None, None  # same document as last time
        if source.kind == Source.Kind.RSS:
            entries = parse.parse_feed(response.content, response.url)
        elif source.kind == Source.Kind.SITEMAP:
            entries = parse.parse_sitemap(response.content, response.url)
        else:
            entries = parse.parse_listing(response.content, response.url, source.selector, response.charset)
        return response, entries, None
    except fetch.FetchError as error:
        return None, [], error
    except Exception as error:  # a parser's surprise is the source's error, never the run's crash
        logger.exception("Lỗi không lường trước khi đọc nguồn %s", source.pk)
        return None, [], fetch.FetchError(f"Lỗi khi đọc nguồn: {type(error).__name__}.", fetch.SOFT)


def _fetch_article(entry):
    """Thread: the entry completed with the article's text, or a FetchError."""
    try:
        response = fetch.get(entry["url"])
        title, text, published, canonical, author = parse.extract_article(
            response.content, response.url, response.charset
        )
    except fetch.FetchError as error:
        return entry, error
    except Exception as error:
        logger.exception("Lỗi không lường trước khi đọc bài %s", entry["url"])
        return entry, fetch.FetchError(f"Lỗi khi đọc bài: {type(error).__name__}.", fetch.SOFT)
    done = dict(entry)
    done["title"] = entry["title"] or title
    done["text"] = _without_author(text or entry.get("summary", ""), entry["author"] or author)
    done["published"] = entry["published"] or published
    done["canonical"] = canonical
    done["author"] = entry["author"] or author
    return done, None


def _without_author(text, author):
    """Authors are never stored by name: a byline that the extractor kept in the text goes."""
    author = (author or "").strip()
    return text.replace(author, "").strip() if len(author) >= 3 else text


class Run:
    """One fetch run: the counters printed by monitoring_fetch, and the helpers built once."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.stats = {"sources": 0, "fetched": 0, "not_modified": 0, "new_items": 0, "duplicates": 0}
        self.stats.update({"stories": 0, "errors": 0})
        self.analyser = Analyser()
        self.grouper = StoryGrouper(self.now)
        self.matcher = RebuttalMatcher()
        self.touched = set()
        self.titles = {}
        since = self.now - datetime.timedelta(days=TITLE_DAYS)
        bodies = Item.objects.filter(first_seen__gte=since, copy_of__isnull=True).exclude(text_hash="")
        self.bodies = {h: (pk, story) for h, pk, story in bodies.values_list("text_hash", "pk", "story_id")}

    # -------------------------------------------------------------- one item, one transaction
    def store(self, source, entry):
        """Store one complete entry (url, title, text, published, author) as an item, once."""
        key = url_key(entry["url"])
        canonical = url_key(entry.get("canonical") or entry["url"])
        title = nfc(entry.get("title") or "")[:500] or nfc(entry.get("text") or "")[:120] or entry["url"][:120]
        titles = self._titles(source)
        if title_key(title) in titles or (canonical != key and Item.objects.filter(url_hash=canonical).exists()):
            self.stats["duplicates"] += 1
            return None
        text = nfc(entry.get("text") or "")
        try:
            with transaction.atomic():
                item = self._create(source, entry, key, title, text)
        except IntegrityError:  # another worker stored the same URL a moment ago
            self.stats["duplicates"] += 1
            return None
        titles.add(item.title_hash)
        if item.text_hash and item.copy_of_id is None:
            self.bodies[item.text_hash] = (item.pk, item.story_id)
        if item.copy_of_id is None:
            self.grouper.add(item.story_id, title, text)
        self.stats["new_items"] += 1
        self.touched.add(item.story_id)
        return item

    def _titles(self, source):
        """The title keys this source published in the last TITLE_DAYS (one query per source and run)."""
        if source.pk not in self.titles:
            since = self.now - datetime.timedelta(days=TITLE_DAYS)
            recent = Item.objects.filter(source=source, first_seen__gte=since).values_list("title_hash", flat=True)
            self.titles[source.pk] = set(recent)
        return self.titles[source.pk]

    def _create(self, source, entry, key, title, text):
        body_key = text_key(text) if len(text) >= 200 else ""
        original_id, story_id = self.bodies.get(body_key, (None, None)) if body_key else (None, None)
        hints = self.analyser.analyse(title, text, source)
        story_id = story_id or self.grouper.find(title, text)
        local = bool(hints["area"] or source.is_local)
        changes = {"item_count": F("item_count") + 1, "last_seen": self.now}
        if local:
            changes["concerns_province"] = True
        if story_id is None or not Story.objects.filter(pk=story_id).update(**changes):  # none, or gone
            story = Story.objects.create(
                title=title, first_seen=self.now, last_seen=self.now, item_count=1, concerns_province=local, **hints
            )
            story_id = story.pk
            self.stats["stories"] += 1
        return Item.objects.create(
            source=source,
            story_id=story_id,
            url=(entry.get("canonical") or entry["url"])[:1000],
            url_hash=key,
            title=title,
            title_hash=title_key(title),
            text=text,
            text_hash=body_key,
            copy_of_id=original_id,
            published_at=entry.get("published"),
            first_seen=self.now,
            author_hash=author_key(entry.get("author")),
            **hints,
        )

    # -------------------------------------------------------------- sources
    def known_keys(self, entries):
        keys = [url_key(e["url"]) for e in entries]
        known = set()
        for start in range(0, len(keys), 500):
            known |= set(Item.objects.filter(url_hash__in=keys[start : start + 500]).values_list("url_hash", flat=True))
        return known

    def finish_source(self, source, response, listed, new, errors):
        """Health and adaptive interval after a run; one update."""
        source.refresh_from_db()
        source.last_fetch_at, source.claimed_until = self.now, None
        source.fetch_count += 1
        if response is not None:
            source.etag = response.headers.get("ETag", "") or ""
            source.last_modified = response.headers.get("Last-Modified", "") or ""
            if not response.not_modified:
                source.document_hash = hashlib.sha256(response.content).hexdigest()
        known_share = 1.0 if not listed else 1 - new / listed
        if known_share > SLOWER:
            source.interval = min(source.interval * STEP, MAX_INTERVAL)
        elif known_share < FASTER:
            source.interval = max(source.interval / STEP, MIN_INTERVAL)
        source.interval = datetime.timedelta(seconds=round(source.interval.total_seconds()))
        source.failure_score, source.last_success_at = 0, self.now
        source.last_error = "; ".join(errors)[:500]
        source.last_status = (
            f"Đọc được {listed} mục, {new} tin mới."
            if response and not response.not_modified
            else ("Không có gì mới (máy chủ báo chưa thay đổi).")
        )
        source.next_fetch_at = self.now + source.interval
        source.item_total = source.items.count()
        source.save()

    def fail_source(self, source, error):
        source.refresh_from_db()
        source.last_fetch_at, source.claimed_until = self.now, None
        source.fetch_count += 1
        source.failure_score += error.weight
        source.last_error = str(error)[:500]
        source.last_status = "Lỗi khi lấy tin."
        if source.failure_score >= settings.MONITORING_DISABLE_AFTER:
            source.active = False
            source.disabled_reason = f"Tạm dừng tự động sau nhiều lần lỗi: {error}"[:300]
        backoff = min(source.interval * (1 + source.failure_score), MAX_INTERVAL)
        source.next_fetch_at = self.now + backoff
        source.save()
        self.stats["errors"] += 1


def _in_thread(function):
    """Run function in a pool thread; its database connection (if any) closes with the task."""

    def wrapped(argument):
        try:
            return function(argument)
        finally:
            close_old_connections()

    return wrapped


def _new_entries(run, entries):
    known, seen, new = run.known_keys(entries), set(), []
    for entry in entries:
        key = url_key(entry["url"])
        if key not in known and key not in seen:
            seen.add(key)
            new.append(entry)
    return new


def _dispatch(run, pool, sources):
    """Fetch every listing; for each, record its health or queue its new articles."""
    pending = []
    for source, (response, entries, error) in zip(sources, pool.map(_in_thread(_fetch_listing), sources), strict=True):
        if error is not None:
            run.fail_source(source, error)
        elif response.not_modified or entries is None:
            run.stats["not_modified"] += 1
            run.finish_source(source, response, 0, 0, [])
        else:
            run.stats["fetched"] += 1
            new = _new_entries(run, entries)
            run.stats["duplicates"] += len(entries) - len(new)
            futures = [pool.submit(_in_thread(_fetch_article), entry) for entry in new]
            pending.append((source, response, len(entries), futures))
    return pending


def _collect(run, pending):
    for source, response, listed, futures in pending:
        errors = []
        with transaction.atomic():  # one commit per source; each item still whole or absent (savepoint)
            for future in futures:
                entry, error = future.result()
                if error is not None:
                    run.stats["errors"] += 1
                    errors.append(f"{entry['url']}: {error}")
                    continue
                run.store(source, entry)
        run.finish_source(source, response, listed, len(futures), errors[:3])


def run_fetch(source_id=None, everything=False, now=None):
    """Fetch what is due (or one source, or everything active); returns the counters."""
    run = Run(now)
    # a run that crashed before its stories were refreshed
    refresh_stories(Story.objects.filter(concerns_province=True, signal__isnull=True).values_list("pk", flat=True))
    sources = claim(source_id, everything, run.now)
    run.stats["sources"] = len(sources)
    try:
        with ThreadPoolExecutor(max_workers=settings.MONITORING_WORKERS) as pool:
            _collect(run, _dispatch(run, pool, sources))
    finally:  # a crash releases the claims (a killed process's claims expire after CLAIM_FOR)
        Source.objects.filter(pk__in=[s.pk for s in sources]).update(claimed_until=None)
    refresh_stories(run.touched, run.matcher)
    return run.stats


def store_entries(source, entries, now=None):
    """Store entries that already carry their text (imports); returns the counters."""
    run = Run(now)
    for entry in entries:
        run.store(source, entry)
    refresh_stories(run.touched, run.matcher)
    Source.objects.filter(pk=source.pk).update(item_total=source.items.count(), last_success_at=run.now)
    return run.stats
