"""Hạn chế xử lý: records whose data subject asked to restrict or objected to processing
(Luật 91/2025/QH15 Art. 4, NĐ 356/2025). Once carried out, such a record is only stored: no analysis
or suggestions, no roster exports or mailings, contacts shown to the office only, and a visible
mark on the case. Lifting it (logged by the privacy app) makes the record ordinary again.

The domain does not know who asked: the app that keeps the requests (privacy) registers a provider
in PROVIDERS, a function model -> queryset of the restricted primary keys of that model (a subquery,
so a filter stays one query). Without a provider nothing is restricted.
"""

from django.db.models import Q

PROVIDERS = []
MARK = "Hạn chế xử lý"


def restricted_q(model, field="pk"):
    """A Q that holds for the rows of `model` (through `field`, a key to it) that are restricted."""
    condition = Q(pk__in=[])
    for provider in PROVIDERS:
        condition |= Q(**{f"{field}__in": provider(model)})
    return condition


def exclude_restricted(queryset, field="pk", model=None):
    """The queryset without restricted rows (`field` a key to `model`, the queryset's model by default)."""
    if not PROVIDERS:
        return queryset
    return queryset.exclude(restricted_q(model or queryset.model, field))


def is_restricted(obj):
    if not PROVIDERS or obj is None or obj.pk is None:
        return False
    return type(obj)._default_manager.filter(restricted_q(type(obj)), pk=obj.pk).exists()


def restricted_pks(model, pks):
    """The subset of `pks` that is restricted (one query), for a list screen."""
    if not PROVIDERS or not pks:
        return set()
    return set(model._default_manager.filter(restricted_q(model), pk__in=list(pks)).values_list("pk", flat=True))
