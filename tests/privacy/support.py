"""Helpers of the privacy tests: the public request flow as a citizen drives it."""

import re

from opinions.models import OutgoingEmail, OutgoingMessage
from privacy.models import RightsRequest
from privacy.subject import normal_phone


def last_code(contact):
    if "@" in contact:
        mail = OutgoingEmail.objects.filter(to__icontains=contact, subject__startswith="Mã xác minh").latest("pk")
        return re.search(r"\b(\d{6})\b", mail.body).group(1)
    sms = [
        m
        for m in OutgoingMessage.objects.filter(channel="sms").order_by("-pk")
        if normal_phone(m.to) == normal_phone(contact)
    ]
    assert sms, f"no SMS in the outbox for {contact}"
    return re.search(r"\b(\d{6})\b", sms[0].text).group(1)


def ask(client, signal, kind, contact, details=""):
    """Fill in the public form and enter the one-time code: the request, verified."""
    response = client.post(
        "/du-lieu-ca-nhan/yeu-cau/",
        {"kind": kind, "tracking_code": signal.tracking_code.lower(), "contact": contact, "details": details},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = RightsRequest.objects.latest("pk")
    assert item.status == RightsRequest.Status.UNVERIFIED
    response = client.post(response["Location"], {"code": last_code(contact)})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RightsRequest.Status.RECEIVED
    return item


def office_action(client, item, action, **data):
    response = client.post(f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/{action}/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    return item
