from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index


class NewsIndexPage(Page):
    """Chuyên mục tin: the list of official information, newest first, with paging."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["articles"] = Paginator(articles, 10).get_page(request.GET.get("trang"))
        return context


class ArticlePage(Page):
    """Bài viết: one item of official information published by the authority."""

    date = models.DateField("ngày đăng", default=timezone.localdate)
    summary = models.TextField("tóm tắt", blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label="Tiêu đề mục", form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label="Đoạn văn")),
            ("image", ImageBlock(label="Hình ảnh")),
            ("quote", blocks.BlockQuoteBlock(label="Trích dẫn")),
        ],
        verbose_name="nội dung",
        blank=True,
    )
    field = models.ForeignKey(
        "opinions.Field",
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("field"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
