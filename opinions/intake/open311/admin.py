"""Back-office screens for Open311 API keys: issue (the key is shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from opinions.models import ApiKey


class ApiKeyCreateView(generic.CreateView):
    def save_instance(self):
        api_key, self.raw_key = ApiKey.issue(
            self.form.cleaned_data["name"],
            created_by=self.request.user,
            collects_consent=self.form.cleaned_data["collects_consent"],
        )
        return api_key

    def save_action(self):
        # No redirect: the key exists only in this response and is never stored or logged.
        return TemplateResponse(
            self.request,
            "opinions/admin/api_key_issued.html",
            {"api_key": self.object, "raw_key": self.raw_key, "index_url": reverse("open311_keys:index")},
        )


class ApiKeyIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_active and self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem("Thu hồi khóa", url=reverse("open311_keys:revoke", args=[instance.pk]), icon_name="cross")
            )
        return buttons


def revoke_view(request, pk):
    """Thu hồi khóa: confirm on GET, revoke on POST; the key's reports stay."""
    if not request.user.has_perm("opinions.change_apikey"):
        raise PermissionDenied
    api_key = get_object_or_404(ApiKey, pk=pk)
    if request.method == "POST":
        api_key.revoke()
        messages.success(request, f"Đã thu hồi khóa {api_key.prefix}… của «{api_key.name}».")
        return redirect("open311_keys:index")
    return TemplateResponse(
        request, "opinions/admin/api_key_revoke.html", {"api_key": api_key, "index_url": reverse("open311_keys:index")}
    )


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = "Khóa API Open311"
    add_to_settings_menu = True
    add_view_class = ApiKeyCreateView
    index_view_class = ApiKeyIndexView
    form_fields = ["name", "collects_consent"]
    list_display = ["name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["collects_consent"]
    inspect_view_fields = [
        "name",
        "prefix",
        "collects_consent",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    search_fields = ["name", "prefix"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("revoke/<int:pk>/", revoke_view, name="revoke")]


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("open311_keys", url_prefix="open311/khoa-api")
