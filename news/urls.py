from django.urls import path

from . import feeds

app_name = "news"
urlpatterns = [
    path("rss/tin-tuc.xml", feeds.NewsFeed(), name="feed_rss"),
    path("atom/tin-tuc.xml", feeds.NewsAtomFeed(), name="feed_atom"),
    path("rss/linh-vuc/<slug:code>.xml", feeds.FieldNewsFeed(), name="field_feed_rss"),
    path("atom/linh-vuc/<slug:code>.xml", feeds.FieldNewsAtomFeed(), name="field_feed_atom"),
    path("rss/phan-bac.xml", feeds.RebuttalFeed(), name="rebuttal_feed_rss"),
    path("atom/phan-bac.xml", feeds.RebuttalAtomFeed(), name="rebuttal_feed_atom"),
]
