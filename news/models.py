"""Official information (thông tin chính thống): news, rebuttals, standing pages, unit directory."""

import datetime
import json

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.lib.text import slugify_vi
from opinions.models import Area, Field, Unit

from .blocks import SourceBlock, appearance_blocks, body_blocks
from .cache import CachedPageMixin
from .widgets import CommunePicker

PAGE_SIZE = 10


def parse_date(value):
    """A dd/mm/yyyy or yyyy-mm-dd date from a query string, or None."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


class PublicationMixin(models.Model):
    """What articles and rebuttals share: date, summary, field(s), area(s), the unit that speaks."""

    date = models.DateField("ngày đăng", default=timezone.localdate)
    summary = models.TextField("tóm tắt", blank=True, help_text="Một, hai câu; hiện trong danh sách và khi chia sẻ.")
    field = models.ForeignKey(
        "opinions.Field", verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_unit = models.ForeignKey(
        "opinions.Unit",
        verbose_name="cơ quan, đơn vị đăng tin",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="ảnh chia sẻ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Ảnh hiện khi chia sẻ lên Facebook, Zalo (nên 1200×630).",
    )

    class Meta:
        abstract = True


class NewsIndexPage(CachedPageMixin, Page):
    """Chuyên mục tin: the list of official information, newest first, with filters and paging."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"

    def filtered_articles(self, params):
        articles = ArticlePage.objects.live().public().child_of(self)
        chosen = {}
        if field := Field.objects.filter(code=params.get("linh-vuc", "")).first():
            articles = articles.filter(models.Q(field=field) | models.Q(other_fields=field)).distinct()
            chosen["field"] = field
        if area := Area.objects.filter(code=params.get("dia-ban", "")).first():
            articles = articles.filter(areas=area).distinct()
            chosen["area"] = area
        if tag := params.get("the", "").strip():
            articles = articles.filter(models.Q(tags__slug=tag) | models.Q(tags__name=tag)).distinct()
            chosen["tag"] = tag
        if since := parse_date(params.get("tu-ngay")):
            articles = articles.filter(date__gte=since)
            chosen["since"] = since
        if until := parse_date(params.get("den-ngay")):
            articles = articles.filter(date__lte=until)
            chosen["until"] = until
        return articles.select_related("field").order_by("-date", "-pk"), chosen

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles, chosen = self.filtered_articles(request.GET)
        context["articles"] = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("trang"))
        context["chosen"] = chosen
        context["fields"] = Field.objects.all()
        context["areas"] = Area.objects.communes().only("code", "name")
        query = request.GET.copy()
        query.pop("trang", None)
        context["query_without_page"] = query.urlencode()
        return context


class ArticlePageTag(TaggedItemBase):
    """Thẻ (từ khóa) của bài viết: the link between an article and one of its tags."""

    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(CachedPageMixin, PublicationMixin, Page):
    """Bài viết: one item of official information published by the authority."""

    body = StreamField(body_blocks(), verbose_name="nội dung", blank=True)
    other_fields = ParentalManyToManyField(
        "opinions.Field", verbose_name="lĩnh vực liên quan khác", blank=True, related_name="+"
    )
    areas = ParentalManyToManyField("opinions.Area", verbose_name="địa bàn", blank=True, related_name="+")
    tags = ClusterTaggableManager("thẻ", through=ArticlePageTag, blank=True)
    featured = models.BooleanField("tin nổi bật", default=False, help_text="Hiện ở đầu trang chủ.")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("field"),
                FieldPanel("other_fields"),
                FieldPanel("areas", widget=CommunePicker),
                FieldPanel("tags"),
                FieldPanel("featured"),
                FieldPanel("author_unit"),
                FieldPanel("share_image"),
            ],
            heading="Phân loại",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"

    def __str__(self):
        return self.title


class Verdict(models.TextChoices):
    """Kết luận: how the claim stands against the verified facts."""

    FALSE = "false", "Sai sự thật"
    PARTLY_FALSE = "partly_false", "Sai một phần"
    MISLEADING = "misleading", "Gây hiểu nhầm"
    TRUE = "true", "Đúng"


