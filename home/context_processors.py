"""The site-wide settings for templates (`{{ settings.home.SiteSettings.organisation }}`), as
Wagtail's `settings` context processor gives them, but kept for a short while in the process instead
of two queries on every page (the site by host name, then its settings row).

Measured with bench/profile_surveys.py: those two lookups were about 40 % of the CPU of a respondent's
survey page (Wagtail's site query compiles a CASE expression each time). A change saved in the
back-office is seen at once by the process that saved it (post_save clears the memory, home/apps.py)
and by the other server processes within settings.SITE_SETTINGS_CACHE_SECONDS (0 under tests)."""

import time

from django.conf import settings as django_settings
from wagtail.contrib.settings.context_processors import SettingModuleProxy, SettingProxy
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import Site

_memory: dict = {}


def _remembered(key, load):
    seconds = django_settings.SITE_SETTINGS_CACHE_SECONDS
    if seconds <= 0:
        return load()
    now = time.monotonic()
    hit = _memory.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_memory) > 256:  # many host names (a scan): keep the memory small
        _memory.clear()
    _memory[key] = (now + seconds, value)
    return value


def forget(**_kwargs):
    """A site or a setting was saved or deleted: read them again."""
    _memory.clear()


class _ModuleProxy(SettingModuleProxy):
    def get_setting(self, model_name):
        model = registry.get_by_natural_key(self.app_label, model_name)
        request = self.request_or_site
        if model is None or not issubclass(model, BaseSiteSetting) or request is None or isinstance(request, Site):
            return super().get_setting(model_name)
        site = _remembered(("site", request.get_host(), request.get_port()), lambda: Site.find_for_request(request))
        if site is None:
            return super().get_setting(model_name)
        return _remembered(("setting", model._meta.label, site.pk), lambda: model.for_site(site))


class _Proxy(SettingProxy):
    def __missing__(self, app_label):
        self[app_label] = value = _ModuleProxy(self.request_or_site, app_label)
        return value


def settings(request):
    return {"settings": _Proxy(request_or_site=request)}
