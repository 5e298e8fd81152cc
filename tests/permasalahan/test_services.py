import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from permasalahan import services
from permasalahan.models import Problem, ProblemEvent, ProblemPhoto, Status
from permasalahan.services import TRANSITIONS, problem_allowed_actions
from sigoro.models import Holiday, Photo, Role
from sigoro.photos import PhotoError, process_photo
from sigoro.workdays import add_working_days, working_days_between
from tests.conftest import ROLES
from tests.permasalahan.factories import (
    REPORTER_KEY,
    ProblemFactory,
    ResolvedProblemFactory,
    VerifiedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def create(user=None, rt=None, **kwargs):
    fields = {
        "kategori": category(),
        "rt": rt,
        "alamat": "Gg. Melati",
        "deskripsi": "Sampah menumpuk di depan masjid",
    }
    fields.update(kwargs)
    return services.problem_create(user=user, **fields)


# -- working days ---------------------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays():
    friday = datetime.date(2026, 11, 20)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 3) == datetime.date(2026, 11, 25)
    Holiday.objects.create(tanggal=datetime.date(2026, 11, 24), nama="Cuti bersama")
    assert add_working_days(friday, 3) == datetime.date(2026, 11, 26)
    assert working_days_between(friday, datetime.date(2026, 11, 26)) == 3


# -- create ---------------------------------------------------------------------------------


def test_public_report_gets_code_deadline_and_timeline(world):
    problem = create(rt=world.home_rt, pelapor_nama="Budi", pelapor_hp="6281200001111")
    assert problem.kode.startswith("SGR-") and len(problem.kode) == 10
    assert problem.sumber == "warga" and problem.status == Status.DILAPORKAN
    assert problem.kelurahan == world.home_rt.kelurahan
    assert problem.tenggat_verifikasi == add_working_days(timezone.localdate(), 3)
    event = problem.events.get()
    assert (event.ke_status, event.oleh_pelapor) == (Status.DILAPORKAN, True)


def test_codes_are_not_sequential(world):
    codes = {create(rt=world.home_rt).kode for _ in range(20)}
    assert len(codes) == 20


def test_same_idempotency_key_makes_one_problem(world):
    first = create(rt=world.home_rt, idempotency_key="abc123", processed_photos=[jpeg()])
    second = create(rt=world.home_rt, idempotency_key="abc123", processed_photos=[jpeg()])
    assert first.pk == second.pk
    assert Problem.objects.count() == 1
    assert Photo.objects.count() == 1  # the second send stored no photo either


def jpeg():
    return process_photo(upload(camera_jpeg(1)))


def test_the_verification_deadline_counts_from_the_day_given(world):
    friday = datetime.date(2026, 11, 20)
    problem = create(rt=world.home_rt, today=friday)
    assert problem.tenggat_verifikasi == datetime.date(2026, 11, 25)  # 3 working days


def test_staff_can_only_report_inside_their_area(world):
    rt_head = world.users[Role.KETUA_RT]
    problem = create(user=rt_head, rt=world.home_rt)
    assert problem.sumber == "rt" and problem.pelapor == rt_head
    with pytest.raises(Http404):
        create(user=rt_head, rt=world.foreign_rt[Role.KETUA_RT])
    with pytest.raises(PermissionDenied):
        create(user=world.users[Role.CAMAT], rt=world.home_rt)


def test_gps_is_taken_from_the_photo_when_not_given_and_the_reporter_agrees(world):
    processed = process_photo(upload(camera_jpeg(6, lat=-2.0921, lon=106.1389)))
    problem = create(rt=world.home_rt, processed_photos=[processed], use_photo_location=True)
    assert problem.lat == pytest.approx(-2.0921, abs=1e-4)
    assert problem.lon == pytest.approx(106.1389, abs=1e-4)
    photo = problem.photos.get().photo
    assert photo.gps_lat == pytest.approx(-2.0921, abs=1e-4)


def test_typed_gps_wins_over_the_photo(world):
    processed = process_photo(upload(camera_jpeg(1, lat=-2.0921, lon=106.1389)))
    problem = create(
        rt=world.home_rt,
        processed_photos=[processed],
        lat=-2.1,
        lon=106.15,
        use_photo_location=True,
    )
    assert (problem.lat, problem.lon) == (-2.1, 106.15)


