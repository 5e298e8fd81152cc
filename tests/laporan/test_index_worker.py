"""The SIGORO index refresh run by a real database worker (django-tasks-db's ``db_worker``)
in the test. Transactional: the worker must see committed rows, and on PostgreSQL it closes
the connection it ran on, which a test inside one transaction would not survive."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from kegiatan import services as kegiatan_services
from kegiatan.models import PlanStatus
from laporan.indeks import services
from laporan.models import IndexSnapshot
from permasalahan import services as problem_services
from sigoro.models import Role
from tests.factories import KelurahanFactory, RTFactory, RWFactory
from tests.kegiatan.factories import plan_in
from tests.laporan.index_data import held_event
from tests.permasalahan.factories import VerifiedProblemFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("give_back_migrated_rows"),
]

DAY = datetime.date(2026, 9, 11)
SEPTEMBER_DAY = DAY


@pytest.fixture
def rt():
    return RTFactory(rw=RWFactory(kelurahan=KelurahanFactory()), jumlah_kk=100, jumlah_jiwa=360)


def stored_months(kelurahan_id):
    return set(
        IndexSnapshot.objects.filter(
            level="kelurahan", area_id=kelurahan_id, period_kind="month"
        ).values_list("period_start", flat=True)
    )


def test_a_refresh_request_is_run_by_the_database_worker(rt):
    """A change to a closed month: the task, queued on commit (at once: autocommit) in the
    database backend, is picked up by ``db_worker --batch`` and stores that month and its
    quarter for the kelurahan, its RT, its kecamatan and city (the year 2026 has not ended:
    it stays live)."""
    held_event(rt, DAY, attendance={rt: 50})
    services.index_refresh_requested(kelurahan_id=rt.kelurahan_id, day=DAY)
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


def test_a_problem_resolved_late_refreshes_the_month_of_its_deadline(world):
    """A problem whose follow-up deadline was 11 September (a closed month) is resolved now:
    September's stored figures of its kelurahan are recomputed by the worker."""
    problem = VerifiedProblemFactory(rt=world.home_rt, tenggat_tindak_lanjut=SEPTEMBER_DAY)
    problem_services.problem_resolve(user=world.users[Role.LURAH], problem=problem)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert datetime.date(2026, 9, 1) in stored_months(world.home_rt.kelurahan_id)


def test_a_past_plan_marked_not_held_refreshes_its_month(world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=SEPTEMBER_DAY)
    kegiatan_services.pelaksanaan_not_held(
        user=world.users[Role.LURAH], plan=plan, reason="Hujan deras"
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert datetime.date(2026, 9, 1) in stored_months(world.home_rt.kelurahan_id)


def test_a_burst_of_changes_in_one_month_queues_one_refresh(rt):
    """Three changes in September (on the 2nd, 11th and 30th) and one in August, before any
    worker runs: two refreshes wait in the queue, one per month; once the worker has run
    them, a new change queues again."""
    from django_tasks_db.models import DBTaskResult

    for day in (2, 11, 30):
        services.index_refresh_requested(kelurahan_id=rt.kelurahan_id, day=DAY.replace(day=day))
    services.index_refresh_requested(kelurahan_id=rt.kelurahan_id, day=datetime.date(2026, 8, 5))
    waiting = DBTaskResult.objects.ready()
    assert sorted(r.args_kwargs["kwargs"]["day"] for r in waiting) == ["2026-08-01", "2026-09-01"]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert not DBTaskResult.objects.ready().exists()
    services.index_refresh_requested(kelurahan_id=rt.kelurahan_id, day=DAY)
    assert DBTaskResult.objects.ready().count() == 1
