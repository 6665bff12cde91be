from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "opinions"
    verbose_name = "Công tác dư luận xã hội"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Listeners connect once the app registry is ready (Django's rule for receivers).
        from opinions.cycle import receivers as cycle_receivers  # noqa: F401
        from opinions.intake import receivers as intake_receivers  # noqa: F401
        from opinions.suggestions import receivers as suggestions_receivers  # noqa: F401
