from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Thông tin chính thống"
    default_auto_field = "django.db.models.BigAutoField"
