from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    path("", views.feedback_create, name="feedback_create"),
    path("da-gui/", views.feedback_done, name="feedback_done"),
    path("tuong-tu/", views.feedback_similar, name="feedback_similar"),
    path("tra-cuu/", views.feedback_track, name="feedback_track"),
    path("tra-cuu/danh-gia/", views.feedback_rate, name="feedback_rate"),
    path("tra-cuu/xem-xet-lai/", views.feedback_reopen, name="feedback_reopen"),
    path("da-tra-loi/", views.answered_list, name="answered_list"),
    path("vu-viec/<str:code>/", views.public_case, name="public_case"),
]
