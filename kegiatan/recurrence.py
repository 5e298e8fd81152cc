"""Dates of a recurring gotong royong: pure functions, no database.

Two rules cover what kelurahan actually run: every week on a weekday (Jumat Bersih every
Friday) and every month on the n-th weekday (the second Sunday; 1..4, or -1 for the last).
"""

import calendar
import datetime

WEEKLY = "mingguan"
MONTHLY = "bulanan"


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date | None:
    """Return the ``n``-th ``weekday`` (Monday = 0) of a month; ``n = -1`` is the last one.

    None when the month has no such day (there is never a fifth-week rule, so only for n > 5).
    """
    days_in_month = calendar.monthrange(year, month)[1]
    if n == -1:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def occurrence_dates(
    *,
    pola: str,
    hari: int,
    start: datetime.date,
    end: datetime.date,
    minggu_ke: int | None = None,
) -> list[datetime.date]:
    """Return every date from ``start`` to ``end`` (both included) that the rule gives."""
    if end < start:
        return []
    if pola == WEEKLY:
        first = start + datetime.timedelta(days=(hari - start.weekday()) % 7)
        count = (end - first).days // 7 + 1 if first <= end else 0
        return [first + datetime.timedelta(weeks=i) for i in range(count)]
    if pola == MONTHLY:
        if minggu_ke is None:
            raise ValueError("A monthly rule needs the week of the month.")
        dates = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            day = nth_weekday(year, month, hari, minggu_ke)
            if day is not None and start <= day <= end:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    raise ValueError(f"Unknown recurrence {pola!r}")


def generation_window(
    *,
    first_date: datetime.date,
    last_date: datetime.date | None,
    today: datetime.date,
    weeks: int,
) -> tuple[datetime.date, datetime.date]:
    """Return (start, end) of the dates to keep ready: from today (or the series' first
    date, if later) for ``weeks`` weeks, never past the series' last date."""
    start = max(first_date, today)
    end = start + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    if last_date is not None:
        end = min(end, last_date)
    return start, end


def matches(day: datetime.date, *, pola: str, hari: int, minggu_ke: int | None = None) -> bool:
    """Return whether ``day`` is one of the rule's dates."""
    return occurrence_dates(pola=pola, hari=hari, minggu_ke=minggu_ke, start=day, end=day) == [day]
