from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"
    default_auto_field = "django.db.models.BigAutoField"
