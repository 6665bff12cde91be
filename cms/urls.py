from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from opinions.backoffice_guards import site_history_urls
from reports import public as reports_public

from . import views

urlpatterns = [
    *site_history_urls(),  # Wagtail's site history, kept from unit handlers (before the admin's own)
    path("admin/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("phan-anh/", include("opinions.urls")),
    path("khao-sat/", include("surveys.urls")),
    path("open311/v2/", include("opinions.intake.open311.urls")),
    path("tim-kiem/", include("search.urls")),
    path("du-lieu-ca-nhan/", include("privacy.urls")),
    # The plan's targets with live aggregate figures (reports), in place of the static page.
    path("ke-hoach/", reports_public.public_plan, name="plan_public"),
    path("suc-khoe/", views.health, name="health"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}),
    path("", include("news.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Citizens' attachments (dinh-kem/) are served only through the logged, scoped download screen.
    urlpatterns += [path(f"{settings.MEDIA_URL.lstrip('/')}dinh-kem/<path:rest>", views.not_found)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
