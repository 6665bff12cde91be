from django.urls import path

from privacy import public

app_name = "privacy"

urlpatterns = [
    path("", public.policy, name="policy"),
    path("yeu-cau/", public.request_form, name="request_form"),
    path("yeu-cau/<str:token>/", public.request_status, name="request_status"),
    path("yeu-cau/<str:token>/ban-sao.<str:fmt>", public.request_copy, name="request_copy"),
]
