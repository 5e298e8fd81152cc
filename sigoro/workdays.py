"""Working days: service-level deadlines skip weekends and the configured holidays."""

import datetime

from sigoro.models import Holiday


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return set(
        Holiday.objects.filter(tanggal__range=(start, end)).values_list("tanggal", flat=True)
    )


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
