"""Stage 4 rules: opening, closing and "not held"; who records which RT's attendance;
participation rates and completeness computed (never typed); one record per double submit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kegiatan import selectors, services
from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    Kendala,
    LayananLokasi,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
)
from sigoro.models import Photo, Role
from tests.kegiatan.factories import execution_in, indicator, plan_in, service_type
from tests.photo_samples import camera_jpeg, upload
from tests.stakeholder.factories import StakeholderFactory

TODAY = timezone.localdate


def day(plan, **kwargs) -> services.ExecutionData:
    return services.ExecutionData(
        tanggal=kwargs.pop("tanggal", plan.tanggal),
        lokasi="Lapangan RW 001",
        dipimpin_oleh="Pak Rahmat",
        **kwargs,
    )


def approved_today(rt, **fields):
    return plan_in(rt, status=PlanStatus.DISETUJUI, tanggal=TODAY(), **fields)


# -- open, close, not held -------------------------------------------------------------------


def test_the_lurah_opens_then_closing_makes_the_plan_terlaksana(world):
    lurah = world.users[Role.LURAH]
    plan = approved_today(world.home_rt)
    opened = services.pelaksanaan_open(
        user=lurah, plan=plan, data=day(plan, jam_mulai=datetime.time(7, 30))
    )
    assert (opened.status, opened.lokasi, opened.dipimpin_oleh) == (
        PelaksanaanStatus.DIBUKA,
        "Lapangan RW 001",
        "Pak Rahmat",
    )
    assert opened.dibuka_oleh == lurah
    closed = services.pelaksanaan_close(user=lurah, plan=plan, note="Lancar")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.TERLAKSANA
    assert (closed.status, closed.ditutup_oleh) == (PelaksanaanStatus.DITUTUP, lurah)
    assert plan.events.last().ke_status == PlanStatus.TERLAKSANA
    with pytest.raises(ValidationError):
        services.pelaksanaan_close(user=lurah, plan=plan)


def test_marking_done_without_opening_records_the_day_as_planned(world):
    plan = approved_today(world.home_rt)
    services.plan_mark_done(user=world.users[Role.LURAH], plan=plan)
    pelaksanaan = Pelaksanaan.objects.get(plan=plan)
    assert (pelaksanaan.status, pelaksanaan.tanggal, pelaksanaan.dipimpin_oleh) == (
        PelaksanaanStatus.DITUTUP,
        plan.tanggal,
        "Pak Rahmat",
    )
    assert pelaksanaan.jam_mulai == datetime.time(7)


def test_a_plan_not_held_keeps_the_reason_and_is_cancelled(world):
    lurah = world.users[Role.LURAH]
    plan = approved_today(world.home_rt)
    with pytest.raises(ValidationError):
        services.pelaksanaan_not_held(user=lurah, plan=plan, reason="  ")
    services.pelaksanaan_not_held(user=lurah, plan=plan, reason="Hujan deras sejak subuh")
    plan.refresh_from_db()
    pelaksanaan = plan.pelaksanaan
    assert plan.status == PlanStatus.DIBATALKAN
    assert pelaksanaan.status == PelaksanaanStatus.TIDAK_TERLAKSANA
    assert pelaksanaan.alasan_tidak_terlaksana == "Hujan deras sejak subuh"
    assert "Hujan deras sejak subuh" in plan.events.last().catatan
    # Nothing more is entered for an event that did not happen.
    with pytest.raises(ValidationError):
        services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(5))
    assert selectors.execution_completeness(user=lurah, plan=plan) is None


def test_the_day_is_recorded_from_the_plan_date_on_and_never_in_the_future(world):
    lurah = world.users[Role.LURAH]
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI)  # a week ahead
    verdict = services.execution_allowed_actions(user=lurah, plan=plan)
    assert services.ACTION_EXECUTION_OPEN not in verdict
    assert services.ACTION_EXECUTION_OPEN in verdict.blocked
    with pytest.raises(ValidationError):
        services.pelaksanaan_open(user=lurah, plan=plan, data=day(plan, tanggal=TODAY()))
    with pytest.raises(ValidationError):
        services.pelaksanaan_not_held(user=lurah, plan=plan, reason="Hujan")
    today_plan = approved_today(world.home_rt)
    tomorrow = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="tanggal|date"):
        services.pelaksanaan_open(user=lurah, plan=today_plan, data=day(plan, tanggal=tomorrow))
    assert not Pelaksanaan.objects.exists()


def test_only_the_lurah_or_admin_of_the_area_opens_and_closes(world):
    plan = approved_today(world.home_rt)
    for role in (Role.CAMAT, Role.KETUA_RW, Role.KETUA_RT, Role.STAKEHOLDER):
        with pytest.raises(PermissionDenied):
            services.pelaksanaan_open(user=world.users[role], plan=plan, data=day(plan))
    foreign = approved_today(world.foreign_rt[Role.LURAH])
    with pytest.raises(Http404):
        services.pelaksanaan_open(user=world.users[Role.LURAH], plan=foreign, data=day(foreign))
    with pytest.raises(Http404):
        services.pelaksanaan_close(user=world.users[Role.LURAH], plan=foreign)
    services.pelaksanaan_open(user=world.users[Role.ADMIN_KECAMATAN], plan=plan, data=day(plan))
    assert Pelaksanaan.objects.filter(plan=plan).count() == 1


# -- attendance per RT -------------------------------------------------------------------------


def test_each_head_records_only_the_rts_of_their_area(world):
    """The plan covers RT 001 and RT 002 of RW 001 (home and sibling): the RT head of RT 001
    records RT 001 only, the ketua RW both, the lurah both; another RW's head neither."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    pelaksanaan = execution_in(world.home_rt, rts=[sibling])
    plan = pelaksanaan.plan
    rt_head = world.users[Role.KETUA_RT]
    counts = {"hadir_warga": 10}
    assert services.attendance_rts(user=rt_head, plan=plan) == [world.home_rt]
    services.kehadiran_record(user=rt_head, plan=plan, rt=world.home_rt, counts=counts)
    with pytest.raises(Http404):
        services.kehadiran_record(user=rt_head, plan=plan, rt=sibling, counts=counts)
    rw_head = world.users[Role.KETUA_RW]
    assert services.attendance_rts(user=rw_head, plan=plan) == [world.home_rt, sibling]
    services.kehadiran_record(user=rw_head, plan=plan, rt=sibling, counts=counts)
    other_rw_head = world.users[Role.KETUA_RW].__class__.objects.create(
        username="rw2", role=Role.KETUA_RW, rw=world.foreign_rt[Role.KETUA_RW].rw
    )
    with pytest.raises(Http404):
        services.kehadiran_record(user=other_rw_head, plan=plan, rt=world.home_rt, counts=counts)
    with pytest.raises(PermissionDenied):
        services.kehadiran_record(
            user=world.users[Role.CAMAT], plan=plan, rt=world.home_rt, counts=counts
        )
    assert Kehadiran.objects.filter(pelaksanaan=pelaksanaan).count() == 2


