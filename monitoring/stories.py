"""Stories: group items into events, keep each story's counts, its one signal and its rebuttal match.

Grouping: an exact copy (same text hash) joins its original's story; otherwise the analysis
library's GroupIndex (analysis/group.py: MinHash for copies, TF-IDF cosine for rewordings) is asked
for the closest story among those seen in the last STORY_DAYS, with the title and lead of the item.
The index is rebuilt from the database at the start of every fetch run, so a crash loses nothing.

The story's signal: a story that concerns the province (an item located in a commune, or a source of
the province) becomes ONE signal through opinions.services.create_signal (channel "online", or
"press" when the first source is the press or an official portal; submission_key from the story, so
a rerun never makes a second one), whose title and text are refreshed as the story grows.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from analysis.group import GroupIndex
from opinions.models import Area, Channel, Signal, SignalKind
from opinions.services import create_signal

from .models import Item, MatchState, Sentiment, Source, Story, Trust

STORY_DAYS = 3
LEAD_CHARS = 600
GROWTH_WINDOW = datetime.timedelta(hours=24)
FAST_GROWTH = 3  # items within GROWTH_WINDOW for a negative story in a sensitive field to offer a rebuttal


def item_text(title, text):
    return f"{title}. {(text or '')[:LEAD_CHARS]}"


class StoryGrouper:
    """The recent stories' items, searchable by a new item's title and lead."""

    def __init__(self, now=None):
        self.index = GroupIndex(similar_threshold=0.4, duplicate_threshold=0.6)
        since = (now or timezone.now()) - datetime.timedelta(days=STORY_DAYS)
        rows = Item.objects.filter(story__last_seen__gte=since, copy_of__isnull=True).values_list(
            "story_id", "title", "text"
        )
        for story_id, title, text in rows.iterator(chunk_size=2000):
            self.index.add(story_id, item_text(title, text))

    def find(self, title, text):
        found = self.index.query(item_text(title, text), limit=1)
        return found[0].case_id if found else None

    def add(self, story_id, title, text):
        self.index.add(story_id, item_text(title, text))


def _channel(trust):
    return Channel.ONLINE if trust == Trust.SOCIAL else Channel.PRESS


def _majority(values):
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else None


REFRESH_FIELDS = [
    "item_count", "source_count", "voice_count", "first_seen", "last_seen", "field", "area", "sentiment",
    "concerns_province", "rebuttal", "rebuttal_score", "rebuttal_state", "updated_at",
]  # fmt: skip


def refresh_story(story, matcher=None):
    refresh_stories([story.pk], matcher)
    story.refresh_from_db()
    return story


def _item_rows(ids):
    """{story id: [item row, ...]} in arrival order; rows without the text (fetched apart)."""
    rows = {}
    fields = ("story_id", "pk", "source_id", "field_id", "area_id", "sentiment", "author_hash", "first_seen")
    query = Item.objects.filter(story_id__in=ids).order_by("first_seen", "pk")
    for row in query.values_list(*fields, "source__is_local", "source__trust", "url", "title").iterator(2000):
        rows.setdefault(row[0], []).append(row)
    return rows


def _recount(story, rows):
    story.item_count, story.source_count = len(rows), len({r[2] for r in rows})
    story.first_seen, story.last_seen = rows[0][7], rows[-1][7]
    story.voice_count = len({r[6] for r in rows if r[6]})
    story.field_id = _majority([r[3] for r in rows]) or story.field_id
    story.area_id = _majority([r[4] for r in rows]) or story.area_id
    story.sentiment = _majority([r[5] for r in rows if r[5] != Sentiment.NEUTRAL]) or Sentiment.NEUTRAL
    story.concerns_province = any(r[4] or r[8] for r in rows)


def refresh_stories(story_ids, matcher=None):
    """Recount stories from their items (a few queries for all), match rebuttals, sync their signals."""
    ids = list(story_ids)
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            _refresh_chunk(ids[start : start + 1000], matcher)


def _refresh_chunk(chunk, matcher):
    rows = _item_rows(chunk)
    stories = [s for s in Story.objects.filter(pk__in=chunk).select_related("field") if s.pk in rows]
    firsts = {r[0][1] for r in rows.values()}
    texts = dict(Item.objects.filter(pk__in=firsts).values_list("pk", "text"))
    for story in stories:
        _recount(story, rows[story.pk])
        if matcher is not None and story.rebuttal_state not in (MatchState.MATCHED, MatchState.REJECTED):
            lead = " ".join(item_text(r[11], "") for r in rows[story.pk][:5])
            _match(story, matcher, f"{lead} {texts.get(rows[story.pk][0][1], '')[:LEAD_CHARS]}")
        story.updated_at = timezone.now()
    Story.objects.bulk_update(stories, REFRESH_FIELDS, batch_size=500)
    for story in stories:
        if story.concerns_province:
            _sync_signal(story, rows[story.pk][0], texts.get(rows[story.pk][0][1], ""))


def _match(story, matcher, text):
    page, score, state = matcher.match(text, story.field)
    story.rebuttal, story.rebuttal_score, story.rebuttal_state = page, (score if page else None), state


def _signal_text(story, lead):
    return (
        f"Dòng sự kiện trên môi trường mạng: {story.item_count} tin, bài từ {story.source_count} nguồn "
        f"(xuất hiện từ {timezone.localtime(story.first_seen):%H:%M %d/%m/%Y}).\n\n{lead[:1500]}"
    )


def _sync_signal(story, first, lead):
    """Create the story's one signal (create_signal, idempotent by submission key) or refresh its text."""
    text = _signal_text(story, lead)
    if story.signal_id is not None:
        Signal.objects.filter(pk=story.signal_id).update(text=text, updated_at=timezone.now())
        return
    with transaction.atomic():
        signal, _ = create_signal(
            channel=_channel(first[9]),
            kind=SignalKind.OPINION,
            text=text,
            title=story.title[:255],
            field=story.field,
            area=story.area or _province(),
            source_url=first[10][:1000],
            received_at=story.first_seen,
            submission_key=f"monitoring-story-{story.key.hex}",
        )
        Story.objects.filter(pk=story.pk).update(signal=signal)
        story.signal = signal


