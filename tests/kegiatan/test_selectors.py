"""Stage 3 reads: who sees which plan, conflicts, the queue, the calendar, the public
schedule, the needs taken from problems and the home page's to-do lines."""

import datetime

import pytest
from django.utils import timezone

from kegiatan import selectors as selectors
from kegiatan.models import PlanStatus
from sigoro.models import Role
from tests.conftest import ROLES
from tests.factories import RTFactory
from tests.kegiatan.factories import plan_in, series_in
from tests.permasalahan.factories import NeedFactory, VerifiedProblemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_area_and_not_the_next(world, role):
    inside = plan_in(world.home_rt)
    outside = plan_in(world.foreign_rt[role])
    seen = set(selectors.plan_list(user=world.users[role]))
    assert inside in seen and outside not in seen


def test_a_stakeholder_contact_sees_only_plans_it_is_invited_to(world):
    mitra = world.users[Role.STAKEHOLDER]
    invited = plan_in(world.home_rt)
    not_invited = plan_in(world.home_rt, invite=False)
    assert list(selectors.plan_list(user=mitra)) == [invited]
    assert list(selectors.series_list(user=mitra)) == []
    assert not_invited.pk not in {p.pk for p in selectors.plan_list(user=mitra)}


def test_rw_and_rt_heads_see_plans_touching_their_area_once(world):
    sibling = world.foreign_rt[Role.KETUA_RT]  # RT 2 of the same RW
    other_rw = world.foreign_rt[Role.KETUA_RW]
    both = plan_in(sibling, rts=[world.home_rt])  # touches the RT head's RT
    elsewhere = plan_in(sibling)
    across = plan_in(other_rw, rts=[world.home_rt])
    rw_plans = list(selectors.plan_list(user=world.users[Role.KETUA_RW]))
    assert sorted(p.pk for p in rw_plans) == sorted([both.pk, elsewhere.pk, across.pk])
    rt_plans = list(selectors.plan_list(user=world.users[Role.KETUA_RT]))
    assert sorted(p.pk for p in rt_plans) == sorted([both.pk, across.pk])
    assert selectors.plan_list(user=world.users[Role.KETUA_RW]).count() == 3


def test_series_are_scoped_like_plans(world):
    mine = series_in(world.home_rt)
    other_rw = series_in(world.foreign_rt[Role.KETUA_RW])
    assert list(selectors.series_list(user=world.users[Role.KETUA_RW])) == [mine]
    assert set(selectors.series_list(user=world.users[Role.LURAH])) == {mine, other_rw}
    assert list(selectors.series_list(user=world.users[Role.KETUA_RT])) == [mine]


def test_conflicts_same_rt_overlapping_time_not_cancelled(world):
    plan = plan_in(world.home_rt)  # 07.00-09.00
    clash = plan_in(world.home_rt, jam_mulai=datetime.time(8), jam_selesai=datetime.time(10))
    plan_in(world.home_rt, jam_mulai=datetime.time(6), jam_selesai=datetime.time(7))  # touches
    plan_in(world.home_rt, jam_mulai=datetime.time(8), jam_selesai=datetime.time(9),
            status=PlanStatus.DIBATALKAN)  # fmt: skip
    plan_in(world.foreign_rt[Role.KETUA_RT], jam_mulai=datetime.time(8))  # another RT
    plan_in(world.home_rt, tanggal=plan.tanggal + datetime.timedelta(days=1))  # another day
    found = selectors.plan_conflicts(user=world.users[Role.LURAH], plan=plan)
    assert [(c.plan.pk, [rt.pk for rt in c.rts]) for c in found] == [(clash.pk, [world.home_rt.pk])]
    flags = {p.pk: p.bentrok for p in selectors.plan_list(user=world.users[Role.LURAH])}
    assert flags[plan.pk] and flags[clash.pk]
    assert sum(flags.values()) == 2


def test_queue_holds_submitted_plans_soonest_first(world):
    later = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    sooner = plan_in(
        world.home_rt,
        status=PlanStatus.DIAJUKAN,
        tanggal=timezone.localdate() + datetime.timedelta(days=2),
    )
    plan_in(world.home_rt, status=PlanStatus.DRAFT)
    plan_in(world.other_kecamatan_rt, status=PlanStatus.DIAJUKAN)
    queue = list(selectors.plan_queue(user=world.users[Role.CAMAT]))
    assert queue == [sooner, later]


def test_calendar_month_grid_from_monday_with_plans_on_their_day(world):
    day = datetime.date(2026, 12, 4)
    plan = plan_in(world.home_rt, tanggal=day)
    plan_in(world.home_rt, tanggal=day, status=PlanStatus.DIBATALKAN)
    cal = selectors.calendar_month(user=world.users[Role.LURAH], year=2026, month=12)
    assert cal.weeks[0][0].date == datetime.date(2026, 11, 30)  # a Monday
    assert cal.weeks[-1][-1].date == datetime.date(2027, 1, 3)
    assert len(cal.days) == 31
    assert [d.date for d in cal.busy_days] == [day]
    assert cal.busy_days[0].plans == [plan]
    week = selectors.calendar_week(user=world.users[Role.LURAH], day=day)
    assert (week.start, week.end) == (datetime.date(2026, 11, 30), datetime.date(2026, 12, 6))
    assert week.count == 1


def test_public_schedule_shows_only_approved_and_carried_out(world):
    today = timezone.localdate()
    for status in PlanStatus.values:
        plan_in(world.home_rt, status=status, judul=f"Rencana {status}")
    plan_in(world.home_rt, status=PlanStatus.TERLAKSANA, judul="Kemarin",
            tanggal=today - datetime.timedelta(days=1))  # fmt: skip
    upcoming, recent = selectors.public_schedule(kelurahan=world.home_rt.kelurahan)
    assert [p.judul for p in upcoming] == ["Rencana disetujui"]
    assert [p.judul for p in recent] == ["Kemarin"]
    assert upcoming[0].lokasi == ["RT 001 / RW 001 · Depan Musala Al-Ikhlas"]
    assert not hasattr(upcoming[0], "penanggung_jawab_hp")


