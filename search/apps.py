from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models can be imported only once the app registry is ready (Django's AppConfig.ready).
        from wagtail.models import Page

        # Same reason for the project's models.
        from opinions.models import Case, Response, Signal

        # The handlers import models: same reason.
        from . import handlers

        post_save.connect(handlers.signal_changed, sender=Signal, dispatch_uid="search_signal_saved")
        post_delete.connect(handlers.signal_changed, sender=Signal, dispatch_uid="search_signal_deleted")
        post_save.connect(handlers.case_changed, sender=Case, dispatch_uid="search_case_saved")
        pre_delete.connect(handlers.case_changed, sender=Case, dispatch_uid="search_case_deleting")
        post_delete.connect(handlers.case_deleted, sender=Case, dispatch_uid="search_case_deleted")
        post_save.connect(handlers.response_changed, sender=Response, dispatch_uid="search_response_saved")
        post_delete.connect(handlers.response_changed, sender=Response, dispatch_uid="search_response_deleted")
        page_published.connect(handlers.page_changed, dispatch_uid="search_page_published")
        page_unpublished.connect(handlers.page_changed, dispatch_uid="search_page_unpublished")
        post_delete.connect(handlers.page_changed, sender=Page, dispatch_uid="search_page_deleted")
