"""Hạn xử lý: deadline arithmetic in working days on Vietnam's public-holiday calendar.

A working day is Monday to Friday and not a public holiday of Vietnam (the `holidays` library:
Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, with the days off in lieu
and the Saturdays worked in exchange for a bridge day off, e.g. Sat 22/8/2026 for Mon 31/8/2026).
Plain Python, no Django imports.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year):
    return holidays.country_holidays("VN", years=year)


def is_working_day(day):
    """Mon–Fri that is not a holiday, or a Saturday made a working day in exchange for a bridge day off."""
    return _holidays_of(day.year).is_working_day(day)


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself is not counted).

    A case received on Friday with 1 working day is due on Monday; received the day before Tết, it
    is due on the first working day after the Tết break.
    """
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start, end):
    """Working days in (start, end]: how far `end` is after `start` in working days (0 if not after)."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_days(start, days, working=True):
    """Working or calendar days, as the policy of the kind says."""
    if working:
        return add_working_days(start, days)
    return start + datetime.timedelta(days=days)
