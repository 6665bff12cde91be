"""Hole 12 of issue 18: the development server (DEBUG) serves media files, but never citizens'
attachments (dinh-kem/): those go only through the logged, scoped download screen."""

import importlib

from django.urls import clear_url_caches, resolve

import cms.urls


def test_the_development_server_never_serves_citizens_attachments(settings):
    settings.DEBUG = True
    try:
        urls = importlib.reload(cms.urls)
        attachment = resolve(f"{settings.MEDIA_URL}dinh-kem/2026/12/anh.jpg", urlconf=urls)
        other_media = resolve(f"{settings.MEDIA_URL}images/anh.jpg", urlconf=urls)
        assert attachment.func is urls.views.not_found
        assert other_media.func is not urls.views.not_found  # media in general is served (the guard is narrow)
    finally:
        settings.DEBUG = False
        importlib.reload(cms.urls)
        clear_url_caches()