def test_the_photo_gps_is_private_unless_the_reporter_agrees(world):
    processed = process_photo(upload(camera_jpeg(1, lat=-2.0921, lon=106.1389)))
    problem = create(rt=world.home_rt, processed_photos=[processed])
    assert (problem.lat, problem.lon) == (None, None)
    assert problem.photos.get().photo.gps_lat == pytest.approx(-2.0921, abs=1e-4)


def test_failed_save_leaves_no_photo_files_and_no_rows(world, media_in_tmp):
    good = process_photo(upload(camera_jpeg(1)))
    with pytest.raises(ValidationError):
        create(
            rt=world.home_rt,
            processed_photos=[good],
            needs=[services.NeedRow(jenis="material", item="Karung", jumlah=0, satuan="buah")],
        )
    assert Problem.objects.count() == 0
    assert Photo.objects.count() == 0
    files = [p for p in media_in_tmp.rglob("*") if p.is_file()] if media_in_tmp.exists() else []
    assert files == []


def test_bad_photo_is_refused_before_anything_is_written(world):
    with pytest.raises(PhotoError) as error:
        services.process_uploads([upload(b"<html>bukan foto</html>", "foto.jpg")])
    assert "foto" in str(error.value).lower()


# -- transitions ----------------------------------------------------------------------------

ALL_STATUSES = list(Status)


@pytest.mark.parametrize("start", ALL_STATUSES)
@pytest.mark.parametrize("to", ALL_STATUSES)
def test_only_allowed_transitions_happen(world, start, to):
    problem = ProblemFactory(rt=world.home_rt, status=start, selesai_pada=timezone.now())
    if to in TRANSITIONS[start]:
        with transaction.atomic():
            services._transition(problem, to)
        problem.refresh_from_db()
        assert problem.status == to
    else:
        with pytest.raises(ValidationError), transaction.atomic():
            services._transition(problem, to)
        problem.refresh_from_db()
        assert problem.status == start


def test_the_transition_map_is_the_issue_workflow():
    assert TRANSITIONS[Status.DILAPORKAN] == {Status.DIVERIFIKASI, Status.DITOLAK, Status.DUPLIKAT}
    assert TRANSITIONS[Status.DIVERIFIKASI] == {
        Status.DIRENCANAKAN,
        Status.DITANGANI,
        Status.SELESAI,
        Status.DITOLAK,
        Status.DUPLIKAT,
    }
    assert TRANSITIONS[Status.DIRENCANAKAN] == {
        Status.DITANGANI,
        Status.SELESAI,
        Status.DIVERIFIKASI,
    }
    assert TRANSITIONS[Status.DITANGANI] == {Status.SELESAI}
    assert TRANSITIONS[Status.SELESAI] == {Status.DIVERIFIKASI}  # reopened by the reporter
    assert TRANSITIONS[Status.DITOLAK] == TRANSITIONS[Status.DUPLIKAT] == set()


# -- what each role may do now: one answer for pages and services -------------------------

NOTE = {"note"}
# Who records a gotong royong in the problem's area may resolve it there (stage 4).
EVENT = "resolve_at_event"
# (role, status) -> the actions; pinned by hand from the workflow and the role table.
LURAH_LEVEL = {
    Status.DILAPORKAN: {"verify", "reject", "duplicate", "note"},
    Status.DIVERIFIKASI: {"handle", "resolve", "reject", "duplicate", "note", EVENT},
    Status.DIRENCANAKAN: {"handle", "resolve", "unplan", "note", EVENT},
    Status.DITANGANI: {"resolve", "note", EVENT},
    Status.SELESAI: NOTE,
    Status.DITOLAK: NOTE,
    Status.DUPLIKAT: NOTE,
}
EXPECTED_ACTIONS = {
    Role.LURAH: LURAH_LEVEL,
    Role.ADMIN_KECAMATAN: {
        **LURAH_LEVEL,
        Status.DIVERIFIKASI: LURAH_LEVEL[Status.DIVERIFIKASI] | {"plan"},
    },
    Role.CAMAT: dict.fromkeys(Status, NOTE) | {Status.DIVERIFIKASI: {"plan", "note"}},
    Role.KETUA_RW: dict.fromkeys(Status, NOTE)
    | {s: {"note", EVENT} for s in (Status.DIVERIFIKASI, Status.DIRENCANAKAN, Status.DITANGANI)},
    Role.KETUA_RT: dict.fromkeys(Status, NOTE)
    | {s: {"note", EVENT} for s in (Status.DIVERIFIKASI, Status.DIRENCANAKAN, Status.DITANGANI)},
    Role.STAKEHOLDER: {status: set() for status in Status},
    # Read-only: not even a note.
    Role.PEMANTAU_KOTA: {status: set() for status in Status},
}


