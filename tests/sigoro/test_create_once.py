"""create_once: the one idempotent create (a double submit, the back button and send again,
a retry after a lost answer) makes one row, also when two submits race on the unique key."""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction

from permasalahan.models import Problem
from sigoro.services import create_once
from tests.permasalahan.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def make(calls, key):
    def create():
        calls.append(key)
        return ProblemFactory(idempotency_key=key)

    return create


def test_the_same_key_twice_creates_one_row_and_returns_it_both_times():
    calls = []
    first = create_once(Problem, "k-1", make(calls, "k-1"))
    second = create_once(Problem, "k-1", make(calls, "k-1"))
    assert second.pk == first.pk
    assert Problem.objects.count() == 1
    assert calls == ["k-1"]  # the second submit did not even try to create


def test_without_a_key_every_call_creates_a_row():
    calls = []
    first = create_once(Problem, None, make(calls, None))
    second = create_once(Problem, "", make(calls, None))
    assert first.pk != second.pk
    assert Problem.objects.count() == 2


def test_a_race_on_the_unique_key_returns_the_row_the_other_submit_made():
    """The look-up finds nothing; then the other submit commits its row; this one's insert
    fails on the unique key: the answer is the other submit's row, and nothing else is kept."""
    rival = []

    @contextmanager
    def other_submit_wins_in_between():
        rival.append(ProblemFactory(idempotency_key="k-race"))
        with transaction.atomic():
            yield

    calls = []
    result = create_once(
        Problem, "k-race", make(calls, "k-race"), atomic=other_submit_wins_in_between
    )
    assert calls == ["k-race"]  # this submit did try, and its insert failed
    assert result.pk == rival[0].pk
    assert list(Problem.objects.values_list("pk", flat=True)) == [rival[0].pk]


def test_another_integrity_error_is_not_hidden():
    taken = ProblemFactory(idempotency_key="k-a")

    def create():
        return ProblemFactory(idempotency_key="k-b", kode=taken.kode)  # the code is unique

    with pytest.raises(IntegrityError):
        create_once(Problem, "k-b", create)
    assert Problem.objects.count() == 1
