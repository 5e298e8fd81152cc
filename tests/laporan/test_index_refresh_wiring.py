"""The stored index follows the records: the services of stages 1-4 announce a change
through ``sigoro.changes.area_data_changed``; laporan's listener queues the refresh of the
closed periods concerned, and a real database worker stores them."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from laporan.indeks.services import index_refresh_requested
from laporan.models import IndexSnapshot
from permasalahan import services as problem_services
from sigoro.changes import AREA_DATA_LISTENERS
from sigoro.models import Role
from tests.permasalahan.factories import VerifiedProblemFactory

pytestmark = pytest.mark.django_db

SEPTEMBER_DAY = datetime.date(2026, 9, 11)


def stored_months(kelurahan_id):
    return set(
        IndexSnapshot.objects.filter(
            level="kelurahan", area_id=kelurahan_id, period_kind="month"
        ).values_list("period_start", flat=True)
    )


def test_laporan_listens_to_area_changes():
    assert index_refresh_requested in AREA_DATA_LISTENERS


def test_a_change_in_the_current_month_queues_nothing(world, django_capture_on_commit_callbacks):
    """Today's month is computed live: nothing to store."""
    problem = VerifiedProblemFactory(rt=world.home_rt)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        problem_services.problem_resolve(user=world.users[Role.LURAH], problem=problem)
    # Other work follows the commit (the tracking page's cache is dropped, the cached pages'
    # data version moves: laporan.dashboard.cache); no index refresh, no task queued.
    assert [c for c in callbacks if c.__module__ == "laporan.indeks.services"] == []
    assert not DBTaskResult.objects.exists()
