"""Working days: service-level deadlines and recurring schedules skip weekends and days off.

Days off are Indonesia's public holidays, computed by the `holidays` library (Idul Fitri,
Natal, 17 Agustus, ...; nothing to type in each year), plus the ``Holiday`` rows the office
adds in the admin for what the library does not know: cuti bersama and local days.
"""

import datetime
import functools

import holidays as holiday_calendars

from sigoro.models import Holiday


@functools.cache
def _national_holidays(year: int) -> tuple[tuple[datetime.date, str], ...]:
    return tuple(sorted(holiday_calendars.country_holidays("ID", years=year).items()))


def national_holidays(*, year: int) -> list[tuple[datetime.date, str]]:
    """Return Indonesia's public holidays of ``year`` as (date, Indonesian name), by date."""
    return list(_national_holidays(year))


def public_holiday_name(day: datetime.date) -> str | None:
    """Return the name of the public holiday on ``day``, or None."""
    return dict(_national_holidays(day.year)).get(day)


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Return the days off from ``start`` to ``end`` (both included): public holidays and
    the office's own days (cuti bersama, local days)."""
    national = {
        day
        for year in range(start.year, end.year + 1)
        for day, _name in _national_holidays(year)
        if start <= day <= end
    }
    office = Holiday.objects.filter(tanggal__range=(start, end)).values_list("tanggal", flat=True)
    return national | set(office)


def is_working_day(day: datetime.date, holidays: set[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Return the date ``days`` working days after ``start`` (Friday + 1 = Monday)."""
    # Long enough for any run of holidays (Lebaran's cuti bersama is about a week).
    holidays = holidays_between(start, start + datetime.timedelta(days=days * 3 + 21))
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Return how many working days lie after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, holidays)
    return count
