from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Khảo sát dư luận xã hội"
    default_auto_field = "django.db.models.BigAutoField"
