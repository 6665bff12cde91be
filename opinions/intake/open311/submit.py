"""Open311 POST requests: validate the specification's fields and register the signal once."""

import datetime
import hashlib
import time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from cms.lib.text import nfc
from opinions import geo
from opinions.intake.open311.render import ApiError
from opinions.models import ApiSubmission, Area, Channel, Field, SignalKind
from opinions.services import create_signal, has_contact

DESCRIPTION_MAX = 4000  # the specification's limit
IDEMPOTENCY_KEY_MAX = 255
# A POST identical to one received this recently from the same key is a retry, not a new report.
DEDUPE_WINDOW_SECONDS = 600
TRUE_VALUES = {"1", "true", "yes", "on"}
# Fields change a few times a year: each process keeps the code → field map for a minute.
FIELD_CACHE_SECONDS = 60
_field_cache = {"at": -FIELD_CACHE_SECONDS, "fields": {}}


def field_by_code(code):
    now = time.monotonic()
    if now - _field_cache["at"] > FIELD_CACHE_SECONDS:
        _field_cache["fields"] = {f.code: f for f in Field.objects.only("pk", "code", "name")}
        _field_cache["at"] = now
    return _field_cache["fields"].get(code)


def _param(data, name):
    """An optional argument passed empty behaves as if absent (specification)."""
    return nfc(data.get(name, "") or "")


def _coordinate(value, name, low, high, errors):
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        errors.append(f"{name} phải là số thập phân (WGS84), ví dụ 11.9404.")
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.append(f"{name} phải nằm trong khoảng {low} đến {high}.")
        return None
    return number.quantize(Decimal("0.000001"))


def area_named_in(text):
    """The commune whose full name appears in a free-text address (longest name wins), or None."""
    wanted = text.casefold()
    best = None
    for pk, name in Area.objects.communes().values_list("pk", "name"):
        if name.casefold() in wanted and (best is None or len(name) > len(best[1])):
            best = (pk, name)
    return best[0] if best else None


def clean_request(data):
    """The POST parameters, checked. Raises ApiError (404 unknown service, 400 with every problem)."""
    code = _param(data, "service_code")
    if not code:
        raise ApiError(400, "Thiếu service_code (mã lĩnh vực); xem danh sách tại services.json.")
    field = field_by_code(code)
    if field is None:
        raise ApiError(404, f"Không có lĩnh vực (service_code) '{code}'; xem danh sách tại services.json.")
    errors = []
    cleaned = {"field": field, "area_id": None, "latitude": None, "longitude": None}
    _clean_location(data, cleaned, errors)
    _clean_text_and_contact(data, cleaned, errors)
    cleaned["allow_public"] = _param(data, "allow_public").lower() in TRUE_VALUES
    if errors:
        raise ApiError(400, *errors)
    return cleaned


def _clean_location(data, cleaned, errors):
    """lat/long (placed in their commune), address_id, address_string: sets latitude, longitude,
    area_id and address in `cleaned`, appends the problems to `errors`."""
    lat, long = _param(data, "lat"), _param(data, "long")
    address_string, address_id = _param(data, "address_string"), _param(data, "address_id")
    if not (lat or long or address_string or address_id):
        errors.append("Thiếu vị trí: cần lat và long, hoặc address_string, hoặc address_id (mã xã, phường, đặc khu).")
    if lat or long:
        if not (lat and long):
            errors.append("lat và long phải được gửi cùng nhau.")
        else:
            cleaned["latitude"] = _coordinate(lat, "lat", -90, 90, errors)
            cleaned["longitude"] = _coordinate(long, "long", -180, 180, errors)
            if cleaned["latitude"] is not None and cleaned["longitude"] is not None:
                try:
                    cleaned["area_id"] = geo.locate_area_id(cleaned["latitude"], cleaned["longitude"])
                except geo.OutsideProvince:
                    errors.append("Vị trí (lat, long) nằm ngoài địa bàn tỉnh Lâm Đồng.")
    if address_id:
        area_id = Area.objects.communes().filter(code=address_id).values_list("pk", flat=True)
        area_id = area_id.first()
        if area_id is None:
            errors.append(f"address_id '{address_id}' không phải mã xã, phường, đặc khu của tỉnh Lâm Đồng.")
        else:
            cleaned["area_id"] = area_id
    if len(address_string) > 255:
        errors.append("address_string quá dài: tối đa 255 ký tự.")
    elif address_string and cleaned["area_id"] is None:
        cleaned["area_id"] = area_named_in(address_string)
    cleaned["address"] = address_string[:255]


