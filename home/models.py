from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from news.cache import CachedPageMixin
from news.models import ArticlePage, RebuttalPage, StandingPage, UnitDirectoryPage


class HomePage(CachedPageMixin, Page):
    """Trang chủ: site name, intro, the latest official information and the way to send feedback."""

    intro = RichTextField("giới thiệu", blank=True)
    feedback_call = models.CharField(
        "lời mời gửi phản ánh",
        max_length=255,
        default="Anh, chị có ý kiến, phản ánh, kiến nghị? Hãy gửi cho chúng tôi.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("feedback_call")]
    subpage_types = [
        "news.NewsIndexPage",
        "news.RebuttalIndexPage",
        "news.StandingPage",
        "news.UnitDirectoryPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "trang chủ"
        verbose_name_plural = "trang chủ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().descendant_of(self).select_related("field")
        context["featured_articles"] = articles.filter(featured=True).order_by("-date", "-pk")[:2]
        context["latest_articles"] = articles.order_by("-date", "-pk")[:6]
        context["latest_rebuttals"] = (
            RebuttalPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        context["standing_pages"] = self.get_children().live().public().type(StandingPage, UnitDirectoryPage).specific()
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Cài đặt chung của cổng: tên cơ quan chủ quản, liên hệ, đường dây nóng, chân trang."""

    organisation = models.CharField("cơ quan chủ quản", max_length=255, default="Đảng ủy UBND tỉnh Lâm Đồng")
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    hotline = models.CharField("đường dây nóng", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    footer = models.TextField("chân trang", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("address"), FieldPanel("hotline"), FieldPanel("email")],
            heading="Liên hệ",
        ),
        FieldPanel("footer"),
    ]

    class Meta:
        verbose_name = "cài đặt cổng thông tin"
