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
from django.db.models import Count, Max, Min, OuterRef, Subquery
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


def refresh_story(story, matcher=None):
    """Recount a story from its items; sync its signal and rebuttal match. One transaction."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        items = Item.objects.filter(story=story)
        totals = items.aggregate(
            n=Count("pk"),
            sources=Count("source", distinct=True),
            first=Min("first_seen"),
            last=Max("first_seen"),
        )
        rows = list(items.values_list("field_id", "area_id", "sentiment", "author_hash", "source__is_local"))
        story.item_count, story.source_count = totals["n"], totals["sources"]
        story.first_seen, story.last_seen = totals["first"] or story.first_seen, totals["last"] or story.last_seen
        story.voice_count = len({row[3] for row in rows if row[3]})
        story.field_id = _majority([row[0] for row in rows]) or story.field_id
        story.area_id = _majority([row[1] for row in rows]) or story.area_id
        story.sentiment = _majority([row[2] for row in rows if row[2] != Sentiment.NEUTRAL]) or Sentiment.NEUTRAL
        story.concerns_province = any(row[1] or row[4] for row in rows)
        if matcher is not None and story.rebuttal_state not in (MatchState.MATCHED, MatchState.REJECTED):
            _match(story, matcher)
        story.save()
        if story.concerns_province:
            _sync_signal(story)
    return story


def _match(story, matcher):
    leads = items_lead(story)
    page, score, state = matcher.match(leads, story.field)
    story.rebuttal, story.rebuttal_score, story.rebuttal_state = page, (score if page else None), state


def items_lead(story, limit=5):
    rows = Item.objects.filter(story=story).order_by("first_seen").values_list("title", "text")[:limit]
    return " ".join(item_text(title, text) for title, text in rows)


def _signal_text(story):
    first = Item.objects.filter(story=story).select_related("source").order_by("first_seen").first()
    lead = (first.text or "")[:1500] if first else ""
    return (
        f"Dòng sự kiện trên môi trường mạng: {story.item_count} tin, bài từ {story.source_count} nguồn "
        f"(xuất hiện từ {timezone.localtime(story.first_seen):%H:%M %d/%m/%Y}).\n\n{lead}"
    ), first


def _sync_signal(story):
    text, first = _signal_text(story)
    if story.signal_id is None:
        area = story.area or Area.objects.filter(kind=Area.Kind.PROVINCE).first()
        signal, _ = create_signal(
            channel=_channel(first.source.trust if first else Trust.SOCIAL),
            kind=SignalKind.OPINION,
            text=text,
            title=story.title[:255],
            field=story.field,
            area=area,
            source_url=(first.url if first else "")[:1000],
            received_at=story.first_seen,
            submission_key=f"monitoring-story-{story.key.hex}",
        )
        story.signal = signal
        story.save(update_fields=["signal", "updated_at"])
    else:
        Signal.objects.filter(pk=story.signal_id).update(text=text, updated_at=timezone.now())


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