@pytest.mark.parametrize("role", ROLES)
def test_allowed_actions_by_role_and_status(world, role):
    for status in Status:
        problem = ProblemFactory(rt=world.home_rt, status=status, selesai_pada=timezone.now())
        actions = problem_allowed_actions(user=world.users[role], problem=problem)
        assert actions == EXPECTED_ACTIONS[role][status], (role, status)
        foreign = ProblemFactory(rt=world.foreign_rt[role], status=status)
        assert problem_allowed_actions(user=world.users[role], problem=foreign) == set()


STAFF_RUN = {
    "verify": lambda user, p: services.problem_verify(user=user, problem=p),
    "reject": lambda user, p: services.problem_reject(user=user, problem=p, reason="Bukan got"),
    "handle": lambda user, p: services.problem_start_handling(user=user, problem=p),
    "resolve": lambda user, p: services.problem_resolve(user=user, problem=p),
    "plan": lambda user, p: services.problem_plan(user=user, problem=p),
    "unplan": lambda user, p: services.problem_unplan(user=user, problem=p),
    "note": lambda user, p: services.problem_add_note(user=user, problem=p, note="Dicek"),
    EVENT: lambda user, p: services.problem_resolve_at_event(user=user, problem=p, note="Kerja"),
}


@pytest.mark.parametrize("role", ROLES)
def test_every_service_does_exactly_what_the_allowed_actions_say(world, role):
    """For every status and staff action: the service succeeds when the action is in
    problem_allowed_actions, and otherwise refuses (role, area or status) and changes
    nothing."""
    user = world.users[role]
    for status in Status:
        for name, run in STAFF_RUN.items():
            problem = ProblemFactory(rt=world.home_rt, status=status, selesai_pada=timezone.now())
            allowed = name in problem_allowed_actions(user=user, problem=problem)
            events = problem.events.count()
            if allowed:
                run(user, problem)
            else:
                with pytest.raises((PermissionDenied, ValidationError)):
                    run(user, problem)
            problem.refresh_from_db()
            moved = services.ACTIONS[name].to
            if allowed and moved:
                assert problem.status == moved, (role, status, name)
            else:
                assert problem.status == status, (role, status, name)
            assert problem.events.count() == events + (1 if allowed else 0), (role, status, name)


def test_verifying_a_planned_problem_is_refused(world):
    """ "diverifikasi" is reached from "direncanakan" only by cancelling the plan."""
    problem = ProblemFactory(rt=world.home_rt, status=Status.DIRENCANAKAN)
    with pytest.raises(ValidationError):
        services.problem_verify(user=world.users[Role.LURAH], problem=problem)
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN


def test_what_the_reporter_may_do_on_the_tracking_page(world):
    resolved_on = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))
    open_problem = ProblemFactory(rt=world.home_rt, status=Status.DITANGANI)
    done = ResolvedProblemFactory(
        rt=world.home_rt, selesai_pada=resolved_on, reporter_key=REPORTER_KEY
    )
    rejected = ProblemFactory(rt=world.home_rt, status=Status.DITOLAK)
    last_day = datetime.date(2026, 11, 15)  # 14 days counting 2 November
    assert services.reopen_until(done) == last_day
    assert services.reopen_until(open_problem) is None
    assert problem_allowed_actions(user=None, problem=open_problem) == {"confirm"}
    key = {"reporter_key": REPORTER_KEY}
    assert problem_allowed_actions(user=None, problem=done, today=last_day, **key) == {
        "reopen",
        "rate",
    }
    # The public tracking code alone allows neither.
    assert problem_allowed_actions(user=None, problem=done, today=last_day) == set()
    after = last_day + datetime.timedelta(days=1)
    assert problem_allowed_actions(user=None, problem=done, today=after, **key) == {"rate"}
    assert problem_allowed_actions(user=None, problem=rejected, **key) == set()
    services.problem_rate(problem=done, rating="puas", **key)
    assert problem_allowed_actions(user=None, problem=done, today=last_day, **key) == {"reopen"}


