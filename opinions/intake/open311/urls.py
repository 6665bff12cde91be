"""/open311/v2/…: the resource, a dot, the format (xml or json)."""

from django.urls import re_path

from opinions.intake.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="service_list"),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, views.service_definition, name="service_definition"),
    re_path(r"^requests" + FMT, views.request_list, name="request_list"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, views.request_detail, name="request_detail"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, views.token_detail, name="token_detail"),
]
