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
from .reports import (
    ExportLog,
    ImportJob,
    ReportingPeriod,
    ReportReminder,
    UnitReport,
    UnitReportItem,
)
from .rosters import Collaborator, CollaboratorRules, FocalPoint, Training
from .units import StaffProfile, Unit

__all__ = [
    "Collaborator",
    "CollaboratorRules",
    "ExportLog",
    "FocalPoint",
    "ImportJob",
    "ReportingPeriod",
    "ReportReminder",
    "Training",
    "UnitReport",
    "UnitReportItem",
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
