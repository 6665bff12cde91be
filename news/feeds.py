"""RSS 2.0 and Atom feeds: all news, news of one field, rebuttals."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from opinions.models import Field

from .models import ArticlePage, NewsIndexPage, RebuttalIndexPage, RebuttalPage

FEED_SIZE = 30


def as_datetime(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(7, 0)))


class NewsFeed(Feed):
    title = "Thông tin chính thống – Lắng Nghe, tỉnh Lâm Đồng"
    description = "Tin tức, thông báo chính thức của các cơ quan nhà nước tỉnh Lâm Đồng."
    language = "vi"
    index_model = NewsIndexPage

    def link(self):
        index = self.index_model.objects.live().first()
        return index.url if index else "/"

    def items(self):
        return ArticlePage.objects.live().public().select_related("field").order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return as_datetime(item.date)

    def item_updateddate(self, item):
        return item.last_published_at or as_datetime(item.date)

    def item_categories(self, item):
        return [str(item.field)] if item.field else []


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class FieldNewsFeed(NewsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Field, code=code)

    def title(self, field):
        return f"{field.name} – Thông tin chính thống, tỉnh Lâm Đồng"

    def link(self, field):
        return f"{super().link()}?linh-vuc={field.code}"

    def description(self, field):
        return f"Tin tức, thông báo chính thức về lĩnh vực {field.name}."

    def items(self, field):
        return (
            ArticlePage.objects.live()
            .public()
            .filter(Q(field=field) | Q(other_fields=field))
            .distinct()
            .select_related("field")
            .order_by("-date", "-pk")[:FEED_SIZE]
        )


class FieldNewsAtomFeed(FieldNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, field):
        return self.description(field)


class RebuttalFeed(NewsFeed):
    title = "Thông tin phản bác, cải chính – tỉnh Lâm Đồng"
    index_model = RebuttalIndexPage
    description = "Cải chính thông tin sai sự thật, sai lệch về tỉnh Lâm Đồng, với kết luận và căn cứ."

    def items(self):
        return RebuttalPage.objects.live().public().select_related("field").order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"[{item.get_verdict_display()}] {item.title}"

    def item_description(self, item):
        return item.summary or item.claim


class RebuttalAtomFeed(RebuttalFeed):
    feed_type = Atom1Feed
    subtitle = RebuttalFeed.description