@pytest.mark.parametrize("role", [Role.ADMIN_KECAMATAN, Role.LURAH])
def test_lurah_level_roles_verify_and_set_follow_up_deadline(world, role):
    problem = ProblemFactory(rt=world.home_rt)
    friday = datetime.date(2026, 11, 20)
    services.problem_verify(
        user=world.users[role], problem=problem, note="Sudah dicek", today=friday
    )
    problem.refresh_from_db()
    assert problem.status == Status.DIVERIFIKASI
    assert problem.diverifikasi_pada is not None
    assert problem.tenggat_tindak_lanjut == datetime.date(2026, 11, 27)  # 5 working days
    event = problem.events.last()
    assert (event.dari_status, event.ke_status, event.catatan) == (
        Status.DILAPORKAN,
        Status.DIVERIFIKASI,
        "Sudah dicek",
    )
    assert event.oleh == world.users[role]


@pytest.mark.parametrize("role", [Role.CAMAT, Role.KETUA_RW, Role.KETUA_RT, Role.STAKEHOLDER])
def test_other_roles_cannot_verify(world, role):
    problem = ProblemFactory(rt=world.home_rt)
    with pytest.raises(PermissionDenied):
        services.problem_verify(user=world.users[role], problem=problem)


def test_lurah_cannot_verify_another_kelurahan(world):
    problem = ProblemFactory(rt=world.foreign_rt[Role.LURAH])
    with pytest.raises(Http404):
        services.problem_verify(user=world.users[Role.LURAH], problem=problem)
    problem.refresh_from_db()
    assert problem.status == Status.DILAPORKAN


def test_reject_needs_a_reason(world):
    problem = ProblemFactory(rt=world.home_rt)
    with pytest.raises(ValidationError):
        services.problem_reject(user=world.users[Role.LURAH], problem=problem, reason="  ")
    services.problem_reject(user=world.users[Role.LURAH], problem=problem, reason="Bukan sampah")
    problem.refresh_from_db()
    assert problem.status == Status.DITOLAK


def test_duplicate_points_to_original_and_adds_its_reports(world):
    original = ProblemFactory(rt=world.home_rt, jumlah_laporan=3)
    copy = ProblemFactory(rt=world.home_rt, jumlah_laporan=2)
    services.problem_mark_duplicate(user=world.users[Role.LURAH], problem=copy, original=original)
    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.status == Status.DUPLIKAT and copy.duplikat_dari == original
    assert original.jumlah_laporan == 5
    assert "digabungkan" in original.events.last().catatan
    with pytest.raises(ValidationError):
        services.problem_mark_duplicate(
            user=world.users[Role.LURAH], problem=original, original=original
        )


def test_resolve_with_photo_and_times(world):
    problem = VerifiedProblemFactory(rt=world.home_rt)
    processed = process_photo(upload(camera_jpeg(1)))
    services.problem_resolve(
        user=world.users[Role.LURAH],
        problem=problem,
        note="Sudah diangkut",
        processed_photo=processed,
    )
    problem.refresh_from_db()
    assert problem.status == Status.SELESAI and problem.selesai_pada is not None
    assert problem.events.last().foto is not None
    assert ProblemPhoto.objects.filter(problem=problem).count() == 1