def test_an_rt_that_is_not_the_plans_is_refused(world):
    pelaksanaan = execution_in(world.home_rt)
    sibling = world.foreign_rt[Role.KETUA_RT]
    with pytest.raises(Http404):
        services.kehadiran_record(
            user=world.users[Role.LURAH],
            plan=pelaksanaan.plan,
            rt=sibling,
            counts={"hadir_warga": 3},
        )


def test_attendance_waits_for_the_lurah_to_open_the_execution(world):
    plan = approved_today(world.home_rt)
    rt_head = world.users[Role.KETUA_RT]
    assert services.attendance_rts(user=rt_head, plan=plan) == []
    with pytest.raises(ValidationError):
        services.kehadiran_record(
            user=rt_head, plan=plan, rt=world.home_rt, counts={"hadir_warga": 4}
        )


def test_head_counts_must_be_some_people_and_never_negative(world):
    plan = execution_in(world.home_rt).plan
    lurah = world.users[Role.LURAH]
    for counts in ({}, {"hadir_warga": 0}, {"hadir_warga": -1}):
        with pytest.raises(ValidationError):
            services.kehadiran_record(user=lurah, plan=plan, rt=world.home_rt, counts=counts)
    assert not Kehadiran.objects.exists()


def test_the_same_form_twice_makes_one_record_and_a_new_form_updates_it(world):
    plan = execution_in(world.home_rt).plan
    rt_head = world.users[Role.KETUA_RT]

    def send(key, warga, photo=None):
        return services.kehadiran_record(
            user=rt_head,
            plan=plan,
            rt=world.home_rt,
            counts={"hadir_warga": warga},
            uploads=[photo] if photo else [],
            idempotency_key=key,
        )

    first = send("k1", 20, upload(camera_jpeg()))
    again = send("k1", 20, upload(camera_jpeg()))
    assert again.pk == first.pk
    assert Kehadiran.objects.count() == 1
    assert first.foto.count() == 1 and Photo.objects.count() == 1
    updated = send("k2", 25)
    assert updated.pk == first.pk and updated.hadir_warga == 25
    assert updated.foto.count() == 1  # photos are added, never dropped by an update


