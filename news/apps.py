from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Thông tin chính thống"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers are connected once the app registry is ready (Django's AppConfig.ready).
        from .cache import clear_page_cache

        # A page and every list that shows it must change together: start a new cache generation.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(clear_page_cache, dispatch_uid=f"news-cache-{id(signal)}")
        for model in ("wagtailcore.Page", "opinions.Unit", "home.SiteSettings"):
            post_delete.connect(clear_page_cache, sender=model, dispatch_uid=f"news-cache-del-{model}")
        for model in ("opinions.Unit", "home.SiteSettings"):
            post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"news-cache-save-{model}")