# schema.org ClaimReview ratings on a 1–5 scale (1 = false … 5 = true), as fact-checkers publish them.
VERDICT_RATINGS = {Verdict.FALSE: 1, Verdict.MISLEADING: 2, Verdict.PARTLY_FALSE: 3, Verdict.TRUE: 5}


class RebuttalIndexPage(CachedPageMixin, Page):
    """Danh sách thông tin phản bác, cải chính: every rebuttal, filterable by field."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.RebuttalPage"]

    class Meta:
        verbose_name = "danh sách thông tin phản bác"
        verbose_name_plural = "danh sách thông tin phản bác"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rebuttals = RebuttalPage.objects.live().public().child_of(self).select_related("field")
        field = Field.objects.filter(code=request.GET.get("linh-vuc", "")).first()
        if field:
            rebuttals = rebuttals.filter(field=field)
        context["chosen_field"] = field
        context["fields"] = Field.objects.filter(pk__in=RebuttalPage.objects.live().child_of(self).values("field"))
        context["rebuttals"] = Paginator(rebuttals.order_by("-date", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("trang")
        )
        return context


# A draft written from a case (news/services.py) starts with this title and a guidance paragraph.
DRAFT_TITLE_PREFIX = "Thông tin chính thức về: "
FACTS_GUIDANCE = "(Nêu các sự thật đã được cơ quan có thẩm quyền xác minh.)"


class RebuttalPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("verdict"):
            self.add_error("verdict", "Chọn kết luận: sai sự thật, sai một phần, gây hiểu nhầm hoặc đúng.")
        page = self.instance
        if not page.first_published_at and cleaned.get("title") and page.has_draft_slug(cleaned.get("slug")):
            # The web address follows the title until the first publication (a draft made from a case
            # got its address from the case's title, which the editor then rewrites).
            cleaned["slug"] = page.unique_slug_for(cleaned["title"])
        if "action-publish" in self.data and FACTS_GUIDANCE in str(cleaned.get("facts") or ""):
            self.add_error(
                "facts", "Thay đoạn hướng dẫn trong mục này bằng các sự thật đã được xác minh trước khi đăng."
            )
        return cleaned


class RebuttalPage(CachedPageMixin, PublicationMixin, Page):
    """Thông tin phản bác, cải chính: a false or distorted claim, the verdict and the verified facts."""

    claim = models.TextField(
        "thông tin được lan truyền", help_text="Nội dung thông tin như đã lan truyền, trích nguyên văn nếu có thể."
    )
    claim_author = models.CharField(
        "người, trang đăng tải",
        max_length=255,
        blank=True,
        help_text="Ví dụ: một số tài khoản mạng xã hội. Không ghi họ tên, số điện thoại của cá nhân.",
    )
    claim_date = models.DateField("ngày xuất hiện", null=True, blank=True)
    appearances = StreamField(appearance_blocks(), verbose_name="nơi xuất hiện", blank=True)
    # Blank only for a draft started from a case; the editor's form requires it (RebuttalPageForm).
    verdict = models.CharField("kết luận", max_length=20, choices=Verdict.choices, blank=True)
    facts = StreamField(body_blocks(), verbose_name="sự thật đã được xác minh")
    sources = StreamField([("source", SourceBlock())], verbose_name="chứng cứ, nguồn", blank=True)
    authority_name = models.CharField("cơ quan có thẩm quyền", max_length=255, blank=True)
    authority_statement = models.TextField("phát ngôn của cơ quan có thẩm quyền", blank=True)
    related_case = models.ForeignKey(
        "opinions.Case",
        verbose_name="vụ việc liên quan (nội bộ)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rebuttals",
        help_text="Chỉ hiện trong trang quản trị, không công khai.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("claim"), FieldPanel("claim_author"), FieldPanel("claim_date"), FieldPanel("appearances")],
            heading="Thông tin được lan truyền",
        ),
        FieldPanel("verdict"),
        FieldPanel("facts"),
        FieldPanel("sources"),
        MultiFieldPanel([FieldPanel("authority_name"), FieldPanel("authority_statement")], heading="Phát ngôn"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("field"),
                FieldPanel("author_unit"),
                FieldPanel("share_image"),
                FieldPanel("related_case"),
            ],
            heading="Phân loại",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("claim"),
        index.SearchField("summary"),
        index.SearchField("facts"),
    ]
    parent_page_types = ["news.RebuttalIndexPage"]
    subpage_types = []
    base_form_class = RebuttalPageForm

    class Meta:
        verbose_name = "thông tin phản bác"
        verbose_name_plural = "thông tin phản bác"

    def __str__(self):
        return self.title

    def has_draft_slug(self, slug):
        """The address given to a draft made from a case (from the case's title), not one an editor chose."""
        return bool(self.related_case_id and slug and slug.startswith(slugify_vi(DRAFT_TITLE_PREFIX)))

    def unique_slug_for(self, title):
        base = slugify_vi(title, 70) or "phan-bac"
        taken = set(self.get_siblings(inclusive=False).values_list("slug", flat=True)) if self.pk else set()
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def claim_review(self, request=None, organisation="Lắng Nghe"):
        """schema.org ClaimReview as a dict (https://schema.org/ClaimReview; the fields search engines read)."""
        url = self.get_full_url(request)
        site = self.get_site()
        root_url = site.root_url if site else ""
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "datePublished": self.date.isoformat(),
            "headline": self.title,
            "inLanguage": "vi",
            "claimReviewed": self.claim,
            # The unit's full name ("Ban Tuyên giáo và Dân vận …"), not its abbreviation.
            "author": {
                "@type": "Organization",
                "name": self.author_unit.name if self.author_unit else organisation,
                "url": root_url,
            },
            "itemReviewed": {
                "@type": "Claim",
                "datePublished": (self.claim_date or self.date).isoformat(),
                "appearance": [
                    {"@type": "CreativeWork", "url": block.value["url"]}
                    for block in self.appearances
                    if block.block_type == "link"
                ],
            },
        }
        if self.claim_author:  # an unknown author is left out, not named "unknown"
            review["itemReviewed"]["author"] = {"@type": "Organization", "name": self.claim_author}
        if self.verdict:
            review["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": VERDICT_RATINGS[Verdict(self.verdict)],
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": Verdict(self.verdict).label,
            }
        return review

    def claim_review_json(self, request=None, organisation="Lắng Nghe"):
        return json.dumps(self.claim_review(request, organisation), ensure_ascii=False).replace("</", "<\\/")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["claim_review_json"] = self.claim_review_json(request)
        return context


class StandingPage(CachedPageMixin, Page):
    """Trang thông tin cố định: how to send feedback, the hotline, the plan and its targets…"""

    summary = models.TextField("tóm tắt", blank=True)
    body = StreamField(body_blocks(), verbose_name="nội dung", blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage", "news.StandingPage"]

    class Meta:
        verbose_name = "trang thông tin cố định"
        verbose_name_plural = "trang thông tin cố định"


class UnitDirectoryPage(CachedPageMixin, Page):
    """Danh bạ cơ quan, đơn vị: the units and their public contact (never a person's number)."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "news.StandingPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "danh bạ cơ quan, đơn vị"
        verbose_name_plural = "danh bạ cơ quan, đơn vị"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only the unit's public fields leave the database: no staff, no personal numbers.
        units = (
            Unit.objects.filter(is_active=True)
            .exclude(public_email="", public_phone="")
            .only("name", "kind", "public_email", "public_phone", "responsibilities")
            .order_by("kind", "name")
        )
        groups = {}
        for unit in units:
            groups.setdefault(unit.get_kind_display(), []).append(unit)
        context["unit_groups"] = list(groups.items())
        return context
