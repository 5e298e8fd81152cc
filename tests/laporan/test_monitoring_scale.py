"""The monitoring pages at city size (issue 12, "Scale"): the stored monthly dashboard
figures equal the live count, the pages' query counts do not grow with the data, and the
period they open with.

The data is the June 2026 set of ``test_dashboard_selectors`` (figures worked out by hand
there) plus a delivery of Rp 100.000 to Ampui on 9 June.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laporan.dashboard import selectors, services
from laporan.indeks import services as index_services
from laporan.indeks.selectors import LEVELS, default_period
from laporan.models import DashboardMonth, IndexSnapshot
from laporan.periods import Period
from sigoro.models import Role
from tests.factories import KelurahanFactory, RTFactory, RWFactory
from tests.laporan.factories import event_on, june_2026, problem_on
from tests.laporan.index_data import delivered
from tests.stakeholder.factories import StakeholderFactory

JUNE = Period.month(2026, 6)
TODAY = datetime.date(2026, 7, 1)
DASHBOARD_ROLES = [Role.ADMIN_KECAMATAN, Role.LURAH, Role.KETUA_RT, Role.PEMANTAU_KOTA]


def d(month, day, year=2026):
    return datetime.date(year, month, day)


@pytest.fixture
def june(world):
    june_2026(world)
    home = world.home_rt
    delivered(StakeholderFactory(kecamatan=home.kelurahan.kecamatan), home.kelurahan, d(6, 9))
    return world


def _store_months(months, today=TODAY):
    for month in months:
        for level in services.LEVEL_MODELS:
            services.dashboard_month_store(level=level, month=month, today=today)


def _figures(dashboard):
    """The figures of a dashboard as plain values (totals, each child, each trend month)."""
    fields = selectors.STORED_FIELDS
    return {
        "totals": [getattr(dashboard.totals, name) for name in fields],
        "children": {
            row.area.pk: [getattr(row.figures, name) for name in fields]
            for row in dashboard.children
        },
        "trend": [
            (m.month.key, m.held, m.not_held, m.participants, m.kg, m.reported, m.resolved)
            for m in dashboard.trend
        ],
    }


# -- the stored monthly figures ---------------------------------------------------------------


def test_a_stored_month_holds_the_hand_worked_figures(june):
    """Ampui in June: 1 event held, 1 not held (RT 2), 22 people, 50 kg, 3 problems reported
    (the rejected one left out: 2), 2 resolved in June, 1 of those reported in June
    resolved; Rp 100.000 received, Rp 500.000 swadaya."""
    services.dashboard_month_store(level="kelurahan", month=JUNE, today=TODAY)
    row = DashboardMonth.objects.get(
        level="kelurahan", area_id=june.home_rt.kelurahan_id, month=JUNE.start
    )
    assert (row.held, row.not_held, row.participants, row.kg) == (1, 1, 22, 50)
    assert (row.reported, row.resolved, row.resolved_of_reported) == (2, 2, 1)
    assert (row.support_value, row.swadaya_value) == (100_000, 500_000)


def test_the_running_month_is_not_stored(june):
    assert services.dashboard_month_store(level="kelurahan", month=JUNE, today=d(6, 30)) == 0
    assert not DashboardMonth.objects.exists()


@pytest.mark.parametrize("role", DASHBOARD_ROLES)
@pytest.mark.parametrize("period", [JUNE, Period.quarter(2026, 2)])
def test_the_dashboard_from_stored_months_equals_the_live_count(june, role, period):
    user = june.users[role]
    live = selectors.dashboard_for(user=user, period=period, today=TODAY)
    _store_months(Period(d(7, 1, 2025), TODAY, "year").months())
    stored = selectors.dashboard_for(user=user, period=period, today=TODAY)
    assert _figures(stored) == _figures(live)
    assert stored.totals.held == live.totals.held > 0


def test_a_period_running_into_this_month_adds_the_live_part(june):
    """The second quarter seen on 20 June: April and May stored, June counted live (the
    20 May event stored, the 5 June one live): 2 events held in the home RT."""
    today = d(6, 20)
    user = june.users[Role.KETUA_RT]
    quarter = Period.quarter(2026, 2)
    live = selectors.dashboard_for(user=user, period=quarter, today=today)
    _store_months(Period(d(7, 1, 2025), d(6, 1), "year").months(), today=today)
    stored = selectors.dashboard_for(user=user, period=quarter, today=today)
    assert stored.totals.held == live.totals.held == 2
    assert _figures(stored) == _figures(live)


def test_a_missing_stored_month_falls_back_to_the_live_count(june):
    _store_months([JUNE])  # May and the months before it are not stored
    user = june.users[Role.LURAH]
    quarter = Period.quarter(2026, 2)
    assert (
        selectors.dashboard_for(user=user, period=quarter, today=TODAY).totals.held
        == 2  # 20 May and 5 June in Ampui
    )


def test_a_change_in_a_closed_month_refreshes_its_stored_figures(june):
    _store_months([JUNE])
    event_on(d(6, 25), june.home_rt, warga=3)
    index_services.index_refresh(kelurahan_id=june.home_rt.kelurahan_id, day=d(6, 25), today=TODAY)
    row = DashboardMonth.objects.get(
        level="kelurahan", area_id=june.home_rt.kelurahan_id, month=JUNE.start
    )
    assert row.held == 2


def test_the_index_rebuild_stores_the_dashboard_months_too(june):
    index_services.index_rebuild_all(since=d(5, 1), today=TODAY)
    # May and June, for each of 2 kota, 2 kecamatan, 3 kelurahan and 5 RT.
    assert DashboardMonth.objects.count() == 2 * (2 + 2 + 3 + 5)


# -- query counts that do not grow with the data ----------------------------------------------


def _grow(world, *, kelurahan: int, months: int):
    """Add ``kelurahan`` more kelurahan to the home kecamatan, each with an RT and an event
    held in June 2026, and in the home RT, in each of the last ``months`` months before July
    2026, an event held and a problem resolved."""
    kecamatan = world.home_rt.kelurahan.kecamatan
    for number in range(kelurahan):
        rw = RWFactory(kelurahan=KelurahanFactory(kecamatan=kecamatan, nama=f"Baru {number}"))
        event_on(d(6, 3), RTFactory(rw=rw, nomor=1), warga=4, kg=2)
    month = Period.month(2026, 6)
    for _n in range(months):
        event_on(month.start + datetime.timedelta(days=4), world.home_rt, warga=7, kg=3)
        problem_on(month.start, world.home_rt, resolved_on=month.start + datetime.timedelta(days=2))
        month = month.previous()


def _store_for_june():
    """Store what the pages of June 2026 read: the index of May and June at every level and
    the dashboard months of the twelve-month trend (July 2025 to June 2026)."""
    for month in (Period.month(2026, 5), JUNE):
        for level in LEVELS:
            index_services.index_snapshot_store(level=level, period=month)
    _store_months(Period(d(7, 1, 2025), d(7, 1), "year").months())


def _count(client, url, params):
    cache.clear()  # the computation's queries, not a cached page's (laporan.dashboard.cache)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


PAGES = [
    "laporan:dashboard",
    "laporan:index",
    "laporan:ranking",
    "laporan:plan-vs-actual",
    "laporan:kendala",
]


@pytest.mark.parametrize("role", DASHBOARD_ROLES)
@pytest.mark.parametrize("stored", [False, True], ids=["live", "stored"])
def test_page_query_counts_do_not_grow_with_kelurahan_or_months(
    client, world, role, stored, django_assert_num_queries
):
    """Each page makes as many queries for 1 kelurahan with 2 months of data as for 6
    kelurahan with 24 months, whether the closed months are stored or counted live."""
    client.force_login(world.users[role])
    params = {"periode": "2026-06"}
    _grow(world, kelurahan=0, months=2)
    if stored:
        _store_for_june()
    small = {name: _count(client, reverse(name), params) for name in PAGES}
    _grow(world, kelurahan=5, months=22)  # 24 months in all
    if stored:
        _store_for_june()
    for name in PAGES:
        cache.clear()
        with django_assert_num_queries(small[name]):
            client.get(reverse(name), params)
    # 70 for the computation, plus the cache miss of the database cache backend (versions,
    # entry, and the write of the entry: count, look-up, insert in a savepoint).
    assert max(small.values()) <= 78


def test_the_dashboard_reads_closed_months_in_fewer_queries(client, world):
    """Stored, a closed month's dashboard and index need no aggregation over the records."""
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    _grow(world, kelurahan=1, months=2)
    live = _count(client, reverse("laporan:dashboard"), {"periode": "2026-06"})
    _store_for_june()
    assert IndexSnapshot.objects.exists()
    stored = _count(client, reverse("laporan:dashboard"), {"periode": "2026-06"})
    assert stored < live


# -- the period the pages open with -----------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (d(12, 1), "2026-11"),  # first day: the month just closed
        (d(12, 7), "2026-11"),  # the whole first week
        (d(12, 8), "2026-12"),  # from the 8th: the running month
        (d(12, 31), "2026-12"),
        (d(1, 3, 2027), "2026-12"),  # across the year
    ],
)
def test_the_pages_open_on_the_month_just_closed_in_the_first_week(today, expected):
    assert default_period(today=today).key == expected


def test_the_dashboard_opens_on_the_default_period(client, world):
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("laporan:dashboard")).content.decode()
    assert f'data-testid="period-label">{default_period().label}<' in html
