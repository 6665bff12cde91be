"""Atomic, shared rate limits (the feedback form per address, Open311 per API key).

`hit(key, limit, seconds)` counts first and answers afterwards, in one database statement per hit, so
thirty parallel posts from one address cannot all pass; every web process sees the same counter.
"""

import time

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F

from opinions.models import RateBucket


def _increment(key, window):
    return RateBucket.objects.filter(key=key, window=window).update(count=F("count") + 1)


def hit(key, limit, seconds, attempts=50):
    """Count one request under key in the current window; True while the count stays within limit."""
    for attempt in range(attempts):
        try:
            return _hit(key[:200], limit, int(time.time() // seconds))
        except OperationalError:  # SQLite: "database is locked" past its busy timeout; try again
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    return False


def _hit(key, limit, window):
    with transaction.atomic():
        if not _increment(key, window):
            try:
                with transaction.atomic():
                    RateBucket.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another request created it a moment ago
                _increment(key, window)
            RateBucket.objects.filter(key=key, window__lt=window - 1).delete()
        count = RateBucket.objects.filter(key=key, window=window).values_list("count", flat=True).first()
    return count <= limit
