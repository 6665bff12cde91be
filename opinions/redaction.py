"""What the public may read of a case or a signal: its free text with contacts hidden.

Every public surface (case pages, the answered list, similar cases, Open311 JSON/XML, public search,
rebuttals drafted from a case) calls these, so there is one rule: cms.lib.redact.redact with the
reporters' own names of the case added.
"""

from django.db.models import Prefetch

from cms.lib.redact import redact
from opinions.models import Case, Signal


def reporter_prefetch(lookup="signals"):
    """For lists of cases (lookup "signals") or of signals ("case__signals"): the reporters' names in
    one query for the whole list instead of one per row."""
    rows = Signal.objects.exclude(reporter_name="").only("pk", "case_id", "reporter_name")
    return Prefetch(lookup, queryset=rows, to_attr="reporter_rows")


def reporter_names(record):
    """The names of the citizens behind a case (or a signal), read once per object."""
    if isinstance(record, Signal):
        names = [record.reporter_name] if record.reporter_name else []
        return names + (reporter_names(record.case) if record.case_id else [])
    if not isinstance(record, Case) or record.pk is None:
        return []
    if not hasattr(record, "_reporter_names"):
        if hasattr(record, "reporter_rows"):  # prefetched by a list (REPORTER_PREFETCH)
            rows = [signal.reporter_name for signal in record.reporter_rows if signal.reporter_name]
        else:
            rows = Signal.objects.filter(case=record).exclude(reporter_name="").values_list("reporter_name", flat=True)
        record._reporter_names = sorted(set(rows), key=len, reverse=True)
    return record._reporter_names


def public_text(text, record=None):
    """The text as the public may read it: phones, e-mails, ID numbers and the reporters' names hidden."""
    return redact(text, reporter_names(record) if record is not None else ())
