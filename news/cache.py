"""Whole-response cache of published pages for anonymous readers.

A page served by a CachedPageMixin page type marks its response cacheable; PageCacheMiddleware
keeps it under a key made of the cache *generation*, the host and the full path, and answers the
next anonymous GET of the same address before URL routing, sessions or the database are touched.

Publishing, unpublishing, moving or deleting any page starts a new generation (clear_page_cache),
so a page and every list that shows it (home, news index, rebuttal list, feeds' pages) are rebuilt on
their next visit. One generation for the whole site is deliberately coarse: editors publish a few
pages a day, and a stale list is worse than a few cold misses.

The cache alias "pages" (settings.CACHES) must be shared by all web processes and the worker
(publish_scheduled runs there): Redis in production, a file cache under VAR_DIR otherwise.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def page_cache():
    return caches["pages" if "pages" in settings.CACHES else "default"]


def current_generation(cache=None):
    cache = cache or page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never reuse an old number: a lost key must not bring back pages cached before it was lost.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def clear_page_cache(**kwargs):
    """Start a new generation: every cached page is rebuilt on its next visit."""
    page_cache().set(GENERATION_KEY, time.time_ns(), None)


def cache_key(request, generation):
    scheme = "https" if request.is_secure() else "http"
    return f"pagecache:{generation}:{scheme}:{request.META.get('HTTP_HOST', '')}:{request.get_full_path()}"


class CachedPageMixin:
    """Page types whose public pages are the same for every anonymous reader."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Pages behind a password or login are served by Wagtail's checks before serve(); never cache them.
        if not getattr(request, "is_preview", False) and not self.get_view_restrictions().exists():
            response.page_cacheable = True
        return response


class PageCacheMiddleware:
    """Serve cached pages to anonymous GETs; store the responses that pages marked cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        # A front proxy (deploy/nginx/proxy.conf) may keep the pages kept here for this long.
        self.edge_seconds = getattr(settings, "PAGE_CACHE_EDGE_SECONDS", 0)

    def eligible(self, request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and len(request.META.get("QUERY_STRING", "")) < 200
            and not request.path.startswith("/admin/")
        )

    def __call__(self, request):
        if not self.eligible(request):
            return self.get_response(request)
        cache = page_cache()
        key = cache_key(request, current_generation(cache))
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content, headers=headers)
            # Outside CommonMiddleware, so set the length here: keep-alive clients need it.
            response["Content-Length"] = str(len(content))
            response["X-Page-Cache"] = "hit"
            self.allow_edge_cache(response)
            return response
        response = self.get_response(request)
        if (
            getattr(response, "page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), self.seconds)
            response["X-Page-Cache"] = "miss"
            self.allow_edge_cache(response)
        return response

    def allow_edge_cache(self, response):
        if self.edge_seconds > 0:
            response["X-Accel-Expires"] = str(self.edge_seconds)
