"""Reporting periods: parsing the picker's values, neighbours and the months inside."""

import datetime

import pytest

from laporan.periods import MONTH, QUARTER, YEAR, Period, period_choices

DEFAULT = Period.month(2026, 11)


@pytest.mark.parametrize(
    ("value", "start", "end", "kind"),
    [
        ("2026-11", datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), MONTH),
        ("2026-12", datetime.date(2026, 12, 1), datetime.date(2027, 1, 1), MONTH),
        ("2026-T4", datetime.date(2026, 10, 1), datetime.date(2027, 1, 1), QUARTER),
        ("2026-q1", datetime.date(2026, 1, 1), datetime.date(2026, 4, 1), QUARTER),
        ("2025", datetime.date(2025, 1, 1), datetime.date(2026, 1, 1), YEAR),
    ],
)
def test_parse_names_the_period(value, start, end, kind):
    assert Period.parse(value, default=DEFAULT) == Period(start, end, kind)


@pytest.mark.parametrize(
    "value", [None, "", "2026-13", "2026-00", "2026-T5", "0001-01", "9999", "abc", "2026-11-05"]
)
def test_parse_falls_back_to_the_default(value):
    assert Period.parse(value, default=DEFAULT) is DEFAULT


def test_key_round_trips():
    for period in (Period.month(2026, 1), Period.quarter(2026, 3), Period.year(2024)):
        assert Period.parse(period.key, default=DEFAULT) == period


def test_previous_and_next_cross_the_year():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).next() == Period.year(2027)


def test_months_of_a_quarter_and_a_year():
    assert [m.key for m in Period.quarter(2026, 4).months()] == ["2026-10", "2026-11", "2026-12"]
    assert len(Period.year(2026).months()) == 12


def test_closed_and_last_closed_month():
    today = datetime.date(2026, 12, 1)
    assert Period.last_closed_month(today=today) == Period.month(2026, 11)
    assert Period.month(2026, 11).is_closed(today=today)
    assert not Period.month(2026, 12).is_closed(today=today)


def test_labels_in_indonesian():
    assert Period.month(2026, 2).label == "Februari 2026"


def test_picker_choices():
    choices = period_choices(today=datetime.date(2026, 12, 1), months=24)
    assert choices[MONTH][0].key == "2026-12" and choices[MONTH][-1].key == "2025-01"
    assert [q.key for q in choices[QUARTER][:2]] == ["2026-T4", "2026-T3"]
    assert [y.key for y in choices[YEAR]] == ["2026", "2025"]
