"""A data subject's request, from the public form to its completion (one transaction per step).

The requester proves the link to the data without an account: the tracking code of their signal
plus a one-time code sent to the e-mail or phone on that record. The office acknowledges, may extend
once, refuses only with a legal ground (shown to the requester), or carries the request out.
"""

import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from opinions.cycle.notify import office_emails, queue_email, site_url
from opinions.intake.messaging import queue_message
from opinions.models import Signal
from privacy import clocks, restriction
from privacy.erase import correct_person, erase_person
from privacy.models import ProcessingActivity, RefusalGround, RequestKind, RightsRequest
from privacy.subject import consents_of, find_person, normal_phone

OTP_MINUTES = 15
OTP_MAX_ATTEMPTS = 5


class RequestError(Exception):
    """A step that cannot be taken: the message says why, in Vietnamese."""


def _hash(value):
    return salted_hmac("privacy-request", value).hexdigest()


def mask(contact):
    if "@" in contact:
        local, _, domain = contact.partition("@")
        return f"{local[:1]}•••@{domain}"
    digits = normal_phone(contact)
    return f"•••••••{digits[-3:]}"


def contact_matches(signal, contact):
    contact = (contact or "").strip()
    if "@" in contact:
        return bool(signal.reporter_email) and signal.reporter_email.strip().lower() == contact.lower()
    return bool(signal.reporter_phone) and normal_phone(signal.reporter_phone) == normal_phone(contact) != ""


def status_url(request):
    return site_url(reverse("privacy:request_status", args=[request.token]))


def send_code(request, contact):
    """A new one-time code to the e-mail or phone (which matched the record)."""
    code = f"{secrets.randbelow(10**6):06d}"
    request.otp_hash = _hash(code)
    request.otp_expires_at = timezone.now() + timezone.timedelta(minutes=OTP_MINUTES)
    request.otp_attempts = 0
    request.save(update_fields=["otp_hash", "otp_expires_at", "otp_attempts"])
    text = (
        f"Mã xác minh yêu cầu {request.reference} về dữ liệu cá nhân: {code} (hiệu lực {OTP_MINUTES} phút). "
        "Nếu anh, chị không gửi yêu cầu này, xin bỏ qua."
    )
    if "@" in contact:
        queue_email([contact], f"Mã xác minh yêu cầu {request.reference}", f"{text}\n\n{status_url(request)}")
    else:  # the SMS channel's outbox; the code's hash makes each new code one message, a retry none
        key = f"privacy:{request.reference}:otp:{request.otp_hash[:16]}"
        queue_message("sms", contact, text, key=key, signal=request.subject())


@transaction.atomic
def start_request(*, kind, tracking_code, contact, details=""):
    """The request in "waiting for the code" state, the code sent; RequestError when the tracking
    code and the contact do not match a record (the same message either way)."""
    signal = Signal.objects.filter(tracking_code=(tracking_code or "").strip().upper()).first()
    if signal is None or not contact_matches(signal, contact):
        raise RequestError(
            "Mã tra cứu và thư điện tử, số điện thoại không khớp với hồ sơ. Xin kiểm tra lại: "
            "thông tin liên hệ phải đúng như khi anh, chị gửi ý kiến."
        )
    request = RightsRequest.objects.create(
        kind=kind,
        tracking_code=signal.tracking_code,
        subject_type=ContentType.objects.get_for_model(Signal),
        subject_id=signal.pk,
        contact_hint=mask(contact),
        contact_hash=hashlib.sha256(contact.strip().lower().encode()).hexdigest(),
        details=details,
    )
    send_code(request, contact.strip())
    return request


def verify(request, code, today=None):
    """Check the one-time code; the first success starts the legal clocks. A wrong code is counted
    (committed before the error is raised)."""
    with transaction.atomic():
        request = RightsRequest.objects.select_for_update().get(pk=request.pk)
        problem = _code_problem(request, code)
        if problem == "Mã xác minh không đúng.":
            request.otp_attempts += 1
            request.save(update_fields=["otp_attempts"])
        elif not problem:
            request.otp_hash, request.otp_expires_at = "", None
            if request.status == RightsRequest.Status.UNVERIFIED:
                received(request, today or timezone.localdate())
            request.save()
    if problem:
        raise RequestError(problem)
    return request


