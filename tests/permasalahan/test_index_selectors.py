"""The problems the SIGORO index's resolution rate counts (``index_problems_due``)."""

import datetime

import pytest

from permasalahan.models import Status
from permasalahan.selectors import index_problems_due
from tests.factories import RTFactory
from tests.laporan.index_data import at, problem_due

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 1)


def test_due_problems_leave_out_rejected_duplicates_and_other_months():
    rt = RTFactory()
    counted = problem_due(rt, datetime.date(2026, 9, 10))
    problem_due(rt, datetime.date(2026, 9, 10), status=Status.DITOLAK)
    problem_due(rt, datetime.date(2026, 9, 10), status=Status.DUPLIKAT)
    problem_due(rt, datetime.date(2026, 10, 10))
    assert list(index_problems_due(start=START, end=END, today=TODAY)) == [counted]


def test_a_deadline_not_yet_passed_does_not_count():
    rt = RTFactory()
    problem_due(rt, datetime.date(2026, 9, 25))
    today = datetime.date(2026, 9, 20)
    assert not index_problems_due(start=START, end=END, today=today).exists()


def test_one_reporter_counts_for_at_most_the_limit_in_a_month():
    """Three problems from one key in September, limit 2: the two earliest count; the same
    key's problem reported in August counts in its own month."""
    rt = RTFactory()
    days = [datetime.date(2026, 9, d) for d in (2, 3, 4)] + [datetime.date(2026, 8, 30)]
    problems = [
        problem_due(rt, datetime.date(2026, 9, 20), reporter_key="kunci-x", reported=at(day))
        for day in days
    ]
    counted = set(index_problems_due(start=START, end=END, today=TODAY, per_reporter=2))
    assert counted == {problems[0], problems[1], problems[3]}