def test_stakeholders_present_must_work_in_the_kelurahan(world):
    plan = execution_in(world.home_rt).plan
    elsewhere = StakeholderFactory(kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan)
    with pytest.raises(ValidationError):
        services.kehadiran_record(
            user=world.users[Role.LURAH],
            plan=plan,
            rt=world.home_rt,
            counts={"hadir_stakeholder": 2},
            stakeholders=[elsewhere],
        )
    here = StakeholderFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    row = services.kehadiran_record(
        user=world.users[Role.LURAH],
        plan=plan,
        rt=world.home_rt,
        counts={"hadir_stakeholder": 2},
        stakeholders=[here],
    )
    assert list(row.stakeholders.all()) == [here]


# -- participation, plausibility, completeness ------------------------------------------------


def test_participation_rates_by_hand(world):
    """RT 001 has 40 KK; 25 residents + 3 RT/RW officials + 2 kelurahan staff came: 30.
    Against its households: 30 / 40 = 75 %. The plan's target is 60: 30 / 60 = 50 %.
    An RT without a household count, or a plan without a target: no rate (None)."""
    rt = world.home_rt
    rt.jumlah_kk, rt.jumlah_jiwa = 40, 150
    rt.save()
    plan = execution_in(rt, target_total=60).plan
    services.kehadiran_record(
        user=world.users[Role.LURAH],
        plan=plan,
        rt=rt,
        counts={"hadir_warga": 25, "hadir_rt_rw": 3, "hadir_kelurahan": 2},
    )
    overview = selectors.execution_overview(user=world.users[Role.LURAH], plan=plan)
    (row,) = overview.rows
    assert (row.total, row.rate_kk, row.warnings) == (30, 0.75, [])
    assert (overview.total, overview.rate_target) == (30, 0.5)
    assert services.participation_rate(30, 0) is None
    assert services.participation_rate(30, None) is None


def test_the_target_is_the_sum_of_elements_when_no_total_is_given(world):
    """Targets 20 residents + 5 officials, no total: the target is 25."""
    plan = plan_in(world.home_rt, target_total=0, target_warga=20, target_rt_rw=5)
    assert services.plan_target(plan) == 25
    empty = plan_in(world.home_rt, target_total=0, target_warga=0)
    assert services.participation_rate(10, services.plan_target(empty)) is None