def _code_problem(request, code):
    if request.otp_attempts >= OTP_MAX_ATTEMPTS or not request.otp_expires_at:
        return "Mã xác minh đã hết lượt nhập. Xin gửi lại mã mới."
    if timezone.now() > request.otp_expires_at:
        return "Mã xác minh đã hết hạn. Xin gửi lại mã mới."
    if not constant_time_compare(_hash((code or "").strip()), request.otp_hash):
        return "Mã xác minh không đúng."
    return ""


def received(request, today):
    request.status = RightsRequest.Status.RECEIVED
    request.received_on = today
    request.ack_due = clocks.ack_due(today)
    request.due = request.original_due = clocks.completion_due(request.kind, today)
    request.add_history("Đã xác minh mã; yêu cầu được tiếp nhận.")
    queue_email(
        office_emails(),
        f"Yêu cầu về dữ liệu cá nhân {request.reference}: {request.get_kind_display()}",
        f"Hạn xác nhận: {request.ack_due:%d/%m/%Y}. Hạn giải quyết: {request.due:%d/%m/%Y}.\n\n"
        + site_url(reverse("privacy_admin:request_detail", args=[request.pk])),
    )


def notify_requester(request, subject, body, event):
    """E-mail or SMS to the contact on the record (while it is still held); once per request and event."""
    signal = request.subject()
    if signal is None:
        return
    text = f"{body}\n\nTheo dõi yêu cầu: {status_url(request)}"
    if getattr(signal, "reporter_email", ""):
        queue_email([signal.reporter_email], subject, text)
    elif getattr(signal, "reporter_phone", ""):
        queue_message(
            "sms",
            signal.reporter_phone,
            f"{subject}. {status_url(request)}",
            key=f"privacy:{request.reference}:{event}",
            signal=signal if isinstance(signal, Signal) else None,
        )


def _open(request, *statuses):
    if request.status not in (statuses or RightsRequest.OPEN):
        raise RequestError("Yêu cầu không ở trạng thái cho phép thao tác này.")


@transaction.atomic
def acknowledge(request, user):
    _open(request, RightsRequest.Status.RECEIVED)
    request.status, request.acknowledged_at, request.handled_by = (
        RightsRequest.Status.ACKNOWLEDGED,
        timezone.now(),
        user,
    )
    request.add_history("Đã xác nhận tiếp nhận yêu cầu.", user)
    request.save()
    notify_requester(
        request,
        f"Đã tiếp nhận yêu cầu {request.reference}",
        f"Yêu cầu «{request.get_kind_display()}» được giải quyết trước ngày {request.due:%d/%m/%Y}.",
        "acknowledged",
    )


@transaction.atomic
def extend(request, user, days, reason):
    _open(request)
    if request.is_extended:
        raise RequestError("Yêu cầu đã được gia hạn một lần; không được gia hạn thêm.")
    if not (reason or "").strip():
        raise RequestError("Xin ghi lý do gia hạn.")
    try:
        request.due = clocks.extended_due(request.kind, request.due, days)
    except ValueError as error:
        raise RequestError(str(error)) from error
    request.extension_reason = reason.strip()[:500]
    request.add_history(f"Gia hạn {days} ngày đến {request.due:%d/%m/%Y}: {reason}", user)
    request.save()
    notify_requester(
        request,
        f"Gia hạn yêu cầu {request.reference}",
        f"Hạn mới: {request.due:%d/%m/%Y}. Lý do: {reason}",
        "extended",
    )


