from django.urls import path

from opinions.cycle import public
from opinions.intake import sms, web, zalo

app_name = "opinions"

urlpatterns = [
    path("", web.feedback_create, name="feedback_create"),
    path("da-gui/", web.feedback_done, name="feedback_done"),
    path("ban-do.geojson", web.commune_map, name="commune_map"),
    path("tuong-tu/", web.feedback_similar, name="feedback_similar"),
    path("tra-cuu/", public.feedback_track, name="feedback_track"),
    path("tra-cuu/<str:code>/anh/<int:pk>/", public.feedback_photo, name="feedback_photo"),
    path("tra-cuu/<str:code>/van-ban/<int:pk>/", public.answer_document, name="answer_document"),
    path("tra-cuu/danh-gia/", public.feedback_rate, name="feedback_rate"),
    path("tra-cuu/xem-xet-lai/", public.feedback_reopen, name="feedback_reopen"),
    path("da-tra-loi/", public.answered_list, name="answered_list"),
    path("vu-viec/<str:code>/", public.public_case, name="public_case"),
    # Intake channels' webhooks (docs/channels.md): signed by Zalo and by the SMS gateway.
    path("kenh/zalo/", zalo.webhook, name="zalo_webhook"),
    path("kenh/sms/", sms.webhook, name="sms_webhook"),
]
