from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Theo dõi trên môi trường mạng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's app registry: the models behind these imports load only once apps are ready.
        from opinions.alerts.services import EXTRA_ROWS

        from .stories import alert_rows  # Django's app registry: models load once apps are ready

        if alert_rows not in EXTRA_ROWS:
            EXTRA_ROWS.append(alert_rows)
