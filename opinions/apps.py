from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "opinions"
    verbose_name = "Công tác dư luận xã hội"
    default_auto_field = "django.db.models.BigAutoField"