def _clean_text_and_contact(data, cleaned, errors):
    """description, email, phone, first/last name, media_url: set in `cleaned`, problems in `errors`."""
    description = _param(data, "description")
    if len(description) > DESCRIPTION_MAX:
        errors.append(f"description quá dài: tối đa {DESCRIPTION_MAX} ký tự.")
    cleaned["description"] = description
    email = _param(data, "email")
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors.append("email không hợp lệ.")
    cleaned["email"] = email
    phone = _param(data, "phone")
    if len(phone) > 30:
        errors.append("phone quá dài: tối đa 30 ký tự.")
    cleaned["phone"] = phone
    name = " ".join(part for part in (_param(data, "first_name"), _param(data, "last_name")) if part)
    if len(name) > 200:
        errors.append("first_name và last_name quá dài: tối đa 200 ký tự.")
    cleaned["name"] = name
    media_url = _param(data, "media_url")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.append("media_url phải là một đường dẫn http(s) hợp lệ.")
        if len(media_url) > 1000:
            errors.append("media_url quá dài: tối đa 1000 ký tự.")
    cleaned["media_url"] = media_url


def _digest(*parts):
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def fingerprint(api_key, cleaned):
    return _digest(
        api_key.pk,
        cleaned["field"].code,
        " ".join(cleaned["description"].split()),
        cleaned["latitude"],
        cleaned["longitude"],
        cleaned["email"].lower(),
    )


def submit_request(api_key, cleaned, idempotency_key=""):
    """Tiếp nhận qua Open311: one signal per report, whatever the retries.

    A retry is recognised by the client's Idempotency-Key (for ever, per API key) or, without one, by
    the same key, service, description, point and e-mail within DEDUPE_WINDOW_SECONDS. Concurrent
    retries meet at Signal.submission_key's unique constraint (create_signal handles the race).
    Returns (signal, submission, created, contact_dropped).
    """
    now = timezone.now()
    fp = fingerprint(api_key, cleaned)
    if idempotency_key:
        submission_key = "o311-" + _digest(api_key.pk, "idempotency", idempotency_key)[:59]
    else:
        bucket = int(now.timestamp()) // DEDUPE_WINDOW_SECONDS
        submission_key = "o311-" + _digest(fp, bucket)[:59]
    contact = has_contact(
        {"reporter_name": cleaned["name"], "reporter_phone": cleaned["phone"], "reporter_email": cleaned["email"]}
    )
    consent = contact and api_key.collects_consent
    with transaction.atomic():
        earlier = list(
            ApiSubmission.objects.filter(
                fingerprint=fp, created_at__gte=now - datetime.timedelta(seconds=DEDUPE_WINDOW_SECONDS)
            ).values_list("signal_id", flat=True)[:1]
        )
        if earlier:
            submission = ApiSubmission.objects.select_related("signal").get(pk=earlier[0])
            return submission.signal, submission, False, contact and not consent
        field = cleaned["field"]
        signal, created = create_signal(
            channel=Channel.OPEN311,
            kind=SignalKind.REPORT,
            text=cleaned["description"] or f"Phản ánh về lĩnh vực {field.name} (không kèm mô tả).",
            submission_key=submission_key,
            field=field,
            area_id=cleaned["area_id"],
            address=cleaned["address"],
            latitude=cleaned["latitude"],
            longitude=cleaned["longitude"],
            reporter_name=cleaned["name"][:200],
            reporter_phone=cleaned["phone"],
            reporter_email=cleaned["email"],
            consent_personal_data=consent,
            consent_at=now if consent else None,
            allow_public=cleaned["allow_public"],
        )
        if created:
            submission = ApiSubmission.objects.create(
                signal=signal, api_key=api_key, media_url=cleaned["media_url"], fingerprint=fp, created_at=now
            )
        else:
            submission = ApiSubmission.objects.filter(signal=signal).first()
    return signal, submission, created, contact and not consent


@receiver([post_save, post_delete], sender=Field)
@receiver([post_save, post_delete], sender=Area)
def forget_cached_reference_data(**kwargs):
    """A field or commune changed in this process: reload the field map and the boundaries."""
    _field_cache["at"] = -FIELD_CACHE_SECONDS
    geo.reset_commune_index()