def test_more_people_than_residents_is_flagged_not_refused(world):
    """RT 001 has 20 residents; 30 people attended: a warning, and the row is kept."""
    rt = world.home_rt
    rt.jumlah_kk, rt.jumlah_jiwa = 5, 20
    rt.save()
    plan = execution_in(rt).plan
    services.kehadiran_record(
        user=world.users[Role.LURAH], plan=plan, rt=rt, counts={"hadir_warga": 30}
    )
    (row,) = selectors.execution_overview(user=world.users[Role.LURAH], plan=plan).rows
    assert len(row.warnings) == 1 and "30" in row.warnings[0] and "20" in row.warnings[0]
    rt.jumlah_jiwa = 0  # unknown: nothing to compare with
    assert services.attendance_warnings(rt=rt, total=30) == []


def test_completeness_by_hand(world):
    """Five items: attendance for every RT, before photos, after photos, results, entered
    within 3 days. The plan covers RT 001 and RT 002 of RW 001.

    * RT 001 recorded only: 0 of 5 done -> 0 %.
    * RT 002 recorded too (same day) and one result: attendance, results, on time -> 3/5 =
      60 % (no before/after photos yet).
    * RT 002's entry made 4 days after the event instead: not on time -> 2/5 = 40 %.
    * A before photo and an after photo of one spot added: 4/5 = 80 %.
    """
    sibling = world.foreign_rt[Role.KETUA_RT]
    pelaksanaan = execution_in(world.home_rt, rts=[sibling])
    plan, lurah = pelaksanaan.plan, world.users[Role.LURAH]
    services.kehadiran_record(user=lurah, plan=plan, rt=world.home_rt, counts={"hadir_warga": 9})
    first = services.pelaksanaan_completeness(pelaksanaan, entry_days=3)
    assert [i.done for i in first.items] == [False, False, False, False, False]
    assert first.percent == 0
    late = services.kehadiran_record(user=lurah, plan=plan, rt=sibling, counts={"hadir_warga": 7})
    services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal("120.5"))
    done = services.pelaksanaan_completeness(pelaksanaan, entry_days=3)
    assert {i.key: i.done for i in done.items} == {
        "attendance": True,
        "before_photos": False,
        "after_photos": False,
        "results": True,
        "on_time": True,
    }
    assert done.percent == 60
    assert selectors.execution_completeness(user=lurah, plan=plan).percent == 60
    Kehadiran.objects.filter(pk=late.pk).update(
        dicatat_pada=timezone.now() + datetime.timedelta(days=4)
    )
    assert services.pelaksanaan_completeness(pelaksanaan, entry_days=3).percent == 40
    for jenis in ("sebelum", "sesudah"):
        services.dokumentasi_add(
            user=lurah,
            plan=plan,
            jenis=jenis,
            titik_nama="Got Gg. Melati",
            uploads=[upload(camera_jpeg(width=120, height=80))],
        )
    after = services.pelaksanaan_completeness(pelaksanaan, entry_days=3)
    assert [i.key for i in after.items if not i.done] == ["on_time"]
    assert after.percent == 80


def test_free_text_results_count_as_results(world, settings):
    settings.EXECUTION_ENTRY_DAYS = 5
    pelaksanaan = execution_in(world.home_rt)
    services.hasil_lainnya_set(
        user=world.users[Role.KETUA_RT], plan=pelaksanaan.plan, text="Pos ronda dicat ulang"
    )
    pelaksanaan.refresh_from_db()
    checklist = services.pelaksanaan_completeness(pelaksanaan)
    assert {i.key: i.done for i in checklist.items}["results"] is True
    assert "5" in checklist.items[-1].label


# -- results, services, kendala ------------------------------------------------------------------