def test_reopen_within_14_days_only(world):
    resolved_on = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))
    recent = ResolvedProblemFactory(
        rt=world.home_rt, selesai_pada=resolved_on, reporter_key=REPORTER_KEY
    )
    last_day = datetime.date(2026, 11, 15)  # a Sunday
    services.problem_reopen(
        problem=recent, note="Sampah menumpuk lagi", today=last_day, reporter_key=REPORTER_KEY
    )
    recent.refresh_from_db()
    assert recent.status == Status.DIVERIFIKASI and recent.selesai_pada is None
    assert recent.events.last().oleh_pelapor is True
    assert recent.tenggat_tindak_lanjut == datetime.date(2026, 11, 20)  # 5 working days on
    old = ResolvedProblemFactory(
        rt=world.home_rt, selesai_pada=resolved_on, reporter_key=REPORTER_KEY
    )
    with pytest.raises(ValidationError) as error:
        services.problem_reopen(
            problem=old,
            note="Masih kotor",
            today=last_day + datetime.timedelta(days=1),
            reporter_key=REPORTER_KEY,
        )
    assert "14 hari" in str(error.value)
    old.refresh_from_db()
    assert old.status == Status.SELESAI


def test_rating_once_resolved(world):
    problem = VerifiedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    with pytest.raises(ValidationError):
        services.problem_rate(problem=problem, rating="puas", reporter_key=REPORTER_KEY)
    done = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    services.problem_rate(problem=done, rating="tidak_puas", reporter_key=REPORTER_KEY)
    done.refresh_from_db()
    assert done.penilaian == "tidak_puas"
    with pytest.raises(ValidationError, match="sudah dinilai"):
        services.problem_rate(problem=done, rating="puas", reporter_key=REPORTER_KEY)
    done.refresh_from_db()
    assert done.penilaian == "tidak_puas"


def test_confirm_counts_once_per_address(world):
    problem = ProblemFactory(rt=world.home_rt)
    assert services.problem_confirm(problem=problem, ip_address="10.0.0.1") is True
    assert services.problem_confirm(problem=problem, ip_address="10.0.0.1") is False
    assert services.problem_confirm(problem=problem, ip_address="10.0.0.2") is True
    problem.refresh_from_db()
    assert problem.jumlah_laporan == 3


def test_every_status_change_is_on_the_timeline(world):
    lurah = world.users[Role.LURAH]
    problem = ProblemFactory(rt=world.home_rt)
    ProblemEvent.objects.create(problem=problem, ke_status=Status.DILAPORKAN)
    services.problem_verify(user=lurah, problem=problem)
    services.problem_start_handling(user=lurah, problem=problem)
    services.problem_resolve(user=lurah, problem=problem)
    path = list(problem.events.values_list("ke_status", flat=True))
    assert path == ["dilaporkan", "diverifikasi", "ditangani", "selesai"]


def test_planning_a_problem_is_done_with_the_authority_that_approves_plans(world):
    problem = VerifiedProblemFactory(rt=world.home_rt)
    with pytest.raises(PermissionDenied):
        services.problem_plan(user=world.users[Role.KETUA_RT], problem=problem)
    services.problem_plan(user=world.users[Role.CAMAT], problem=problem, note="Rencana Aksi")
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN
    services.problem_unplan(user=world.users[Role.LURAH], problem=problem, note="Batal")
    problem.refresh_from_db()
    assert problem.status == Status.DIVERIFIKASI


def test_a_photo_a_record_already_uses_cannot_be_sent_again_as_a_kept_photo(world):
    """A kept photo's uuid shows in its public address once a record uses it: from then on
    a form cannot take it (here a timeline photo, shown on the public tracking page)."""
    from permasalahan.forms import PublicReportForm
    from sigoro import kept_photos
    from sigoro.services import photo_create_from_processed

    def stored_photo():
        processed = process_photo(io.BytesIO(camera_jpeg()))
        return photo_create_from_processed(user=None, processed=processed)

    problem = ProblemFactory(rt=world.home_rt)
    photo, spare = stored_photo(), stored_photo()
    ProblemEvent.objects.create(problem=problem, ke_status=problem.status, foto=photo)

    session = {}
    kept_photos.remember(session, [photo, spare])
    form = PublicReportForm(
        data={"foto_tersimpan": f"{photo.uuid.hex},{spare.uuid.hex}"}, session=session
    )
    assert form.kept_photos() == [spare]
    # Without the session that kept them, no uuid is taken.
    assert PublicReportForm(data={"foto_tersimpan": spare.uuid.hex}).kept_photos() == []
