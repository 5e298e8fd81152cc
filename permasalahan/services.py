"""Writes of stage 1: creating problems and moving them through their statuses.

Every change of status goes through :func:`_transition`, which checks the allowed moves,
writes the timeline entry and keeps the denormalised timestamps and deadlines in step.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from permasalahan.models import (
    OPEN_STATUSES,
    Problem,
    ProblemConfirmation,
    ProblemEvent,
    ProblemNeed,
    ProblemPhoto,
    Rating,
    Source,
    Status,
)
from sigoro import access
from sigoro.models import Photo, Role
from sigoro.photos import process_photo
from sigoro.services import atomic_with_files, photo_create_from_processed
from sigoro.workdays import add_working_days

# Allowed status moves (the service layer is the only place that enforces them).
TRANSITIONS = {
    Status.DILAPORKAN: {Status.DIVERIFIKASI, Status.DITOLAK, Status.DUPLIKAT},
    Status.DIVERIFIKASI: {
        Status.DIRENCANAKAN,
        Status.DITANGANI,
        Status.SELESAI,
        Status.DITOLAK,
        Status.DUPLIKAT,
    },
    Status.DIRENCANAKAN: {Status.DITANGANI, Status.SELESAI, Status.DIVERIFIKASI},
    Status.DITANGANI: {Status.SELESAI, Status.DIVERIFIKASI},
    Status.SELESAI: {Status.DIVERIFIKASI},  # reopened by the reporter
    Status.DITOLAK: set(),
    Status.DUPLIKAT: set(),
}

SOURCE_FOR_ROLE = {
    Role.KETUA_RT: Source.RT,
    Role.KETUA_RW: Source.RW,
    Role.LURAH: Source.KELURAHAN,
    Role.ADMIN_KECAMATAN: Source.KECAMATAN,
    Role.CAMAT: Source.KECAMATAN,
}


@dataclass
class NeedRow:
    jenis: str
    item: str
    jumlah: int
    satuan: str


def _today():
    return timezone.localdate()


def process_uploads(uploads) -> list:
    """Decode and check every photo before anything is written (PhotoError on the first bad)."""
    if len(uploads) > settings.PROBLEM_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)d photos per report.") % {"n": settings.PROBLEM_MAX_PHOTOS}
        )
    return [process_photo(upload) for upload in uploads]


def problem_create(
    *,
    user,
    kategori,
    rt,
    alamat: str,
    deskripsi: str,
    keparahan: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    processed_photos=(),
    kept_photos=(),
    needs: list[NeedRow] = (),
    pelapor_nama: str = "",
    pelapor_hp: str = "",
    idempotency_key: str | None = None,
) -> Problem:
    """Record a problem with its photos and needs: everything or nothing.

    ``user`` is None (or anonymous) for a public report. A repeated ``idempotency_key``
    (a double submit) returns the problem the first submit created.
    """
    public = user is None or not user.is_authenticated
    if not public:
        access.require(user, "problem.create", rt)
    if idempotency_key:
        existing = Problem.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    if lat is None and lon is None:
        lat, lon = _gps_from_photos(processed_photos, kept_photos)
    problem = Problem(
        kategori=kategori,
        rt=rt,
        alamat=alamat.strip(),
        deskripsi=deskripsi.strip(),
        keparahan=keparahan or Problem._meta.get_field("keparahan").default,
        lat=lat,
        lon=lon,
        sumber=Source.WARGA if public else SOURCE_FOR_ROLE.get(user.role, Source.KECAMATAN),
        pelapor=None if public else user,
        pelapor_nama=pelapor_nama.strip(),
        pelapor_hp=pelapor_hp.strip(),
        idempotency_key=idempotency_key or None,
        tenggat_verifikasi=add_working_days(_today(), settings.SLA_VERIFY_WORKING_DAYS),
    )
    problem.full_clean(exclude=["idempotency_key"])
    try:
        with atomic_with_files():
            problem.save()
            for processed in processed_photos:
                photo = photo_create_from_processed(user=user, processed=processed)
                ProblemPhoto.objects.create(problem=problem, photo=photo)
            for photo in kept_photos:
                ProblemPhoto.objects.create(problem=problem, photo=photo)
            for need in needs:
                row = ProblemNeed(problem=problem, **need.__dict__)
                row.full_clean()
                row.save()
            ProblemEvent.objects.create(
                problem=problem,
                ke_status=Status.DILAPORKAN,
                oleh=None if public else user,
                oleh_pelapor=public,
            )
    except IntegrityError:
        # Two identical submits raced: the other one won; answer with its problem.
        if idempotency_key:
            existing = Problem.objects.filter(idempotency_key=idempotency_key).first()
            if existing:
                return existing
        raise
    return problem


def _gps_from_photos(processed_photos, kept_photos) -> tuple[float | None, float | None]:
    """Take the location from the first photo that carries GPS in its EXIF."""
    for item in [*processed_photos, *kept_photos]:
        if item.gps_lat is not None and item.gps_lon is not None:
            return item.gps_lat, item.gps_lon
    return None, None


def photo_keep_for_retry(*, processed) -> Photo:
    """Store a good photo of a form that failed elsewhere, so the reporter need not pick it
    again. Unattached photos older than a day are removed by ``cleanup_photos``."""
    return photo_create_from_processed(user=None, processed=processed)


def category_save(*, user, form):
    """Save a problem category from its (valid) form."""
    access.require_perm(user, "category.manage")
    with transaction.atomic():
        return form.save()


# -- status changes -------------------------------------------------------------------------


def _transition(
    problem: Problem, to: str, *, user=None, note: str = "", photo=None, by_reporter: bool = False
) -> Problem:
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if to not in TRANSITIONS[problem.status]:
        raise ValidationError(
            _("A problem that is %(from)s cannot become %(to)s.")
            % {"from": problem.get_status_display(), "to": Status(to).label}
        )
    now = timezone.now()
    previous = problem.status
    problem.status = to
    if to == Status.DIVERIFIKASI and previous == Status.DILAPORKAN:
        problem.diverifikasi_pada = now
        problem.tenggat_tindak_lanjut = add_working_days(
            _today(), settings.SLA_FOLLOW_UP_WORKING_DAYS
        )
    if to == Status.SELESAI:
        problem.selesai_pada = now
    if previous == Status.SELESAI:  # reopened
        problem.selesai_pada = None
        problem.penilaian = ""
        problem.tenggat_tindak_lanjut = add_working_days(
            _today(), settings.SLA_FOLLOW_UP_WORKING_DAYS
        )
    problem.save()
    ProblemEvent.objects.create(
        problem=problem,
        dari_status=previous,
        ke_status=to,
        catatan=note.strip(),
        oleh=user if user is not None and user.is_authenticated else None,
        oleh_pelapor=by_reporter,
        foto=photo,
    )
    return problem


def _staff_transition(*, user, problem, to, action, note="", processed_photo=None) -> Problem:
    access.require(user, action, problem)
    with atomic_with_files():
        photo = None
        if processed_photo is not None:
            photo = photo_create_from_processed(user=user, processed=processed_photo)
            ProblemPhoto.objects.create(problem=problem, photo=photo)
        return _transition(problem, to, user=user, note=note, photo=photo)


def problem_verify(*, user, problem, note: str = "") -> Problem:
    return _staff_transition(
        user=user, problem=problem, to=Status.DIVERIFIKASI, action="problem.verify", note=note
    )


def problem_reject(*, user, problem, reason: str) -> Problem:
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting this report."))
    return _staff_transition(
        user=user, problem=problem, to=Status.DITOLAK, action="problem.verify", note=reason
    )


def problem_mark_duplicate(*, user, problem, original: Problem, note: str = "") -> Problem:
    """Close ``problem`` as a duplicate of ``original``; its reports count for the original."""
    access.require(user, "problem.verify", problem)
    access.require_in_area(user, original)
    if original.pk == problem.pk or original.duplikat_dari_id == problem.pk:
        raise ValidationError(_("A problem cannot be a duplicate of itself."))
    if original.status not in OPEN_STATUSES and original.status != Status.SELESAI:
        raise ValidationError(_("The original must be an open or resolved problem."))
    with transaction.atomic():
        text = _("Duplicate of %(code)s.") % {"code": original.kode}
        problem = _transition(problem, Status.DUPLIKAT, user=user, note=f"{text} {note}".strip())
        Problem.objects.filter(pk=problem.pk).update(duplikat_dari=original)
        Problem.objects.filter(pk=original.pk).update(
            jumlah_laporan=F("jumlah_laporan") + problem.jumlah_laporan
        )
        ProblemEvent.objects.create(
            problem=original,
            catatan=_("Report %(code)s was merged into this problem.") % {"code": problem.kode},
            oleh=user,
        )
    problem.refresh_from_db()
    return problem


def problem_start_handling(*, user, problem, note: str = "", processed_photo=None) -> Problem:
    return _staff_transition(
        user=user,
        problem=problem,
        to=Status.DITANGANI,
        action="problem.handle",
        note=note,
        processed_photo=processed_photo,
    )


def problem_resolve(*, user, problem, note: str = "", processed_photo=None) -> Problem:
    return _staff_transition(
        user=user,
        problem=problem,
        to=Status.SELESAI,
        action="problem.handle",
        note=note,
        processed_photo=processed_photo,
    )


def problem_plan(*, user, problem, note: str = "") -> Problem:
    """Mark a verified problem as planned: the approval of a Rencana Aksi is the authority
    (the camat approves plans but does not verify reports)."""
    return _staff_transition(
        user=user, problem=problem, to=Status.DIRENCANAKAN, action="plan.approve", note=note
    )


def problem_unplan(*, user, problem, note: str = "") -> Problem:
    """Return a planned problem to "diverifikasi" when the plan covering it is cancelled."""
    return _staff_transition(
        user=user, problem=problem, to=Status.DIVERIFIKASI, action="plan.finish", note=note
    )


def problem_add_note(*, user, problem, note: str, processed_photo=None) -> ProblemEvent:
    """A timeline note without a status change (e.g. "the DLH truck comes on Monday")."""
    access.require(user, "problem.comment", problem)
    if not note.strip() and processed_photo is None:
        raise ValidationError(_("Write a note or add a photo."))
    with atomic_with_files():
        photo = None
        if processed_photo is not None:
            photo = photo_create_from_processed(user=user, processed=processed_photo)
            ProblemPhoto.objects.create(problem=problem, photo=photo)
        return ProblemEvent.objects.create(
            problem=problem, catatan=note.strip(), oleh=user, foto=photo
        )


# -- what the reporter does from the tracking page ------------------------------------------


def problem_reopen(*, problem, note: str, processed_photo=None) -> Problem:
    """The reporter says a "resolved" problem is not: allowed for REOPEN_DAYS days."""
    if problem.status != Status.SELESAI:
        raise ValidationError(_("Only a resolved problem can be reopened."))
    age = timezone.now() - problem.selesai_pada
    if age.days >= settings.REOPEN_DAYS:
        raise ValidationError(
            _("A problem can be reopened within %(days)d days of being resolved.")
            % {"days": settings.REOPEN_DAYS}
        )
    if not note.strip():
        raise ValidationError(_("Tell us what is still wrong."))
    with atomic_with_files():
        photo = None
        if processed_photo is not None:
            photo = photo_create_from_processed(user=None, processed=processed_photo)
            ProblemPhoto.objects.create(problem=problem, photo=photo)
        text = _("Reopened by the reporter: %(note)s") % {"note": note.strip()}
        return _transition(problem, Status.DIVERIFIKASI, note=text, photo=photo, by_reporter=True)


def problem_rate(*, problem, rating: str) -> Problem:
    if problem.status != Status.SELESAI:
        raise ValidationError(_("You can rate the result once the problem is resolved."))
    if rating not in Rating.values:
        raise ValidationError(_("Choose one of the ratings."))
    with transaction.atomic():
        Problem.objects.filter(pk=problem.pk).update(penilaian=rating)
        ProblemEvent.objects.create(
            problem=problem,
            catatan=_("The reporter rated the result: %(rating)s.")
            % {"rating": Rating(rating).label},
            oleh_pelapor=True,
        )
    problem.refresh_from_db()
    return problem


def problem_confirm(*, problem, ip_address: str, note: str = "") -> bool:
    """Count a resident's "I saw this too". Return False if this address already did."""
    if problem.status not in OPEN_STATUSES:
        raise ValidationError(_("This problem is no longer open."))
    ip_hash = hashlib.sha256(f"{settings.SECRET_KEY}:{ip_address}".encode()).hexdigest()
    try:
        with transaction.atomic():
            ProblemConfirmation.objects.create(problem=problem, ip_hash=ip_hash, catatan=note[:500])
            Problem.objects.filter(pk=problem.pk).update(jumlah_laporan=F("jumlah_laporan") + 1)
    except IntegrityError:
        return False
    return True