_PROVINCE = {}


def _province():
    if "area" not in _PROVINCE:
        _PROVINCE["area"] = Area.objects.filter(kind=Area.Kind.PROVINCE).first()
    return _PROVINCE["area"]


def growth(story, now=None):
    now = now or timezone.now()
    return Item.objects.filter(story=story, first_seen__gte=now - GROWTH_WINDOW).count()


def offers_rebuttal(story, now=None):
    """A negative story in a sensitive field that grows fast and has no rebuttal yet."""
    return bool(
        story.sentiment == Sentiment.NEGATIVE
        and story.field is not None
        and story.field.is_sensitive
        and story.rebuttal_state != MatchState.MATCHED
        and growth(story, now) >= FAST_GROWTH
    )


def alert_rows(start, end):
    """Early-warning counts (opinions/alerts/services.py): every item of a story after its first one,
    counted under the story's signal (the first is the signal itself), by the signal's field and
    commune (the office's classification) or the item's."""
    rows = (
        Item.objects.filter(first_seen__gte=start, first_seen__lt=end, story__signal__isnull=False)
        .exclude(story__signal__status__in=[Signal.Status.REJECTED, Signal.Status.DUPLICATE])
        # the story's first item is the signal itself, already counted
        .exclude(pk=Subquery(Item.objects.filter(story=OuterRef("story")).order_by("pk").values("pk")[:1]))
        .values_list(
            "story__signal_id",
            "first_seen",
            "story__signal__field_id",
            "field_id",
            "story__signal__area_id",
            "area_id",
            "story__signal__case_id",
        )
    )
    for signal_id, seen, signal_field, field, signal_area, area, case in rows.iterator(chunk_size=5000):
        yield signal_id, seen, signal_field or field, signal_area or area, case


def story_sources(story):
    return Source.objects.filter(items__story=story).distinct()
