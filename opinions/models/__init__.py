from .alerts import Alert
from .analysis import AnalysisModel, Attribute, ConfirmedLabel, SignalAnalysis, Suggestion
from .api import ApiKey, ApiSubmission
from .base import TimeStampedModel
from .cases import (
    Case,
    Channel,
    PersonalDataAccess,
    Rating,
    Response,
    Signal,
    SignalKind,
    Urgency,
    new_tracking_code,
)
from .channels import InboundEmail, MailboxCursor, OutgoingMessage
from .inbox import AnswerTemplate, Notification
from .limits import RateBucket
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
from .sessions import Session, SessionOpinion
from .units import StaffProfile, Unit
from .workflow import Attachment, CaseEvent, DeadlinePolicy, Extension, OutgoingEmail, RoutingRule

__all__ = [
    "AnswerTemplate",
    "Notification",
    "InboundEmail",
    "MailboxCursor",
    "OutgoingMessage",
    "Session",
    "SessionOpinion",
    "Alert",
    "AnalysisModel",
    "Attribute",
    "ConfirmedLabel",
    "SignalAnalysis",
    "Suggestion",
    "ApiKey",
    "ApiSubmission",
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
    "Attachment",
    "CaseEvent",
    "DeadlinePolicy",
    "Extension",
    "OutgoingEmail",
    "Rating",
    "RoutingRule",
    "Case",
    "Channel",
    "Field",
    "FormerArea",
    "PersonalDataAccess",
    "RateBucket",
    "Response",
    "Signal",
    "SignalKind",
    "StaffProfile",
    "TimeStampedModel",
    "Unit",
    "Urgency",
    "new_tracking_code",
]
