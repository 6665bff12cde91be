"""The back-office speaks Vietnamese unless a user chose otherwise; a missing page is answered in Vietnamese."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.views.defaults import page_not_found


class AdminLanguageMiddleware:
    """Vietnamese as every admin user's default language, whatever the browser asks for.

    Wagtail renders the admin in the user's preferred language (Tài khoản → Ngôn ngữ); a user who
    never chose one gets the *request's* language, which LocaleMiddleware takes from the browser's
    Accept-Language, so an English browser would show an English back-office (and login page). Here
    the admin's request language is settings.LANGUAGE_CODE; a language the user picked in their
    account settings still wins (Wagtail applies it per view). Goes after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        self.prefix = self.prefix or reverse("wagtailadmin_home")
        if request.path_info.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class FriendlyNotFoundMiddleware:
    """Under DEBUG (`make run`) a missing page still gets the site's Vietnamese 404, not Django's
    English technical page; production already renders templates/404.html through handler404.
    Set DEBUG_TECHNICAL_404=1 to see Django's page while developing routes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and not settings.DEBUG_TECHNICAL_404:
            return page_not_found(request, exception)
        return None
