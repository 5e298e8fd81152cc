"""Stage 3 services: every allowed and forbidden transition by role, creating and editing
plans, linking problems, recurring schedules (generation, holidays, skips, edits)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kegiatan import services as services
from kegiatan.models import PlanEvent, PlanLocation, PlanSeries, PlanStatus, RencanaAksi
from kegiatan.services import TRANSITION_ACTION, TRANSITIONS
from permasalahan.models import Status
from permasalahan.services import NeedRow
from sigoro.access import PERMISSIONS
from sigoro.models import Holiday, Role
from tests.conftest import ROLES
from tests.factories import RTFactory
from tests.kegiatan.factories import activity, next_weekday, plan_in, series_in
from tests.permasalahan.factories import ProblemFactory, VerifiedProblemFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate


def data(*rts, **fields) -> services.PlanData:
    values = {
        "judul": "Kerja bakti got Gg. Melati",
        "tanggal": TODAY() + datetime.timedelta(days=3),
        "jam_mulai": datetime.time(7),
        "jam_selesai": datetime.time(9),
        "lokasi": [services.LocationRow(rt=rt, titik_kumpul="Depan masjid") for rt in rts],
        "jenis_kegiatan": [activity("normalisasi-drainase")],
    }
    values.update(fields)
    return services.PlanData(**values)


# -- every transition, by role --------------------------------------------------------------

RUN = {
    PlanStatus.DIAJUKAN: lambda user, plan: services.plan_submit(user=user, plan=plan),
    PlanStatus.DISETUJUI: lambda user, plan: services.plan_approve(user=user, plan=plan),
    PlanStatus.DIKEMBALIKAN: lambda user, plan: services.plan_return(
        user=user, plan=plan, note="Tambah titik kumpul"
    ),
    PlanStatus.TERLAKSANA: lambda user, plan: services.plan_mark_done(user=user, plan=plan),
    # From its date on, an approved plan that did not take place is marked not held (stage
    # 4), which cancels it; before, and in the other statuses, it is cancelled.
    PlanStatus.DIBATALKAN: lambda user, plan: (
        services.pelaksanaan_not_held(user=user, plan=plan, reason="Hujan deras")
        if plan.status == PlanStatus.DISETUJUI and plan.tanggal <= TODAY()
        else services.plan_cancel(user=user, plan=plan, reason="Hujan deras")
    ),
}
MOVES = [(source, target) for source in PlanStatus.values for target in RUN]
CASES = [(role, source, target) for role in ROLES for source, target in MOVES]


@pytest.mark.parametrize(
    ("role", "source", "target"), CASES, ids=[f"{r}-{s}-to-{t}" for r, s, t in CASES]
)
def test_transition_by_role(world, role, source, target):
    """Allowed: the move is in TRANSITIONS and the role holds its permission. A role without
    the permission gets PermissionDenied; a role with it, on a move not allowed from that
    status, gets ValidationError and nothing changes."""
    user = world.users[role]
    plan = plan_in(world.home_rt, status=source, tanggal=TODAY())  # today: submit and done OK
    may = role in PERMISSIONS[TRANSITION_ACTION[target]]
    allowed = target in TRANSITIONS[source]
    if not may:
        with pytest.raises(PermissionDenied):
            RUN[target](user, plan)
    elif not allowed:
        with pytest.raises(ValidationError):
            RUN[target](user, plan)
    else:
        RUN[target](user, plan)
    plan.refresh_from_db()
    changed = may and allowed
    assert plan.status == (target if changed else source)
    moved = plan.events.filter(dari_status=source, ke_status=target)
    assert moved.count() == (1 if changed else 0)
    if changed:
        assert moved.get().oleh == user


def test_the_transition_map_is_the_issue_workflow():
    assert TRANSITIONS[PlanStatus.DRAFT] == {PlanStatus.DIAJUKAN, PlanStatus.DIBATALKAN}
    assert TRANSITIONS[PlanStatus.DIAJUKAN] == {
        PlanStatus.DISETUJUI,
        PlanStatus.DIKEMBALIKAN,
        PlanStatus.DIBATALKAN,
    }
    assert TRANSITIONS[PlanStatus.DIKEMBALIKAN] == {PlanStatus.DIAJUKAN, PlanStatus.DIBATALKAN}
    assert TRANSITIONS[PlanStatus.DISETUJUI] == {PlanStatus.TERLAKSANA, PlanStatus.DIBATALKAN}
    assert TRANSITIONS[PlanStatus.TERLAKSANA] == TRANSITIONS[PlanStatus.DIBATALKAN] == set()


@pytest.mark.parametrize("role", [Role.LURAH, Role.CAMAT, Role.ADMIN_KECAMATAN])
def test_a_plan_of_another_area_is_not_found(world, role):
    plan = plan_in(world.foreign_rt[role], status=PlanStatus.DIAJUKAN)
    action = services.plan_approve if role != Role.LURAH else services.plan_cancel
    kwargs = {"reason": "x"} if role == Role.LURAH else {}
    with pytest.raises(Http404):
        action(user=world.users[role], plan=plan, **kwargs)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN


def test_submitting_a_past_date_is_refused_but_a_past_draft_may_exist(world):
    lurah = world.users[Role.LURAH]
    yesterday = TODAY() - datetime.timedelta(days=1)
    plan = services.plan_create(user=lurah, data=data(world.home_rt, tanggal=yesterday))
    assert plan.status == PlanStatus.DRAFT
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.plan_submit(user=lurah, plan=plan)
    assert services.plan_submit(user=lurah, plan=plan, today=yesterday).status == "diajukan"


def test_returning_needs_a_note_cancelling_a_reason(world):
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    with pytest.raises(ValidationError, match="perlu diperbaiki"):
        services.plan_return(user=world.users[Role.CAMAT], plan=plan, note="  ")
    with pytest.raises(ValidationError, match="alasan pembatalan"):
        services.plan_cancel(user=world.users[Role.LURAH], plan=plan, reason="")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN


def test_carried_out_only_from_its_date_on(world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI)  # a week ahead
    with pytest.raises(ValidationError, match="mulai tanggalnya"):
        services.plan_mark_done(user=world.users[Role.LURAH], plan=plan)
    done = services.plan_mark_done(user=world.users[Role.LURAH], plan=plan, today=plan.tanggal)
    assert done.status == PlanStatus.TERLAKSANA


def test_the_whole_workflow_leaves_a_timeline(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    plan = services.plan_create(user=lurah, data=data(world.home_rt))
    services.plan_submit(user=lurah, plan=plan)
    services.plan_return(user=camat, plan=plan, note="Jam mulai terlalu siang")
    services.plan_update(
        user=lurah, plan=plan, data=data(world.home_rt, jam_mulai=datetime.time(6, 30))
    )
    services.plan_submit(user=lurah, plan=plan, note="Sudah diperbaiki")
    services.plan_approve(user=camat, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISETUJUI
    assert plan.jam_mulai == datetime.time(6, 30)
    assert plan.diajukan_pada is not None and plan.disetujui_pada is not None
    steps = [(e.dari_status, e.ke_status, e.catatan) for e in plan.events.order_by("pk")]
    assert steps == [
        ("", "draft", ""),
        ("draft", "diajukan", ""),
        ("diajukan", "dikembalikan", "Jam mulai terlalu siang"),
        ("", "", "Rencana diubah."),
        ("dikembalikan", "diajukan", "Sudah diperbaiki"),
        ("diajukan", "disetujui", ""),
    ]
    # django-simple-history keeps every version of the plan too (the audit trail).
    assert [h.status for h in plan.history.order_by("history_date")][-1] == "disetujui"
    assert plan.history.filter(status="dikembalikan").exists()


# -- what a user may do with a plan now: one answer for views, templates and services ----


def actions(world, role, plan, **kwargs):
    return services.plan_allowed_actions(user=world.users[role], plan=plan, **kwargs)


def test_allowed_actions_by_role_status_and_date(world):
    today = TODAY()
    draft = plan_in(world.home_rt, tanggal=today)
    assert actions(world, Role.LURAH, draft).allowed == {
        "edit",
        "submit",
        "cancel",
        "request_support",
    }
    assert actions(world, Role.CAMAT, draft).allowed == set()
    assert actions(world, Role.STAKEHOLDER, draft).allowed == set()
    assert actions(world, Role.KETUA_RT, draft).allowed == set()  # not their proposal
    waiting = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    assert actions(world, Role.CAMAT, waiting).allowed == {"approve", "return"}
    assert actions(world, Role.LURAH, waiting).allowed == {"cancel", "request_support"}
    assert "edit" in actions(world, Role.LURAH, waiting).blocked


def test_the_date_blocks_submit_and_finish_with_a_reason(world):
    past = plan_in(world.home_rt, tanggal=D(2026, 11, 20))
    verdict = actions(world, Role.LURAH, past, today=D(2026, 11, 24))
    assert "submit" not in verdict and "cancel" in verdict
    assert verdict.blocked["submit"] == (
        "Tanggal Jumat, 20 November 2026 sudah lewat: pilih tanggal mulai hari ini, lalu ajukan."
    )
    approved = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=D(2026, 12, 4))
    before = actions(world, Role.LURAH, approved, today=D(2026, 12, 3))
    assert "finish" not in before and "Jumat, 4 Desember 2026" in before.blocked["finish"]
    assert "finish" in actions(world, Role.LURAH, approved, today=D(2026, 12, 4))


def test_the_rt_head_may_edit_only_their_own_draft(world):
    rt_head = world.users[Role.KETUA_RT]
    own = services.plan_create(user=rt_head, data=data(world.home_rt))
    assert actions(world, Role.KETUA_RT, own).allowed == {"edit"}
    services.plan_submit(user=world.users[Role.LURAH], plan=own)
    own.refresh_from_db()
    verdict = actions(world, Role.KETUA_RT, own)
    assert verdict.allowed == set() and "tidak bisa diubah lagi" in verdict.blocked["edit"]


def test_a_refused_save_and_submit_leaves_the_plan_as_it_was(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    plan = services.plan_create(user=lurah, data=data(world.home_rt), today=D(2026, 11, 24))
    services.plan_submit(user=lurah, plan=plan, today=D(2026, 11, 24))
    services.plan_return(user=camat, plan=plan, note="Jam mulai terlalu siang")
    events = plan.events.count()
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.plan_update(
            user=lurah,
            plan=plan,
            data=data(world.home_rt, judul="Judul baru", tanggal=D(2026, 11, 23)),
            submit=True,
            today=D(2026, 11, 24),
        )
    plan.refresh_from_db()
    assert (plan.judul, plan.status) == ("Kerja bakti got Gg. Melati", PlanStatus.DIKEMBALIKAN)
    assert plan.tanggal == TODAY() + datetime.timedelta(days=3)
    assert plan.events.count() == events  # no "edited" entry either


def test_a_refused_create_and_submit_saves_nothing(world):
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.plan_create(
            user=world.users[Role.LURAH],
            data=data(world.home_rt, tanggal=D(2026, 11, 23)),
            idempotency_key="k-submit",
            submit=True,
            today=D(2026, 11, 24),
        )
    assert not RencanaAksi.objects.exists() and not PlanEvent.objects.exists()


def test_create_and_submit_in_one_go(world):
    plan = services.plan_create(user=world.users[Role.LURAH], data=data(world.home_rt), submit=True)
    assert plan.status == PlanStatus.DIAJUKAN
    assert list(plan.events.values_list("ke_status", flat=True)) == ["draft", "diajukan"]
    proposal = services.plan_create(
        user=world.users[Role.KETUA_RT], data=data(world.home_rt), submit=True
    )
    assert proposal.status == PlanStatus.DRAFT  # an RT head's plan waits for the lurah


def test_target_and_time_checks_are_the_services(world):
    with pytest.raises(ValidationError) as total:
        services.participant_targets({"target_warga": 40, "target_rt_rw": 4, "target_total": 10})
    assert total.value.message_dict == {
        "target_total": ["Jumlah peserta (10) lebih kecil dari jumlah per unsur (44)."]
    }
    assert services.participant_targets({"target_warga": 40, "target_rt_rw": 4}) == {
        "target_warga": 40,
        "target_rt_rw": 4,
        "target_kelurahan": 0,
        "target_kecamatan": 0,
        "target_stakeholder": 0,
        "target_tni_polri": 0,
        "target_total": 44,
    }
    with pytest.raises(ValidationError) as times:
        services.check_times(jam_mulai=datetime.time(9), jam_selesai=datetime.time(9))
    assert list(times.value.message_dict) == ["jam_selesai"]


# -- create and edit ------------------------------------------------------------------------


def test_create_fills_total_from_elements_and_person_from_account(world):
    lurah = world.users[Role.LURAH]
    rt_head = world.users[Role.KETUA_RT]
    rt_head.phone = "6281299990000"
    rt_head.save()
    plan = services.plan_create(
        user=lurah,
        data=data(
            world.home_rt,
            targets={"target_warga": 40, "target_rt_rw": 4, "target_tni_polri": 2},
            penanggung_jawab=rt_head,
            needs=[NeedRow(jenis="alat", item="Cangkul", jumlah=12, satuan="buah")],
        ),
    )
    assert (plan.target_total, plan.target_sum) == (46, 46)
    assert plan.penanggung_jawab_nama == rt_head.get_full_name()
    assert plan.penanggung_jawab_hp == "6281299990000"
    assert plan.kelurahan == world.home_rt.kelurahan
    assert [str(n) for n in plan.needs.all()] == ["12 buah Cangkul"]
    assert plan.events.get().ke_status == PlanStatus.DRAFT


def test_a_total_below_the_elements_is_refused(world):
    with pytest.raises(ValidationError):
        services.plan_create(
            user=world.users[Role.LURAH],
            data=data(world.home_rt, targets={"target_warga": 40, "target_total": 10}),
        )


def test_end_before_start_is_refused(world):
    with pytest.raises(ValidationError):
        services.plan_create(
            user=world.users[Role.LURAH],
            data=data(world.home_rt, jam_mulai=datetime.time(9), jam_selesai=datetime.time(8)),
        )
    assert not RencanaAksi.objects.exists()


def test_locations_must_be_one_kelurahan_inside_the_users_area(world):
    lurah = world.users[Role.LURAH]
    other_kelurahan = world.foreign_rt[Role.LURAH]
    with pytest.raises(Http404):
        services.plan_create(user=lurah, data=data(other_kelurahan))
    admin = world.users[Role.ADMIN_KECAMATAN]
    with pytest.raises(ValidationError, match="satu kelurahan"):
        services.plan_create(user=admin, data=data(world.home_rt, other_kelurahan))
    with pytest.raises(ValidationError, match="minimal satu RT"):
        services.plan_create(user=admin, data=data())


def test_only_verified_open_problems_of_the_kelurahan(world):
    lurah = world.users[Role.LURAH]
    reported = ProblemFactory(rt=world.home_rt)
    with pytest.raises(ValidationError, match="hanya permasalahan terverifikasi"):
        services.plan_create(user=lurah, data=data(world.home_rt, problems=[reported]))
    elsewhere = VerifiedProblemFactory(rt=RTFactory(rw__kelurahan=world.home_rt.kelurahan))
    plan = services.plan_create(user=lurah, data=data(world.home_rt, problems=[elsewhere]))
    assert list(plan.problems.all()) == [elsewhere]  # another RT of the same kelurahan is fine


def test_double_submit_makes_one_plan(world):
    lurah = world.users[Role.LURAH]
    first = services.plan_create(user=lurah, data=data(world.home_rt), idempotency_key="k1")
    second = services.plan_create(user=lurah, data=data(world.home_rt), idempotency_key="k1")
    assert first.pk == second.pk and RencanaAksi.objects.count() == 1


def test_rt_head_proposes_a_draft_only_for_their_rt_and_edits_only_their_own(world):
    rt_head = world.users[Role.KETUA_RT]
    proposal = services.plan_create(user=rt_head, data=data(world.home_rt))
    assert proposal.events.get().catatan == "Usulan ketua RT, untuk lurah."
    with pytest.raises(Http404):
        services.plan_create(user=rt_head, data=data(world.foreign_rt[Role.KETUA_RT]))
    with pytest.raises(PermissionDenied):
        services.plan_submit(user=rt_head, plan=proposal)
    services.plan_update(user=rt_head, plan=proposal, data=data(world.home_rt, judul="Usulan"))
    someone_elses = plan_in(world.home_rt)
    with pytest.raises(PermissionDenied):
        services.plan_update(user=rt_head, plan=someone_elses, data=data(world.home_rt))
    # The lurah takes the proposal up and submits it.
    lurah = world.users[Role.LURAH]
    services.plan_update(user=lurah, plan=proposal, data=data(world.home_rt, judul="Kerja bakti"))
    assert services.plan_submit(user=lurah, plan=proposal).status == PlanStatus.DIAJUKAN
    with pytest.raises(ValidationError, match="tidak bisa diubah lagi"):
        services.plan_update(user=rt_head, plan=proposal, data=data(world.home_rt))


@pytest.mark.parametrize("status", [PlanStatus.DIAJUKAN, PlanStatus.DISETUJUI, "terlaksana"])
def test_a_submitted_or_later_plan_cannot_be_edited(world, status):
    plan = plan_in(world.home_rt, status=status)
    with pytest.raises(ValidationError, match="tidak bisa diubah lagi"):
        services.plan_update(user=world.users[Role.LURAH], plan=plan, data=data(world.home_rt))


# -- problems follow the plan ---------------------------------------------------------------


def test_approving_plans_the_verified_problems_and_cancelling_releases_them(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    verified = VerifiedProblemFactory(rt=world.home_rt)
    handled = VerifiedProblemFactory(rt=world.home_rt, status=Status.DITANGANI)
    plan = services.plan_create(user=lurah, data=data(world.home_rt, problems=[verified, handled]))
    services.plan_submit(user=lurah, plan=plan)
    services.plan_approve(user=camat, plan=plan)
    verified.refresh_from_db()
    handled.refresh_from_db()
    assert verified.status == Status.DIRENCANAKAN
    assert handled.status == Status.DITANGANI  # already further: left alone
    event = verified.events.get(ke_status=Status.DIRENCANAKAN)
    assert event.oleh == camat and "Kerja bakti got Gg. Melati" in event.catatan

    services.plan_cancel(user=lurah, plan=plan, reason="Hujan deras")
    verified.refresh_from_db()
    assert verified.status == Status.DIVERIFIKASI


def test_cancelling_keeps_a_problem_planned_by_another_approved_plan(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    problem = VerifiedProblemFactory(rt=world.home_rt)
    plans = []
    for _ in range(2):
        plan = services.plan_create(user=lurah, data=data(world.home_rt, problems=[problem]))
        services.plan_submit(user=lurah, plan=plan)
        services.plan_approve(user=camat, plan=plan)
        plans.append(plan)
    services.plan_cancel(user=lurah, plan=plans[0], reason="Digabung")
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN


def test_approve_many_skips_what_cannot_be_approved(world):
    camat = world.users[Role.CAMAT]
    waiting = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    draft = plan_in(world.home_rt)
    result = services.plan_approve_many(user=camat, plans=[waiting, draft])
    assert [p.pk for p in result.done] == [waiting.pk]
    assert [p.pk for p, _ in result.failed] == [draft.pk]


# -- recurring schedules --------------------------------------------------------------------


def series_data(*rts, **fields) -> services.SeriesData:
    values = {
        "judul": "Jumat Bersih RW 001",
        "pola": "mingguan",
        "hari": 4,
        "jam_mulai": datetime.time(7),
        "jam_selesai": datetime.time(9),
        "mulai": D(2026, 11, 24),
        "rts": list(rts),
        "jenis_kegiatan": [activity()],
        "titik_kumpul": "Pos ronda",
        "targets": {"target_warga": 30},
        "penanggung_jawab_nama": "Pak RW",
    }
    values.update(fields)
    return services.SeriesData(**values)


def dates(series, **filters):
    return list(
        series.occurrences.filter(**filters).order_by("tanggal").values_list("tanggal", flat=True)
    )


def test_weekly_series_generates_eight_fridays_across_the_month_end(world):
    lurah = world.users[Role.LURAH]
    sibling = world.foreign_rt[Role.KETUA_RT]  # RT 2 of the same RW
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt, sibling), today=D(2026, 11, 24)
    )
    assert dates(series) == [
        D(2026, 11, 27),
        D(2026, 12, 4),
        D(2026, 12, 11),
        D(2026, 12, 18),
        # 25 December (Natal) and 1 January (Tahun Baru) are public holidays: no plan.
        D(2027, 1, 8),
        D(2027, 1, 15),
    ]
    plan = series.occurrences.order_by("tanggal").first()
    assert (plan.status, plan.judul, plan.jam_mulai) == (
        "draft",
        "Jumat Bersih RW 001",
        datetime.time(7),
    )
    assert sorted(loc.rt_id for loc in plan.lokasi.all()) == sorted([world.home_rt.pk, sibling.pk])
    assert plan.lokasi.first().titik_kumpul == "Pos ronda"
    assert plan.target_total == 30 and plan.kelurahan == world.home_rt.kelurahan
    assert "Dibuat dari jadwal rutin" in plan.events.get().catatan


def test_generation_is_idempotent_and_extends_the_window(world):
    lurah = world.users[Role.LURAH]
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt), today=D(2026, 11, 24)
    )
    assert services.series_generate(user=lurah, series=series, today=D(2026, 11, 24)) == []
    assert series.occurrences.count() == 6  # 8 Fridays, two of them public holidays
    a_week_later = services.series_generate(user=lurah, series=series, today=D(2026, 12, 1))
    assert [p.tanggal for p in a_week_later] == [D(2027, 1, 22)]


def test_holidays_and_own_skipped_dates_get_no_plan(world):
    Holiday.objects.create(tanggal=D(2026, 12, 25), nama="Hari Raya Natal")
    Holiday.objects.create(tanggal=D(2027, 1, 1), nama="Tahun Baru Masehi")
    lurah = world.users[Role.LURAH]
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt), today=D(2026, 11, 24)
    )
    assert D(2026, 12, 25) not in dates(series) and D(2027, 1, 1) not in dates(series)
    assert len(dates(series)) == 6

    cancelled = services.series_skip_date(
        user=lurah,
        series=series,
        tanggal=D(2026, 12, 11),
        alasan="MTQ kecamatan",
        today=D(2026, 11, 24),
    )
    assert cancelled.tanggal == D(2026, 12, 11) and cancelled.status == PlanStatus.DIBATALKAN
    assert cancelled.events.last().catatan == "Dilewati: MTQ kecamatan"
    # Regenerating neither brings the skipped date back nor the holidays.
    assert services.series_generate(user=lurah, series=series, today=D(2026, 11, 24)) == []
    assert dates(series, status="draft") == [
        D(2026, 11, 27), D(2026, 12, 4), D(2026, 12, 18), D(2027, 1, 8), D(2027, 1, 15)
    ]  # fmt: skip


def test_skipping_checks_the_date(world):
    lurah = world.users[Role.LURAH]
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt), today=D(2026, 11, 24)
    )
    today = D(2026, 11, 24)
    with pytest.raises(ValidationError, match="bukan salah satu tanggal jadwal"):
        services.series_skip_date(
            user=lurah, series=series, tanggal=D(2026, 12, 10), alasan="x", today=today
        )
    with pytest.raises(ValidationError, match="mulai hari ini"):
        services.series_skip_date(
            user=lurah, series=series, tanggal=D(2026, 11, 20), alasan="x", today=today
        )
    services.series_skip_date(
        user=lurah, series=series, tanggal=D(2026, 12, 4), alasan="x", today=today
    )
    with pytest.raises(ValidationError, match="sudah dilewati"):
        services.series_skip_date(
            user=lurah, series=series, tanggal=D(2026, 12, 4), alasan="y", today=today
        )


def test_monthly_second_sunday_series(world):
    series = services.series_create(
        user=world.users[Role.LURAH],
        data=series_data(world.home_rt, pola="bulanan", hari=6, minggu_ke=2, minggu_ke_depan=20),
        today=D(2026, 11, 24),
    )
    # 20 weeks from 24 November 2026 run to 12 April 2027.
    assert dates(series) == [
        D(2026, 12, 13), D(2027, 1, 10), D(2027, 2, 14), D(2027, 3, 14), D(2027, 4, 11)
    ]  # fmt: skip


def test_series_edit_changes_future_drafts_but_not_what_was_sent_or_edited(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    today = D(2026, 11, 24)
    series = services.series_create(user=lurah, data=series_data(world.home_rt), today=today)
    first, second, third, fourth = series.occurrences.order_by("tanggal")[:4]
    services.plan_submit(user=lurah, plan=first, today=today)
    services.plan_approve(user=camat, plan=first)
    services.plan_submit(user=lurah, plan=second, today=today)
    services.plan_return(user=camat, plan=second, note="Mulai 07.30 saja")
    edited = data(world.home_rt, tanggal=third.tanggal, judul="Jumat Bersih + senam")
    services.plan_update(user=lurah, plan=third, data=edited)

    change = services.series_update(
        user=lurah,
        series=series,
        data=series_data(world.home_rt, jam_mulai=datetime.time(7, 30), judul="Jumat Bersih"),
        apply_to_future=True,
        today=today,
    )
    assert (change.updated, change.removed, change.created, change.kept) == (4, 0, 0, 2)
    for plan in (first, second, third, fourth):
        plan.refresh_from_db()
    assert first.jam_mulai == datetime.time(7) and first.status == "disetujui"
    assert second.jam_mulai == datetime.time(7, 30) and second.status == "dikembalikan"
    assert third.judul == "Jumat Bersih + senam" and third.diubah_sendiri
    assert fourth.judul == "Jumat Bersih" and fourth.jam_mulai == datetime.time(7, 30)
    assert "Diubah mengikuti jadwal rutin" in fourth.events.last().catatan


def test_series_edit_to_another_weekday_moves_the_drafts(world):
    lurah = world.users[Role.LURAH]
    today = D(2026, 11, 24)
    series = services.series_create(user=lurah, data=series_data(world.home_rt), today=today)
    first = series.occurrences.order_by("tanggal").first()
    services.plan_submit(user=lurah, plan=first, today=today)
    change = services.series_update(
        user=lurah,
        series=series,
        data=series_data(world.home_rt, hari=5),  # Saturdays
        apply_to_future=True,
        today=today,
    )
    assert (change.removed, change.created, change.kept) == (5, 8, 1)  # no Saturday is off
    assert dates(series, tanggal__gt=D(2026, 11, 27))[:2] == [D(2026, 11, 28), D(2026, 12, 5)]
    assert {d.weekday() for d in dates(series, status="draft")} == {5}
    assert RencanaAksi.objects.get(pk=first.pk).status == PlanStatus.DIAJUKAN


def test_series_edit_for_new_plans_only_leaves_existing_ones(world):
    lurah = world.users[Role.LURAH]
    today = D(2026, 11, 24)
    series = services.series_create(user=lurah, data=series_data(world.home_rt), today=today)
    change = services.series_update(
        user=lurah,
        series=series,
        data=series_data(world.home_rt, jam_mulai=datetime.time(6), minggu_ke_depan=9),
        apply_to_future=False,
        today=today,
    )
    assert (change.updated, change.created, change.kept) == (0, 1, 6)
    times = list(series.occurrences.order_by("tanggal").values_list("jam_mulai", flat=True))
    assert times == [datetime.time(7)] * 6 + [datetime.time(6)]


def test_submit_all_drafts_of_a_series(world):
    lurah = world.users[Role.LURAH]
    today = D(2026, 11, 24)
    series = services.series_create(user=lurah, data=series_data(world.home_rt), today=today)
    submitted = services.series_submit_drafts(user=lurah, series=series, today=today)
    assert len(submitted) == 6  # 8 Fridays but Natal and Tahun Baru
    assert set(series.occurrences.values_list("status", flat=True)) == {"diajukan"}


def test_series_permissions_and_area(world):
    with pytest.raises(PermissionDenied):
        services.series_create(
            user=world.users[Role.CAMAT], data=series_data(world.home_rt), today=D(2026, 11, 24)
        )
    with pytest.raises(Http404):
        services.series_create(
            user=world.users[Role.LURAH],
            data=series_data(world.foreign_rt[Role.LURAH]),
            today=D(2026, 11, 24),
        )
    foreign = series_in(world.foreign_rt[Role.LURAH])
    with pytest.raises(Http404):
        services.series_generate(user=world.users[Role.LURAH], series=foreign)
    assert not PlanSeries.objects.exclude(pk=foreign.pk).exists()


def test_an_inactive_series_generates_nothing(world):
    lurah = world.users[Role.LURAH]
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt, aktif=False), today=D(2026, 11, 24)
    )
    assert series.occurrences.count() == 0


def test_one_occurrence_per_series_and_date_in_the_database(world):
    from django.db import IntegrityError, transaction

    series = series_in(world.home_rt)
    day = next_weekday(4)
    plan_in(world.home_rt, series=series, tanggal=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_in(world.home_rt, series=series, tanggal=day)
    assert PlanLocation.objects.count() == 1 and PlanEvent.objects.count() == 1


# -- stakeholders invited (stage 2) ---------------------------------------------------------


def test_stakeholders_serving_the_kelurahan_can_be_invited(world):
    from tests.stakeholder.factories import StakeholderFactory

    lurah = world.users[Role.LURAH]
    # Serves the home kelurahan only.
    koramil = world.users[Role.STAKEHOLDER].stakeholder_contact.stakeholder
    elsewhere = StakeholderFactory(
        kecamatan=world.home_rt.kelurahan.kecamatan,
        kelurahan=[world.foreign_rt[Role.LURAH].kelurahan],
    )
    plan = services.plan_create(user=lurah, data=data(world.home_rt, stakeholders=[koramil]))
    assert list(plan.stakeholders_invited.all()) == [koramil]
    admin = world.users[Role.ADMIN_KECAMATAN]
    with pytest.raises(ValidationError, match="tidak melayani|does not serve"):
        services.plan_create(user=admin, data=data(world.home_rt, stakeholders=[elsewhere]))


def test_the_daily_command_keeps_the_weeks_ahead_filled(world):
    from io import StringIO

    from django.core.management import call_command

    lurah = world.users[Role.LURAH]
    series = services.series_create(
        user=lurah, data=series_data(world.home_rt), today=D(2026, 11, 24)
    )
    services.series_create(
        user=lurah,
        data=series_data(world.home_rt, judul="Berhenti", aktif=False),
        today=D(2026, 11, 24),
    )
    out = StringIO()
    call_command("generate_plans", "--today", "2026-12-08", stdout=out)
    assert dates(series)[-2:] == [D(2027, 1, 22), D(2027, 1, 29)]
    assert "Jumat Bersih RW 001: 2" in out.getvalue()
    assert series.occurrences.get(tanggal=D(2027, 1, 29)).dibuat_oleh is None
    call_command("generate_plans", "--today", "2026-12-08", stdout=out)
    assert "0 plan(s) generated." in out.getvalue()