def test_a_waste_bank_result_needs_the_waste_type_others_drop_it(world):
    plan = execution_in(world.home_rt).plan
    lurah = world.users[Role.LURAH]
    bank = indicator("sampah-bank-sampah")
    with pytest.raises(ValidationError):
        services.hasil_add(user=lurah, plan=plan, indikator=bank, jumlah=Decimal(12))
    row = services.hasil_add(
        user=lurah, plan=plan, indikator=bank, jumlah=Decimal(12), jenis_sampah="plastik"
    )
    assert row.jenis_sampah == "plastik"
    other = services.hasil_add(
        user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(3), jenis_sampah="kaca"
    )
    assert other.jenis_sampah == ""
    with pytest.raises(ValidationError):
        services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(0))


def test_rows_are_created_once_per_key(world):
    plan = execution_in(world.home_rt).plan
    rt_head = world.users[Role.KETUA_RT]
    for _ in range(2):
        services.hasil_add(
            user=rt_head, plan=plan, indikator=indicator(), jumlah=Decimal(5), idempotency_key="h"
        )
        services.layanan_add(
            user=rt_head, plan=plan, jenis=service_type(), jumlah=7, idempotency_key="l"
        )
        services.kendala_add(
            user=rt_head, plan=plan, kategori="cuaca", uraian="Hujan", idempotency_key="k"
        )
    assert (HasilKegiatan.objects.count(), LayananLokasi.objects.count()) == (1, 1)
    assert Kendala.objects.count() == 1


def test_results_of_another_area_are_refused(world):
    plan = execution_in(world.foreign_rt[Role.KETUA_RT]).plan
    with pytest.raises(Http404):
        services.kendala_add(
            user=world.users[Role.KETUA_RT], plan=plan, kategori="cuaca", uraian="Hujan"
        )
    other_kelurahan = execution_in(world.foreign_rt[Role.LURAH]).plan
    with pytest.raises(Http404):
        services.layanan_add(
            user=world.users[Role.LURAH], plan=other_kelurahan, jenis=service_type(), jumlah=2
        )


def test_default_lists_are_seeded(db):
    assert indicator("sampah-terangkut-m3").satuan == "m3"
    assert indicator("pohon-ditanam").satuan == "batang"
    assert indicator("sampah-bank-sampah").perlu_jenis_sampah is True
    assert service_type("cek-kesehatan").aktif


def test_from_its_date_on_an_approved_plan_is_marked_not_held_rather_than_cancelled(world):
    """Monitoring compares plans with what happened: once the day has come, "it did not
    take place" is recorded as not held (with the execution record), not as a cancel."""
    lurah = world.users[Role.LURAH]
    plan = approved_today(world.home_rt)
    verdict = services.plan_allowed_actions(user=lurah, plan=plan)
    assert "cancel" not in verdict and "cancel" in verdict.blocked
    with pytest.raises(ValidationError):
        services.plan_cancel(user=lurah, plan=plan, reason="Hujan")
    assert services.ACTION_NOT_HELD in services.execution_allowed_actions(user=lurah, plan=plan)
    future = plan_in(world.home_rt, status=PlanStatus.DISETUJUI)
    assert "cancel" in services.plan_allowed_actions(user=lurah, plan=future)


def test_the_rate_against_the_plans_target_counts_every_rt(world):
    """RT 001: 12 people, RT 002: 18; the plan's target is 60. The event's 30 / 60 = 50 %,
    for the lurah and for the head of RT 001, who sees only RT 001's row."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    plan = execution_in(world.home_rt, rts=[sibling], target_total=60).plan
    lurah = world.users[Role.LURAH]
    services.kehadiran_record(user=lurah, plan=plan, rt=world.home_rt, counts={"hadir_warga": 12})
    services.kehadiran_record(user=lurah, plan=plan, rt=sibling, counts={"hadir_warga": 18})
    for role in (Role.LURAH, Role.KETUA_RT):
        overview = selectors.execution_overview(user=world.users[role], plan=plan)
        assert (overview.total, overview.rate_target) == (30, 0.5)
    rt_rows = selectors.execution_overview(user=world.users[Role.KETUA_RT], plan=plan).rows
    assert [row.rt for row in rt_rows] == [world.home_rt]
