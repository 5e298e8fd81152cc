"""Reporting periods: a month, a quarter (triwulan) or a year, as the period picker names them.

Every page of stage 5 and 6 takes its period from the ``periode`` query parameter:
``2026-11`` (a month), ``2026-T4`` (a quarter; ``2026-Q4`` is accepted too) or ``2026`` (a
year). A missing or malformed value falls back to a default the page chooses, never an error.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
KINDS = (MONTH, QUARTER, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The earliest and latest years a period may name: keeps a typed URL from building
# dates Python cannot represent, and a picker from offering a century of empty years.
MIN_YEAR = 2000
MAX_YEAR = 2100

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER_RE = re.compile(r"(\d{4})-[TtQq]([1-4])")
_YEAR_RE = re.compile(r"(\d{4})")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: ``start`` is its first day, ``end`` the day after its last."""

    start: datetime.date
    end: datetime.date
    kind: str

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        start = datetime.date(year, month, 1)
        return cls(start, _add_months(start, 1), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
        return cls(start, _add_months(start, 3), QUARTER)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), YEAR)

    @classmethod
    def containing(cls, day: datetime.date, kind: str = MONTH) -> "Period":
        """Return the month (quarter, year) that contains ``day``."""
        if kind == YEAR:
            return cls.year(day.year)
        if kind == QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.month(day.year, day.month)

    @classmethod
    def parse(cls, value, *, default: "Period") -> "Period":
        """Return the period ``value`` names ("2026-11", "2026-T4", "2026"), else ``default``."""
        text = str(value or "").strip()
        try:
            if match := _QUARTER_RE.fullmatch(text):
                period = cls.quarter(int(match[1]), int(match[2]))
            elif match := _MONTH_RE.fullmatch(text):
                period = cls.month(int(match[1]), int(match[2]))
            elif match := _YEAR_RE.fullmatch(text):
                period = cls.year(int(match[1]))
            else:
                return default
        except ValueError:  # month 13, year 0
            return default
        return period if MIN_YEAR <= period.start.year <= MAX_YEAR else default

    @classmethod
    def current(cls, kind: str = MONTH, *, today: datetime.date | None = None) -> "Period":
        """Return the period of this kind that contains today."""
        return cls.containing(today or datetime.date.today(), kind)

    @classmethod
    def last_closed_month(cls, *, today: datetime.date | None = None) -> "Period":
        """Return the last whole month before today's (the one a monthly report covers)."""
        return cls.current(MONTH, today=today).previous()

    @property
    def key(self) -> str:
        """Return the value the ``periode`` parameter uses: "2026-11", "2026-T4", "2026"."""
        if self.kind == YEAR:
            return f"{self.start.year}"
        if self.kind == QUARTER:
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """Return "November 2026", "Triwulan IV 2026" or "Tahun 2026" in the active language."""
        if self.kind == YEAR:
            return _("Year %(year)d") % {"year": self.start.year}
        if self.kind == QUARTER:
            quarter = ROMAN[(self.start.month - 1) // 3 + 1]
            return _("Quarter %(quarter)s %(year)d") % {"quarter": quarter, "year": self.start.year}
        with override("id"):
            return date_format(self.start, "F Y")

    def previous(self) -> "Period":
        """Return the period of the same kind just before this one."""
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        start = _add_months(self.start, -months)
        return Period(start, self.start, self.kind)

    def next(self) -> "Period":
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        return Period(self.end, _add_months(self.end, months), self.kind)

    def months(self) -> list["Period"]:
        """Return the months this period is made of, in order."""
        months, start = [], self.start
        while start < self.end:
            months.append(Period.month(start.year, start.month))
            start = _add_months(start, 1)
        return months

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day < self.end

    def is_closed(self, *, today: datetime.date | None = None) -> bool:
        """Return whether the period has ended (its figures no longer change by the calendar)."""
        return self.end <= (today or datetime.date.today())

    def __str__(self) -> str:
        return self.label


def period_choices(*, today: datetime.date | None = None, months: int = 24) -> dict[str, list]:
    """Return the picker's options: the last ``months`` months, their quarters and years."""
    current = Period.current(MONTH, today=today)
    month_list = [current]
    for _index in range(months - 1):
        month_list.append(month_list[-1].previous())
    quarters = sorted({Period.containing(m.start, QUARTER) for m in month_list}, reverse=True)
    years = sorted({Period.containing(m.start, YEAR) for m in month_list}, reverse=True)
    return {MONTH: month_list, QUARTER: quarters, YEAR: years}
