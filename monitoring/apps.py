from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Theo dõi trên môi trường mạng"
    default_auto_field = "django.db.models.BigAutoField"
