"""The execution-entry services announce a change of the figures (``sigoro.changes``) when
they write, and only then: a check that refuses announces nothing. The listener of
``laporan`` queues a refresh of the stored closed month on commit, one callback per day."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kegiatan import services
from kegiatan.models import HasilKegiatan, KategoriKendala
from sigoro.models import Role
from tests.laporan.factories import event_on, kendala_on

pytestmark = pytest.mark.django_db

JUNE_DAY = datetime.date(2026, 6, 5)  # a closed month: its stored figures follow changes


@pytest.fixture
def june_event(world):
    return event_on(JUNE_DAY, world.home_rt, warga=10, kg=20)


def _refreshes(callbacks) -> list:
    """The index refreshes among the on-commit callbacks (the cached monitoring pages'
    version bump of laporan.dashboard.cache runs on commit too)."""
    return [c for c in callbacks if "index_refresh_requested" in c.__qualname__]


def test_a_result_changed_queues_one_refresh(world, june_event, django_capture_on_commit_callbacks):
    entry = HasilKegiatan.objects.get(pelaksanaan=june_event)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.hasil_update(
            user=world.users[Role.LURAH], entry=entry, indikator=entry.indikator, jumlah=25
        )
    assert len(_refreshes(callbacks)) == 1
    entry.refresh_from_db()
    assert entry.jumlah == Decimal(25)


def test_a_refused_change_queues_nothing(world, june_event, django_capture_on_commit_callbacks):
    """The entry check passes, the quantity 0 is refused: nothing changed, nothing queued."""
    entry = HasilKegiatan.objects.get(pelaksanaan=june_event)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.hasil_update(
            user=world.users[Role.LURAH], entry=entry, indikator=entry.indikator, jumlah=0
        )
    assert callbacks == []


def test_a_kendala_added_and_deleted_queue_a_refresh_each(
    world, june_event, django_capture_on_commit_callbacks
):
    lurah = world.users[Role.LURAH]
    with django_capture_on_commit_callbacks(execute=False) as added:
        row = services.kendala_add(
            user=lurah, plan=june_event.plan, kategori=KategoriKendala.CUACA, uraian="Hujan"
        )
    with django_capture_on_commit_callbacks(execute=False) as deleted:
        services.entry_delete(user=lurah, entry=row)
    assert (len(_refreshes(added)), len(_refreshes(deleted))) == (1, 1)


def test_a_kendala_change_refused_after_the_entry_check_queues_nothing(
    world, june_event, django_capture_on_commit_callbacks
):
    row = kendala_on(june_event, KategoriKendala.CUACA)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.kendala_update(
            user=world.users[Role.LURAH], entry=row, kategori=KategoriKendala.CUACA, uraian=" "
        )
    assert callbacks == []
