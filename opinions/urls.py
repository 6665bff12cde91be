from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    path("", views.feedback_create, name="feedback_create"),
    path("da-gui/", views.feedback_done, name="feedback_done"),
]
