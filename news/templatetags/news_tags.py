"""Head metadata of public pages: canonical address, feeds, Open Graph and Twitter card."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Page

register = template.Library()


def _feeds(page):
    feeds = [
        ("application/rss+xml", "Thông tin chính thống (RSS)", reverse("news:feed_rss")),
        ("application/atom+xml", "Thông tin chính thống (Atom)", reverse("news:feed_atom")),
        ("application/rss+xml", "Thông tin phản bác, cải chính (RSS)", reverse("news:rebuttal_feed_rss")),
        ("application/atom+xml", "Thông tin phản bác, cải chính (Atom)", reverse("news:rebuttal_feed_atom")),
    ]
    field = getattr(page, "field", None)
    if field is not None and getattr(page, "other_fields", None) is not None:
        feeds.append(("application/rss+xml", f"{field.name} (RSS)", reverse("news:field_feed_rss", args=[field.code])))
    return feeds


@register.inclusion_tag("news/_meta.html", takes_context=True)
def page_meta(context):
    request = context.get("request")
    page = context.get("page")
    organisation = "Lắng Nghe – Lâm Đồng"
    if not isinstance(page, Page):
        page = None
    if page is not None:
        canonical = page.get_full_url(request)
        title = page.seo_title or page.title
        description = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
        kind = "article" if hasattr(page, "date") and hasattr(page, "summary") else "website"
    else:
        canonical = settings.SITE_URL + request.path if request else ""
        title, description, kind = organisation, "", "website"
    image = getattr(page, "share_image", None)
    if image is not None:
        image_url = image.get_rendition("fill-1200x630|format-jpeg").url
        image_size = (1200, 630)
    else:
        image_url = static("img/share-default.png")
        image_size = (1200, 630)
    # One address for the whole head: the site's root as Wagtail knows it (the sitemap uses the same).
    site = page.get_site() if page is not None else None
    if site is not None:
        root = site.root_url
    else:
        root = settings.SITE_URL
    if not image_url.startswith("http"):
        image_url = root + image_url
    return {
        "canonical": canonical,
        "title": title,
        "description": " ".join(str(description).split())[:300],
        "kind": kind,
        "image_url": image_url,
        "image_size": image_size,
        "site_name": organisation,
        "feeds": [(t, label, root + url) for t, label, url in _feeds(page)],
        "page": page,
    }
