"""What each role's dashboard counts, worked out by hand on data in two kecamatan.

June 2026, the figures built by ``june``:

* home RT (RT 1 / RW 1 / Ampui): an event held on 5 June, 20 residents + 2 RT/RW officials,
  50 kg of waste and 10 m of drain cleared; problems reported 2 June (resolved 20 June),
  3 June (still open), 4 June (rejected), and one reported 10 May resolved 15 June;
  swadaya Rp 500.000 on 10 June; an event held 20 May with 5 residents (May only).
* sibling RT (RT 2 / RW 1 / Ampui): an event on 12 June that was not held.
* other kelurahan (Ketapang, same kecamatan): an event held 7 June, 40 residents, 100 kg;
  a problem reported 2 June and resolved 3 June; swadaya Rp 250.000.
* other kecamatan: an event held 8 June, 99 residents, 999 kg; swadaya Rp 1.000.000.
"""

import datetime

import pytest

from laporan.dashboard import selectors
from laporan.periods import Period
from sigoro.models import Role
from tests.laporan.factories import event_on, june_2026, problem_on, swadaya_on

JUNE = Period.month(2026, 6)
TODAY = datetime.date(2026, 7, 1)


def d(month, day):
    return datetime.date(2026, month, day)


@pytest.fixture
def june(world):
    return june_2026(world)


def _dashboard(world, role):
    return selectors.dashboard_for(user=world.users[role], period=JUNE, today=TODAY)


@pytest.mark.parametrize("role", [Role.CAMAT, Role.ADMIN_KECAMATAN])
def test_kecamatan_dashboard_counts_its_kelurahan_and_compares_them(june, role):
    """Held: Ampui 1 + Ketapang 1 (not the other kecamatan's); participants 22 + 40;
    kg 50 + 100; resolved in June: 2 in Ampui + 1 in Ketapang; reported in June, rejected
    left out: 2 in Ampui + 1 in Ketapang, 2 of them resolved: 66.7%."""
    board = _dashboard(june, role)
    t = board.totals
    assert (t.held, t.not_held, t.participants, t.kg) == (2, 1, 62, 150)
    assert (t.resolved, t.reported, t.resolved_of_reported) == (3, 3, 2)
    assert t.resolution_rate == 66.7
    assert t.swadaya_value == 750_000
    assert [(r.nama, r.satuan, r.jumlah) for r in t.other_results] == [
        ("Drainase dibersihkan", "m", 10)
    ]
    assert board.child_level == "kelurahan"
    by_name = {row.area.nama: row.figures for row in board.children}
    assert set(by_name) == {"Ampui", "Ketapang"}
    ampui, ketapang = by_name["Ampui"], by_name["Ketapang"]
    assert (ampui.held, ampui.not_held, ampui.participants, ampui.kg) == (1, 1, 22, 50)
    assert (ampui.resolved, ampui.resolution_rate, ampui.swadaya_value) == (2, 50.0, 500_000)
    assert (ketapang.held, ketapang.participants, ketapang.kg) == (1, 40, 100)
    assert (ketapang.resolution_rate, ketapang.swadaya_value) == (100.0, 250_000)


def test_lurah_dashboard_never_counts_another_kelurahan(june):
    """Only Ampui: held 1 (5 June), not held 1 (12 June), 22 participants, 50 kg, resolved
    2 (20 and 15 June), 1 of the 2 problems reported in June resolved: 50%."""
    board = _dashboard(june, Role.LURAH)
    t = board.totals
    assert (t.held, t.not_held, t.participants, t.kg) == (1, 1, 22, 50)
    assert (t.resolved, t.resolution_rate, t.swadaya_value) == (2, 50.0, 500_000)
    assert board.child_level == "rt"
    by_rt = {row.area.pk: row.figures for row in board.children}
    assert {rt.kelurahan_id for rt in (row.area for row in board.children)} == {
        june.home_rt.kelurahan_id
    }
    home = by_rt[june.home_rt.pk]
    sibling = by_rt[june.foreign_rt[Role.KETUA_RT].pk]
    assert (home.held, home.not_held, home.participants, home.resolved) == (1, 0, 22, 2)
    assert (sibling.held, sibling.not_held, sibling.participants) == (0, 1, 0)


def test_rw_dashboard_counts_its_rt_and_rt_dashboard_only_its_own(june):
    rw = _dashboard(june, Role.KETUA_RW).totals
    assert (rw.held, rw.not_held, rw.participants) == (1, 1, 22)
    rt_board = _dashboard(june, Role.KETUA_RT)
    rt = rt_board.totals
    assert (rt.held, rt.not_held, rt.participants, rt.kg) == (1, 0, 22, 50)
    assert rt_board.children == []
    assert rt.support_value is None  # an RT head does not see support


def test_trend_has_twelve_months_ending_with_the_period(june):
    """May: 1 event held (5 residents); June: 1 held, 1 not held, 22 residents, 50 kg,
    2 reported (rejected left out), 2 resolved."""
    trend = _dashboard(june, Role.LURAH).trend
    assert [m.month.key for m in trend][0] == "2025-07"
    assert [m.month.key for m in trend][-1] == "2026-06"
    may, june_month = trend[-2], trend[-1]
    assert (may.held, may.participants, may.reported, may.resolved) == (1, 5, 1, 0)
    assert (june_month.held, june_month.not_held, june_month.participants) == (1, 1, 22)
    assert (june_month.kg, june_month.reported, june_month.resolved) == (50, 2, 2)


def test_open_problems_by_age(world):
    """On 1 July: reported 30 June (1 day), 20 June (11 days), 1 May (61 days), 1 January
    (181 days); a resolved one is not open."""
    home = world.home_rt
    for day in (d(6, 30), d(6, 20), d(5, 1), d(1, 1)):
        problem_on(day, home)
    problem_on(d(6, 29), home, resolved_on=d(6, 30))
    board = selectors.dashboard_for(user=world.users[Role.LURAH], period=JUNE, today=TODAY)
    assert [(b.key, b.count) for b in board.ages] == [
        ("0-7", 1),
        ("8-30", 1),
        ("31-90", 1),
        ("90+", 1),
    ]


def test_plans_waiting(world):
    from kegiatan.models import PlanStatus
    from tests.kegiatan.factories import plan_in

    home = world.home_rt
    plan_in(home, status=PlanStatus.DIAJUKAN)
    plan_in(home, status=PlanStatus.DIAJUKAN)
    plan_in(home, status=PlanStatus.DRAFT)
    plan_in(world.foreign_rt[Role.LURAH], status=PlanStatus.DIAJUKAN)
    plans = selectors.plans_waiting(user=world.users[Role.LURAH])
    assert (plans.submitted, plans.returned, plans.drafts) == (2, 0, 1)
    assert selectors.plans_waiting(user=world.users[Role.CAMAT]).submitted == 3


def test_an_area_without_data_has_no_resolution_rate(world):
    board = _dashboard(world, Role.LURAH)
    assert board.totals.held == 0
    assert board.totals.resolution_rate is None


def test_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    user = world.users[Role.CAMAT]
    event_on(d(6, 5), world.home_rt, warga=3, kg=1)
    with django_assert_max_num_queries(40) as small:
        selectors.dashboard_for(user=user, period=JUNE, today=TODAY)
    for day in range(1, 29):
        rt = world.home_rt if day % 2 else world.foreign_rt[Role.LURAH]
        event_on(d(6, day), rt, warga=day, kg=day)
        problem_on(d(6, day), rt, resolved_on=d(6, 28))
        swadaya_on(d(6, day), rt, 1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        selectors.dashboard_for(user=user, period=JUNE, today=TODAY)