@transaction.atomic
def refuse(request, user, ground, note=""):
    """Refusal needs a legal ground; the requester reads the ground and the explanation."""
    _open(request)
    if ground not in RefusalGround.values:
        raise RequestError("Từ chối phải nêu căn cứ pháp lý.")
    request.status, request.refusal_ground = RightsRequest.Status.REFUSED, ground
    request.outcome = f"Căn cứ: {RefusalGround(ground).label}. {note}".strip()
    request.completed_at, request.handled_by = timezone.now(), user
    request.add_history(f"Từ chối: {request.outcome}", user)
    request.save()
    notify_requester(request, f"Kết quả yêu cầu {request.reference}", request.outcome, "refused")


@transaction.atomic
def approve(request, user):
    """Deletion is carried out only after the office approves it (the command checks this too)."""
    _open(request, RightsRequest.Status.RECEIVED, RightsRequest.Status.ACKNOWLEDGED)
    if request.kind != RequestKind.DELETE:
        raise RequestError("Chỉ yêu cầu xóa dữ liệu cần duyệt trước khi thực hiện.")
    request.status, request.handled_by = RightsRequest.Status.APPROVED, user
    request.add_history("Đã duyệt xóa dữ liệu.", user)
    request.save()


def inform_text():
    lines = ["Các hoạt động xử lý dữ liệu cá nhân của cơ quan:"]
    for a in ProcessingActivity.objects.filter(is_active=True):
        lines.append(f"- {a.name}: {a.purpose} Căn cứ: {a.get_legal_basis_display()}. Lưu trữ: {a.retention}.")
    return "\n".join(lines)


def _person(request):
    return find_person(code=request.tracking_code)


def _mark_consents(person, field, now):
    for record in consents_of(person):
        setattr(record, field, getattr(record, field) or now)
        record.save(update_fields=[field])


def carry_out(request, user, *, old="", new=""):
    """Do what was asked, close the request and tell the requester."""
    _open(request)
    if request.kind == RequestKind.DELETE and request.status != RightsRequest.Status.APPROVED:
        raise RequestError("Yêu cầu xóa phải được duyệt trước khi thực hiện.")
    if request.kind == RequestKind.CORRECT and not (old.strip() and new.strip()):
        raise RequestError("Xin ghi giá trị cũ và giá trị đúng cần sửa.")
    person, now = _person(request), timezone.now()
    outcome = _effect(request, person, now, old.strip(), new.strip())
    request.refresh_from_db()  # the sweep may have rewritten its text
    with transaction.atomic():
        request.status, request.completed_at, request.handled_by = RightsRequest.Status.DONE, now, user
        request.outcome = outcome
        request.add_history(f"Đã thực hiện: {outcome}", user)
        request.save()
    notify_requester(request, f"Kết quả yêu cầu {request.reference}", outcome, "done")
    return request


def _effect(request, person, now, old, new):
    kind = request.kind
    if kind == RequestKind.INFORM:
        return inform_text()
    if kind == RequestKind.ACCESS:
        return "Bản sao dữ liệu (JSON và DOCX) đã sẵn sàng để tải về trên trang theo dõi yêu cầu."
    if kind == RequestKind.CORRECT:
        tables = correct_person(person, old=old, new=new)
        return f"Đã sửa dữ liệu ở {len(tables)} bảng."
    if kind in (RequestKind.DELETE, RequestKind.WITHDRAW):
        if kind == RequestKind.WITHDRAW:
            _mark_consents(person, "withdrawn_at", now)
        erase_person(person, note=f"Theo yêu cầu {request.reference}")
        return "Đã xóa họ tên, thông tin liên hệ và tệp đính kèm; nội dung ý kiến được giữ ở dạng ẩn danh."
    count = restriction.restrict(request, person, now)
    return (
        f"Đã {request.get_kind_display().lower()} đối với {count} bản ghi: dữ liệu của anh, chị chỉ được lưu giữ; "
        "không phân tích, không đưa vào danh sách, khảo sát; thông tin liên hệ chỉ bộ phận phụ trách xem được."
    )


def downloads_allowed(request):
    return request.kind == RequestKind.ACCESS and request.status == RightsRequest.Status.DONE
