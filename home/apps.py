from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Trang chủ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imports here: models need the app registry.
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.models import Site

        from .context_processors import forget  # imports Wagtail's models: the registry must be ready

        def changed(sender, instance, **kwargs):
            if isinstance(instance, (Site, BaseSiteSetting, BaseGenericSetting)):
                forget()

        post_save.connect(changed, weak=False, dispatch_uid="home.settings_changed")
        post_delete.connect(changed, weak=False, dispatch_uid="home.settings_deleted")
