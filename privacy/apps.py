from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's app registry: the receivers import models, ready only now.
        from opinions.services import personal_data_collected

        # the receivers import this app's models: only once the registry is ready
        from .receivers import record_consent

        personal_data_collected.connect(record_consent, dispatch_uid="privacy-consent")

        # Django's app registry: the provider reads this app's models, ready only now.
        from opinions import restrictions

        from .models import restricted_ids  # the app registry: models load after ready() starts

        if restricted_ids not in restrictions.PROVIDERS:
            restrictions.PROVIDERS.append(restricted_ids)
