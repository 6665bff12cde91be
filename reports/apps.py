from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Tổng hợp và báo cáo"
    default_auto_field = "django.db.models.BigAutoField"
