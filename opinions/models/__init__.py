from .api import ApiKey, ApiSubmission
from .base import TimeStampedModel
from .cases import (
    Case,
    Channel,
    PersonalDataAccess,
    Response,
    Signal,
    SignalKind,
    Urgency,
    new_tracking_code,
)
from .reference import Area, Field, FormerArea
from .units import StaffProfile, Unit

__all__ = [
    "ApiKey",
    "ApiSubmission",
    "Area",
    "Case",
    "Channel",
    "Field",
    "FormerArea",
    "PersonalDataAccess",
    "Response",
    "Signal",
    "SignalKind",
    "StaffProfile",
    "TimeStampedModel",
    "Unit",
    "Urgency",
    "new_tracking_code",
]
