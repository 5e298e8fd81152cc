"""The recurrence rules (pure functions): weekly and monthly n-th weekday, across month
and year ends."""

import datetime

import pytest

from kegiatan.recurrence import generation_window, matches, nth_weekday, occurrence_dates

D = datetime.date
FRIDAY, SUNDAY = 4, 6


def test_weekly_fridays_cross_a_month_end_and_a_year_end():
    dates = occurrence_dates(
        pola="mingguan", hari=FRIDAY, start=D(2026, 12, 21), end=D(2027, 1, 20)
    )
    assert dates == [D(2026, 12, 25), D(2027, 1, 1), D(2027, 1, 8), D(2027, 1, 15)]


def test_weekly_includes_the_start_and_end_day_when_they_match():
    dates = occurrence_dates(
        pola="mingguan", hari=FRIDAY, start=D(2026, 11, 27), end=D(2026, 12, 4)
    )
    assert dates == [D(2026, 11, 27), D(2026, 12, 4)]


def test_weekly_over_february_of_a_leap_year():
    dates = occurrence_dates(pola="mingguan", hari=0, start=D(2028, 2, 20), end=D(2028, 3, 7))
    assert dates == [D(2028, 2, 21), D(2028, 2, 28), D(2028, 3, 6)]


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [
        (2026, 11, 1, D(2026, 11, 1)),  # November 2026 starts on a Sunday
        (2026, 11, 2, D(2026, 11, 8)),
        (2026, 11, 4, D(2026, 11, 22)),
        (2026, 11, -1, D(2026, 11, 29)),
        (2027, 2, -1, D(2027, 2, 28)),  # the month ends on its last Sunday
        (2026, 12, -1, D(2026, 12, 27)),
    ],
)
def test_nth_sunday(year, month, n, expected):
    assert nth_weekday(year, month, SUNDAY, n) == expected


def test_second_sunday_of_each_month_across_the_year_end():
    dates = occurrence_dates(
        pola="bulanan", hari=SUNDAY, minggu_ke=2, start=D(2026, 11, 9), end=D(2027, 2, 28)
    )
    # 8 November is before the start; then December, January, February.
    assert dates == [D(2026, 12, 13), D(2027, 1, 10), D(2027, 2, 14)]


def test_last_friday_of_each_month():
    dates = occurrence_dates(
        pola="bulanan", hari=FRIDAY, minggu_ke=-1, start=D(2026, 11, 1), end=D(2027, 1, 31)
    )
    assert dates == [D(2026, 11, 27), D(2026, 12, 25), D(2027, 1, 29)]


def test_monthly_needs_a_week_and_unknown_rules_fail():
    with pytest.raises(ValueError):
        occurrence_dates(pola="bulanan", hari=FRIDAY, start=D(2026, 1, 1), end=D(2026, 2, 1))
    with pytest.raises(ValueError):
        occurrence_dates(pola="harian", hari=FRIDAY, start=D(2026, 1, 1), end=D(2026, 2, 1))


def test_empty_range_gives_nothing():
    assert (
        occurrence_dates(pola="mingguan", hari=FRIDAY, start=D(2026, 2, 1), end=D(2026, 1, 1)) == []
    )


def test_window_starts_today_or_at_the_first_date_and_stops_at_the_last():
    today = D(2026, 11, 24)
    assert generation_window(first_date=D(2026, 1, 1), last_date=None, today=today, weeks=8) == (
        today,
        D(2027, 1, 18),
    )
    assert generation_window(
        first_date=D(2026, 12, 1), last_date=D(2026, 12, 20), today=today, weeks=8
    ) == (D(2026, 12, 1), D(2026, 12, 20))


def test_matches():
    assert matches(D(2026, 11, 27), pola="mingguan", hari=FRIDAY)
    assert not matches(D(2026, 11, 26), pola="mingguan", hari=FRIDAY)
    assert matches(D(2026, 12, 13), pola="bulanan", hari=SUNDAY, minggu_ke=2)
    assert not matches(D(2026, 12, 6), pola="bulanan", hari=SUNDAY, minggu_ke=2)
