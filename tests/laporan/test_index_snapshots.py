"""Stored closed periods: the snapshot table, the refresh task run by a real database worker,
and the management command."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from laporan.indeks import selectors, services
from laporan.models import IndexSnapshot
from laporan.periods import Period
from tests.factories import KelurahanFactory, RTFactory, RWFactory
from tests.laporan.index_data import held_event, not_held_event

pytestmark = pytest.mark.django_db

SEPTEMBER = Period.month(2026, 9)
DAY = datetime.date(2026, 9, 11)
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def rt():
    return RTFactory(rw=RWFactory(kelurahan=KelurahanFactory()), jumlah_kk=100, jumlah_jiwa=360)


def test_a_stored_period_is_read_back_with_its_numerators(rt, django_assert_num_queries):
    """One held event of two scheduled: Berkelanjutan 50.0, stored with 1 / 2 behind it."""
    held_event(rt, DAY, attendance={rt: 50})
    not_held_event(rt, DAY + datetime.timedelta(days=7))
    stored = services.index_snapshot_store(level="kelurahan", period=SEPTEMBER, today=TODAY)
    assert stored == 1
    snapshot = IndexSnapshot.objects.get(level="kelurahan", area_id=rt.kelurahan_id)
    assert snapshot.berkelanjutan == Decimal("50.0")
    assert (snapshot.raw["scheduled_held"], snapshot.raw["scheduled"]) == (1, 2)
    with django_assert_num_queries(1):
        row = selectors.rows_for_areas(
            level="kelurahan", period=SEPTEMBER, areas=[rt.kelurahan], today=TODAY
        )[0]
    assert row.computed_at is not None
    assert row.dimensions["berkelanjutan"] == Decimal("50.0")


def test_the_current_period_is_not_stored(rt):
    assert (
        services.index_snapshot_store(level="kelurahan", period=Period.month(2026, 11), today=TODAY)
        == 0
    )
    assert not IndexSnapshot.objects.exists()


def test_a_refresh_request_is_run_by_the_database_worker(rt, django_capture_on_commit_callbacks):
    """A change to a closed month: the task, queued on commit in the database backend, is
    picked up by ``db_worker --batch`` and stores that month and its quarter for the
    kelurahan, its RT, its kecamatan and city (the year 2026 has not ended: it stays live)."""
    held_event(rt, DAY, attendance={rt: 50})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.index_refresh_requested(kelurahan_id=rt.kelurahan_id, day=DAY)
    assert len(callbacks) == 1
    assert not IndexSnapshot.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    stored = IndexSnapshot.objects.filter(period_start__lte=DAY)
    assert set(stored.values_list("level", "period_kind")) >= {
        (level, kind)
        for level in ("rt", "kelurahan", "kecamatan", "kota")
        for kind in ("month", "quarter")
    }
    month = stored.get(level="kelurahan", period_kind="month")
    assert (month.area_id, month.period_start, month.berkelanjutan) == (
        rt.kelurahan_id,
        datetime.date(2026, 9, 1),
        Decimal("100.0"),
    )


def test_the_refresh_command_rebuilds_every_closed_period(rt):
    held_event(rt, DAY, attendance={rt: 50})
    call_command("refresh_index", "--since", "2026-09-01", verbosity=0)
    months = IndexSnapshot.objects.filter(level="kelurahan", period_kind="month")
    assert datetime.date(2026, 9, 1) in set(months.values_list("period_start", flat=True))
    assert months.get(period_start=datetime.date(2026, 9, 1)).total is not None
