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


def test_the_refresh_command_rebuilds_every_closed_period(rt):
    held_event(rt, DAY, attendance={rt: 50})
    call_command("refresh_index", "--since", "2026-09-01", verbosity=0)
    months = IndexSnapshot.objects.filter(level="kelurahan", period_kind="month")
    assert datetime.date(2026, 9, 1) in set(months.values_list("period_start", flat=True))
    assert months.get(period_start=datetime.date(2026, 9, 1)).total is not None