def test_needs_are_added_up_from_the_problems(world):
    first, second = (
        VerifiedProblemFactory(rt=world.home_rt),
        VerifiedProblemFactory(rt=world.home_rt),
    )
    NeedFactory(problem=first, item="Karung", jumlah=10, satuan="buah")
    NeedFactory(problem=second, item="karung ", jumlah=5, satuan="Buah")
    NeedFactory(problem=second, jenis="alat", item="Cangkul", jumlah=3, satuan="buah")
    rows = selectors.needs_from_problems([first, second])
    assert [(r.jenis, r.item, r.jumlah, r.satuan) for r in rows] == [
        ("alat", "Cangkul", 3, "buah"),
        ("material", "Karung", 15, "buah"),
    ]


def test_problem_choices_are_verified_open_and_in_area(world):
    mine = VerifiedProblemFactory(rt=world.home_rt)
    VerifiedProblemFactory(rt=world.foreign_rt[Role.LURAH])
    VerifiedProblemFactory(rt=world.home_rt, status="selesai")
    assert list(selectors.problem_choices(user=world.users[Role.LURAH])) == [mine]


def test_home_todo_lines(world):
    plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    plan_in(world.home_rt, status=PlanStatus.DIKEMBALIKAN)
    proposal = plan_in(world.home_rt, dibuat_oleh=world.users[Role.KETUA_RT])
    plan_in(world.home_rt, status=PlanStatus.DISETUJUI,
            tanggal=timezone.localdate() - datetime.timedelta(days=2))  # fmt: skip
    camat = [t.text for t in selectors.home_todo(world.users[Role.CAMAT])]
    assert camat == ["1 Rencana Aksi menunggu persetujuan."]
    lurah = [t.text for t in selectors.home_todo(world.users[Role.LURAH])]
    assert lurah == [
        "1 Rencana Aksi dikembalikan camat: perbaiki lalu ajukan lagi.",
        "1 usulan ketua RT menunggu Anda.",
        "1 rencana yang disetujui sudah lewat tanggalnya: tandai terlaksana atau batalkan.",
    ]
    assert selectors.home_todo(world.users[Role.KETUA_RT]) == []
    assert proposal.status == PlanStatus.DRAFT


def test_feed_kelurahan_only_for_whole_kelurahan_roles(world):
    kelurahan = world.home_rt.kelurahan
    assert selectors.feed_kelurahan_for(user=world.users[Role.LURAH]) == kelurahan
    assert selectors.feed_kelurahan_for(user=world.users[Role.CAMAT]) is None  # choose one
    assert (
        selectors.feed_kelurahan_for(user=world.users[Role.CAMAT], kelurahan=kelurahan) == kelurahan
    )
    assert selectors.feed_kelurahan_for(user=world.users[Role.KETUA_RW]) is None
    assert selectors.feed_kelurahan_for(user=world.users[Role.KETUA_RT]) is None


def test_a_plan_in_two_rt_of_a_new_rw_is_listed_once_for_the_kelurahan(world):
    rt_a = RTFactory(rw__kelurahan=world.home_rt.kelurahan, rw__nomor=9, nomor=1)
    rt_b = RTFactory(rw=rt_a.rw, nomor=2)
    plan = plan_in(rt_a, rts=[rt_b])
    assert list(selectors.plan_list(user=world.users[Role.LURAH]).filter(pk=plan.pk)) == [plan]


def test_places_group_rt_by_rw_and_meeting_point(world):
    sibling = world.foreign_rt[Role.KETUA_RT]  # RT 002 / RW 001
    other_rw = world.foreign_rt[Role.KETUA_RW]  # RT 001 / RW 002
    plan = plan_in(world.home_rt, rts=[sibling, other_rw])
    plan.lokasi.filter(rt=other_rw).update(titik_kumpul="Balai RW 002")
    plan = selectors.plan_get(user=world.users[Role.LURAH], pk=plan.pk)
    assert plan.rt_summary == "RT 001, 002 / RW 001; RT 001 / RW 002"
    assert plan.places == [
        "RT 001, 002 / RW 001 · Depan Musala Al-Ikhlas",
        "RT 001 / RW 002 · Balai RW 002",
    ]


@pytest.mark.parametrize(
    ("status", "days_from_today", "shown"),
    [
        (PlanStatus.DISETUJUI, 0, True),
        (PlanStatus.DISETUJUI, 90, True),
        (PlanStatus.DISETUJUI, 91, False),  # too far ahead for the public schedule
        (PlanStatus.DISETUJUI, -1, False),  # approved but its day has passed
        (PlanStatus.TERLAKSANA, -30, True),
        (PlanStatus.TERLAKSANA, -31, False),
        (PlanStatus.DIAJUKAN, 3, False),
    ],
)
def test_a_plan_is_on_the_public_schedule_exactly_when_the_schedule_shows_it(
    world, status, days_from_today, shown
):
    today = datetime.date(2026, 12, 1)
    plan = plan_in(world.home_rt, status=status)
    plan.tanggal = today + datetime.timedelta(days=days_from_today)
    plan.save(update_fields=["tanggal"])
    assert selectors.plan_on_public_schedule(plan, today=today) is shown
    upcoming, recent = selectors.public_schedule(kelurahan=plan.kelurahan, today=today)
    assert len(upcoming) + len(recent) == (1 if shown else 0)
