"""The intake channels' listeners (connected in OpinionsConfig.ready): messages back to citizens.

- a new signal from Zalo gets its tracking code back on Zalo; a signal whose citizen left only a
  phone number (SMS, hotline, a web form without e-mail) gets it by SMS;
- an approved answer goes to each citizen of the case on Zalo, or by SMS for a phone number only
  (the e-mail side is the cycle's notify_answer).
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from opinions.cycle.notify import tracking_url
from opinions.intake.messaging import message_queued, queue_message
from opinions.intake.tasks import enqueue_message
from opinions.models import Channel, Response, Signal
from opinions.services import signal_recorded


@receiver(message_queued, dispatch_uid="intake_send_queued_message")
def send_queued_message(sender, message, **kwargs):
    transaction.on_commit(lambda: enqueue_message(message.pk))


def route(signal):
    """(channel, address) where this citizen is answered outside e-mail, or None."""
    if signal.reporter_zalo_id:
        return "zalo", signal.reporter_zalo_id
    if signal.reporter_phone and not signal.reporter_email:
        return "sms", signal.reporter_phone
    return None


@receiver(signal_recorded, dispatch_uid="intake_acknowledge_on_channel")
def acknowledge_on_channel(sender, instance, **kwargs):
    target = route(instance)
    if target is None or instance.channel == Channel.EMAIL:
        return
    text = (
        f"Cổng Lắng Nghe đã tiếp nhận ý kiến của anh, chị. Mã tra cứu: {instance.tracking_code}. "
        f"Theo dõi: {tracking_url(instance)}"
    )
    queue_message(*target, text, key=f"ack-{instance.tracking_code}", signal=instance)


@receiver(post_save, sender=Response, dispatch_uid="intake_answer_on_channel")
def answer_on_channel(sender, instance, **kwargs):
    if instance.status != Response.Status.APPROVED:
        return
    for signal in Signal.objects.filter(case_id=instance.case_id):
        target = route(signal)
        if target is None:
            continue
        if target[0] == "zalo":
            text = (
                f"Trả lời ý kiến mã {signal.tracking_code}:\n{instance.text}\n\nXem, đánh giá: {tracking_url(signal)}"
            )
        else:
            text = f"Ý kiến mã {signal.tracking_code} đã có trả lời. Xem tại: {tracking_url(signal)}"
        queue_message(*target, text, key=f"answer-{instance.pk}-{signal.pk}", signal=signal)
