from django.urls import path

from . import public

app_name = "surveys"

urlpatterns = [
    path("moi/<str:token>/", public.survey_invited, name="invited"),
    path("tiep-tuc/<str:key>/", public.survey_resume, name="resume"),
    path("<str:key>/", public.survey_public, name="respond"),
    path("<str:key>/da-gui/", public.survey_done, name="done"),
]
