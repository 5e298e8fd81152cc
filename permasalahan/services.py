"""Writes of stage 1, and the rules of what may happen to a problem now.

``TRANSITIONS`` is the map of allowed status moves. ``ACTIONS`` names every action on a
problem: the status it leads to, the permission it takes (none: a public action on the
tracking page), whether only the reporter may take it (who holds the private key given at
the report, never the public tracking code) and the statuses it starts from.
:func:`problem_allowed_actions` answers
"what may this user (or the reporter) do with this problem now" from both tables and
``sigoro.access``; pages and forms ask it, and every service below enforces the same answer.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from permasalahan import notifications, selectors
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
from sigoro.changes import area_data_changed
from sigoro.formats import angka
from sigoro.models import Photo, Role
from sigoro.photos import header_pixels, process_photo
from sigoro.services import atomic_with_files, create_once, photo_create_from_processed
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
    Status.DITANGANI: {Status.SELESAI},
    Status.SELESAI: {Status.DIVERIFIKASI},  # reopened by the reporter
    Status.DITOLAK: set(),
    Status.DUPLIKAT: set(),
}


def _reaching(to: str, only_from=None) -> frozenset:
    """The statuses from which ``TRANSITIONS`` allows a move to ``to`` (narrowed to
    ``only_from`` where a status is reached for more than one reason)."""
    sources = {source for source, targets in TRANSITIONS.items() if to in targets}
    return frozenset(sources & set(only_from) if only_from is not None else sources)


@dataclass(frozen=True)
class Action:
    """What an action does: the status it leads to (None: no change), the permission it
    needs (None: a public action on the tracking page), where it starts from, and whether
    only the reporter (holding the private key) may take it."""

    to: str | None
    permission: str | None
    sources: frozenset
    reporter_only: bool = False


VERIFY, REJECT, DUPLICATE, HANDLE, RESOLVE, NOTE = (
    "verify",
    "reject",
    "duplicate",
    "handle",
    "resolve",
    "note",
)
PLAN, UNPLAN = "plan", "unplan"  # taken by the Rencana Aksi (stage 3) services
# Taken by the execution-day (stage 4) services: who records an event in the problem's area
# may mark it resolved there; which problems and which event, kegiatan decides.
RESOLVE_AT_EVENT = "resolve_at_event"
REOPEN, RATE = "reopen", "rate"  # the reporter's, with the private key
CONFIRM = "confirm"  # anyone's, with the public tracking code

ACTIONS: dict[str, Action] = {
    VERIFY: Action(
        Status.DIVERIFIKASI, "problem.verify", _reaching(Status.DIVERIFIKASI, {Status.DILAPORKAN})
    ),
    REJECT: Action(Status.DITOLAK, "problem.verify", _reaching(Status.DITOLAK)),
    DUPLICATE: Action(Status.DUPLIKAT, "problem.verify", _reaching(Status.DUPLIKAT)),
    HANDLE: Action(Status.DITANGANI, "problem.handle", _reaching(Status.DITANGANI)),
    RESOLVE: Action(Status.SELESAI, "problem.handle", _reaching(Status.SELESAI)),
    NOTE: Action(None, "problem.comment", frozenset(Status)),
    # The camat's approval of a plan is the authority that plans a problem.
    PLAN: Action(Status.DIRENCANAKAN, "plan.approve", _reaching(Status.DIRENCANAKAN)),
    UNPLAN: Action(
        Status.DIVERIFIKASI, "plan.finish", _reaching(Status.DIVERIFIKASI, {Status.DIRENCANAKAN})
    ),
    RESOLVE_AT_EVENT: Action(Status.SELESAI, "execution.record", _reaching(Status.SELESAI)),
    REOPEN: Action(
        Status.DIVERIFIKASI,
        None,
        _reaching(Status.DIVERIFIKASI, {Status.SELESAI}),
        reporter_only=True,
    ),
    RATE: Action(None, None, frozenset({Status.SELESAI}), reporter_only=True),
    CONFIRM: Action(None, None, frozenset(OPEN_STATUSES)),
}


# -- the reporter's private key -------------------------------------------------------------
# The tracking code is public (map, lists): the reporter's own actions need a second,
# private key, given once when the public report is sent. Only its hash is stored.

REPORTER_KEY_BYTES = 24  # 192 bits, 32 URL-safe characters


def reporter_key_hash(key: str) -> str:
    """Return the stored form of a reporter key (a random key needs no slow hash)."""
    return hashlib.sha256(key.encode()).hexdigest()


def reporter_key_valid(*, problem: Problem, key: str | None) -> bool:
    """Whether ``key`` is this problem's reporter key: may the holder act as its reporter?
    Compared in constant time; a problem entered by staff has no key and no public reporter."""
    if not key or not problem.pelapor_kunci_hash:
        return False
    return hmac.compare_digest(problem.pelapor_kunci_hash, reporter_key_hash(key))


def action_refusal_reporter_only() -> str:
    """Why a reporter's action is refused to someone without the reporter's key."""
    return _("Only the reporter can do this, with the private link given when the report was sent.")


def reopen_until(problem: Problem) -> datetime.date | None:
    """The last day the reporter may reopen a resolved problem (``REOPEN_DAYS`` days counting
    the day it was resolved), or None when it is not resolved."""
    if problem.status != Status.SELESAI or problem.selesai_pada is None:
        return None
    resolved = timezone.localdate(problem.selesai_pada)
    return resolved + datetime.timedelta(days=settings.REOPEN_DAYS - 1)


def problem_allowed_actions(
    *, user, problem: Problem, today=None, reporter_key: str | None = None
) -> frozenset[str]:
    """The actions that ``user`` may take on ``problem`` now: the names in ``ACTIONS``
    whose permission the role holds, on a problem inside the user's area, from its current
    status. ``user`` None (or anonymous) means a visitor of the tracking page: anyone may
    add "I saw this too" to an open problem; the holder of the reporter's private key
    (``reporter_key``) may also reopen within ``REOPEN_DAYS`` days of being resolved and
    rate a resolved problem once."""
    today = today or timezone.localdate()
    if user is None or not user.is_authenticated:
        reporter = reporter_key_valid(problem=problem, key=reporter_key)
        allowed = {
            name
            for name, action in ACTIONS.items()
            if action.permission is None
            and problem.status in action.sources
            and (reporter or not action.reporter_only)
        }
        last_day = reopen_until(problem)
        if last_day is None or today > last_day:
            allowed.discard(REOPEN)
        if problem.penilaian:
            allowed.discard(RATE)
        return frozenset(allowed)
    allowed = {
        name
        for name, action in ACTIONS.items()
        if action.permission is not None
        and problem.status in action.sources
        and access.has_perm(user, action.permission)
    }
    if allowed and not access.is_in_area(user, problem):
        return frozenset()
    return frozenset(allowed)


def action_refusal(
    name: str, *, user, problem: Problem, today=None, reporter_key: str | None = None
) -> str | None:
    """Why ``name`` may not be taken on ``problem`` now, in words for the person who tried
    (None when it may): the other side of :func:`problem_allowed_actions`."""
    allowed = problem_allowed_actions(
        user=user, problem=problem, today=today, reporter_key=reporter_key
    )
    if name in allowed:
        return None
    action = ACTIONS[name]
    if action.permission is not None and not (
        access.has_perm(user, action.permission) and access.is_in_area(user, problem)
    ):
        return _("You may not do this.")
    if action.reporter_only and not reporter_key_valid(problem=problem, key=reporter_key):
        return action_refusal_reporter_only()
    if name == REOPEN and problem.status == Status.SELESAI:
        return _("A problem can be reopened within %(days)d days of being resolved.") % {
            "days": settings.REOPEN_DAYS
        }
    if name == REOPEN:
        return _("Only a resolved problem can be reopened.")
    if name == RATE and problem.status == Status.SELESAI:
        return _("The result was already rated.")
    if name == RATE:
        return _("You can rate the result once the problem is resolved.")
    if name == CONFIRM:
        return _("This problem is no longer open.")
    return _("A problem that is %(from)s cannot become %(to)s.") % {
        "from": problem.get_status_display(),
        "to": Status(action.to).label,
    }


def _require_allowed(
    name: str, *, user, problem: Problem, today=None, reporter_key: str | None = None
) -> None:
    """Raise unless ``name`` is among ``problem_allowed_actions``: PermissionDenied for a
    role without the permission, 404 outside the user's area, else a ValidationError that
    says why not now."""
    action = ACTIONS[name]
    if action.permission is not None:
        access.require(user, action.permission, problem)
    else:
        user = None
    refusal = action_refusal(
        name, user=user, problem=problem, today=today, reporter_key=reporter_key
    )
    if refusal is not None:
        raise ValidationError(refusal)


SOURCE_FOR_ROLE = {
    Role.KETUA_RT: Source.RT,
    Role.KETUA_RW: Source.RW,
    Role.LURAH: Source.KELURAHAN,
    Role.ADMIN_KECAMATAN: Source.KECAMATAN,
    Role.CAMAT: Source.KECAMATAN,
}


# The channels a public report (no account) may come through.
PUBLIC_SOURCES = (Source.WARGA, Source.OPEN311)


@dataclass
class NeedRow:
    jenis: str
    item: str
    jumlah: int
    satuan: str


def process_uploads(uploads) -> list:
    """Decode and check every photo before anything is written (PhotoError on the first bad)."""
    if len(uploads) > settings.PROBLEM_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)d photos per report.") % {"n": settings.PROBLEM_MAX_PHOTOS}
        )
    check_pixel_budget(uploads)
    return [process_photo(upload) for upload in uploads]


def check_pixel_budget(uploads) -> None:
    """Refuse photos whose pixels together (read from their headers, nothing decoded yet)
    exceed ``PHOTO_MAX_PIXELS_PER_REQUEST``: decoding is the costly part of a photo."""
    total = sum(header_pixels(upload) for upload in uploads if upload)
    limit = settings.PHOTO_MAX_PIXELS_PER_REQUEST
    if total > limit:
        raise ValidationError(
            _(
                "These photos together have %(total)s megapixels; at most %(limit)s megapixels "
                "can be sent at once. Send fewer photos, or smaller ones."
            )
            % {"total": angka(max(1, round(total / 1e6))), "limit": angka(round(limit / 1e6))},
            code="pixel_budget",
        )


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
    use_photo_location: bool = False,
    needs: list[NeedRow] = (),
    pelapor_nama: str = "",
    pelapor_hp: str = "",
    pelapor_email: str = "",
    sumber: str | None = None,
    sumber_keterangan: str = "",
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> Problem:
    """Record a problem with its photos and needs: everything or nothing.

    ``user`` is None (or anonymous) for a public report: it gets a private reporter key,
    returned once as ``problem.reporter_key`` on the new problem (only its hash is stored).
    A photo's GPS position becomes the problem's (public) map point only with
    ``use_photo_location`` (the reporter ticked "use the photo's location") and when no
    point was given. A repeated ``idempotency_key`` (a double submit, or the same form sent
    again after going back) returns the problem the first submit created, without the key.
    ``sumber`` overrides the source a staff member's role gives (e.g. found at an event);
    for a public report it may only say which public channel it came through
    (``PUBLIC_SOURCES``: the report form, or another system's Open311 client, named in
    ``sumber_keterangan``).
    """
    public = user is None or not user.is_authenticated
    if not public:
        access.require(user, "problem.create", rt)
    if public and sumber not in (None, *PUBLIC_SOURCES):
        raise ValueError(f"A public report cannot have the source {sumber!r}.")
    if use_photo_location and lat is None and lon is None:
        lat, lon = _gps_from_photos(processed_photos, kept_photos)
    today = today or timezone.localdate()
    reporter_key = secrets.token_urlsafe(REPORTER_KEY_BYTES) if public else ""
    problem = Problem(
        kategori=kategori,
        rt=rt,
        alamat=alamat.strip(),
        deskripsi=deskripsi.strip(),
        keparahan=keparahan or Problem._meta.get_field("keparahan").default,
        lat=lat,
        lon=lon,
        sumber=(sumber or Source.WARGA)
        if public
        else sumber or SOURCE_FOR_ROLE.get(user.role, Source.KECAMATAN),
        sumber_keterangan=sumber_keterangan.strip(),
        pelapor=None if public else user,
        pelapor_nama=pelapor_nama.strip(),
        pelapor_hp=pelapor_hp.strip(),
        pelapor_email=pelapor_email.strip(),
        pelapor_kunci_hash=reporter_key_hash(reporter_key) if public else "",
        idempotency_key=idempotency_key or None,
        tenggat_verifikasi=add_working_days(today, settings.SLA_VERIFY_WORKING_DAYS),
    )
    problem.full_clean(exclude=["idempotency_key"])

    def create() -> Problem:
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
        problem.reporter_key = reporter_key  # shown once to the reporter, never stored
        transaction.on_commit(lambda: notifications.problem_reported(problem))
        # A new report moves the area's figures (reported, open problems by age).
        area_data_changed(
            kelurahan_id=problem.kelurahan_id, days=[timezone.localdate(problem.dibuat)]
        )
        return problem

    return create_once(Problem, idempotency_key, create, atomic=atomic_with_files)


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
    problem: Problem,
    to: str,
    *,
    action: str | None = None,
    user=None,
    note: str = "",
    photo=None,
    public: bool = False,
    by_reporter: bool = False,
    reporter_key: str | None = None,
    today: datetime.date | None = None,
) -> Problem:
    """Move ``problem`` to ``to`` under a row lock: check ``action`` (when given) and
    ``TRANSITIONS`` against the problem as stored now, keep the timestamps and deadlines in
    step, write the timeline entry (its note shown to the public only when ``public``)."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if action is not None:
        _require_allowed(
            action,
            user=None if by_reporter else user,
            problem=problem,
            today=today,
            reporter_key=reporter_key,
        )
    if to not in TRANSITIONS[problem.status]:
        raise ValidationError(
            _("A problem that is %(from)s cannot become %(to)s.")
            % {"from": problem.get_status_display(), "to": Status(to).label}
        )
    today = today or timezone.localdate()
    now = timezone.now()
    previous = problem.status
    previous_deadline = problem.tenggat_tindak_lanjut
    previous_resolved = problem.selesai_pada
    problem.status = to
    if to == Status.DIVERIFIKASI and previous == Status.DILAPORKAN:
        problem.diverifikasi_pada = now
        problem.tenggat_tindak_lanjut = add_working_days(today, settings.SLA_FOLLOW_UP_WORKING_DAYS)
    if to == Status.SELESAI:
        problem.selesai_pada = now
    if previous == Status.SELESAI:  # reopened; the rating stays (one rating per problem)
        problem.selesai_pada = None
        problem.tenggat_tindak_lanjut = add_working_days(today, settings.SLA_FOLLOW_UP_WORKING_DAYS)
    problem.save()
    ProblemEvent.objects.create(
        problem=problem,
        dari_status=previous,
        ke_status=to,
        catatan=note.strip(),
        oleh=user if user is not None and user.is_authenticated else None,
        oleh_pelapor=by_reporter,
        foto=photo,
        publik=public,
    )
    public_page_changed(problem)
    notifications.reporter_status_changed(problem, previous=previous)
    # The resolution rate counts a problem in the period of its follow-up deadline; the
    # dashboard's monthly figures in the months it was reported and resolved.
    area_data_changed(
        kelurahan_id=problem.kelurahan_id,
        days=[
            previous_deadline,
            problem.tenggat_tindak_lanjut,
            timezone.localdate(problem.dibuat),
            timezone.localdate(previous_resolved) if previous_resolved else None,
        ],
    )
    return problem


def public_page_changed(*problems: Problem) -> None:
    """Give the cached public part of these problems' tracking pages a new version, now and
    again once the change is committed, so the next view renders the change
    (``selectors.public_page_version``). Every service that changes what the tracking page
    shows calls it. The second time matters: a visitor who rendered the page from the old
    rows meanwhile kept it under the version of that moment."""
    codes = [problem.kode for problem in problems]

    def renew() -> None:
        for kode in codes:
            selectors.public_page_new_version(kode)

    renew()
    transaction.on_commit(renew)


def _attach_photo(problem: Problem, *, user, processed_photo=None, kept_photo=None):
    """Store a newly sent photo (or take one kept from a failed try) and add it to the
    problem's photos; return it, or None when there is none. Call inside atomic_with_files."""
    photo = kept_photo
    if processed_photo is not None:
        photo = photo_create_from_processed(user=user, processed=processed_photo)
    if photo is not None:
        ProblemPhoto.objects.create(problem=problem, photo=photo)
        public_page_changed(problem)
    return photo


def _staff_action(
    name: str,
    *,
    user,
    problem: Problem,
    note: str = "",
    public: bool = False,
    processed_photo=None,
    kept_photo=None,
    today: datetime.date | None = None,
) -> Problem:
    access.require(user, ACTIONS[name].permission, problem)
    with atomic_with_files():
        photo = _attach_photo(
            problem, user=user, processed_photo=processed_photo, kept_photo=kept_photo
        )
        return _transition(
            problem,
            ACTIONS[name].to,
            action=name,
            user=user,
            note=note,
            public=public,
            photo=photo,
            today=today,
        )


def problem_verify(
    *,
    user,
    problem,
    note: str = "",
    public: bool = False,
    processed_photo=None,
    kept_photo=None,
    today=None,
) -> Problem:
    """Confirm a report: it becomes "diverifikasi" with a follow-up deadline. Staff notes
    are internal unless ``public`` (here and in every action below)."""
    return _staff_action(
        VERIFY,
        user=user,
        problem=problem,
        note=note,
        public=public,
        processed_photo=processed_photo,
        kept_photo=kept_photo,
        today=today,
    )


def problem_reject(
    *,
    user,
    problem,
    reason: str,
    public: bool = False,
    processed_photo=None,
    kept_photo=None,
) -> Problem:
    """Close a report that is not a problem for the office; the reason goes on the timeline."""
    access.require(user, ACTIONS[REJECT].permission, problem)
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting this report."))
    return _staff_action(
        REJECT,
        user=user,
        problem=problem,
        note=reason,
        public=public,
        processed_photo=processed_photo,
        kept_photo=kept_photo,
    )


def problem_mark_duplicate(
    *, user, problem, original: Problem, note: str = "", public: bool = False
) -> Problem:
    """Close ``problem`` as a duplicate of ``original``; its reports count for the original."""
    access.require(user, ACTIONS[DUPLICATE].permission, problem)
    access.require_in_area(user, original)
    if original.pk == problem.pk or original.duplikat_dari_id == problem.pk:
        raise ValidationError(_("A problem cannot be a duplicate of itself."))
    if original.status not in OPEN_STATUSES and original.status != Status.SELESAI:
        raise ValidationError(_("The original must be an open or resolved problem."))
    with transaction.atomic():
        text = _("Duplicate of %(code)s.") % {"code": original.kode}
        problem = _transition(
            problem,
            Status.DUPLIKAT,
            action=DUPLICATE,
            user=user,
            note=f"{text} {note}".strip(),
            public=public,
        )
        Problem.objects.filter(pk=problem.pk).update(duplikat_dari=original)
        Problem.objects.filter(pk=original.pk).update(
            jumlah_laporan=F("jumlah_laporan") + problem.jumlah_laporan
        )
        ProblemEvent.objects.create(
            problem=original,
            catatan=_("Report %(code)s was merged into this problem.") % {"code": problem.kode},
            oleh=user,
        )
        public_page_changed(problem, original)
    problem.refresh_from_db()
    return problem


def problem_start_handling(
    *,
    user,
    problem,
    note: str = "",
    public: bool = False,
    processed_photo=None,
    kept_photo=None,
) -> Problem:
    return _staff_action(
        HANDLE,
        user=user,
        problem=problem,
        note=note,
        public=public,
        processed_photo=processed_photo,
        kept_photo=kept_photo,
    )


def problem_resolve(
    *,
    user,
    problem,
    note: str = "",
    public: bool = False,
    processed_photo=None,
    kept_photo=None,
) -> Problem:
    return _staff_action(
        RESOLVE,
        user=user,
        problem=problem,
        note=note,
        public=public,
        processed_photo=processed_photo,
        kept_photo=kept_photo,
    )


def problem_resolve_at_event(
    *, user, problem, note: str, processed_photo=None, kept_photo=None
) -> Problem:
    """Mark a problem resolved at a gotong royong (stage 4), with its after photo; the note
    names the event and is public (it carries no personal data), so the reporter sees it on
    the tracking page."""
    return _staff_action(
        RESOLVE_AT_EVENT,
        user=user,
        problem=problem,
        note=note,
        public=True,
        processed_photo=processed_photo,
        kept_photo=kept_photo,
    )


def problem_plan(*, user, problem, note: str = "") -> Problem:
    """Mark a verified problem as planned: the approval of a Rencana Aksi is the authority
    (the camat approves plans but does not verify reports)."""
    return _staff_action(PLAN, user=user, problem=problem, note=note)


def problem_unplan(*, user, problem, note: str = "") -> Problem:
    """Return a planned problem to "diverifikasi" when the plan covering it is cancelled."""
    return _staff_action(UNPLAN, user=user, problem=problem, note=note)


def problem_add_note(
    *, user, problem, note: str, public: bool = False, processed_photo=None, kept_photo=None
) -> ProblemEvent:
    """A timeline note without a status change (e.g. "the DLH truck comes on Monday"),
    internal unless ``public``."""
    _require_allowed(NOTE, user=user, problem=problem)  # allowed in every status
    if not note.strip() and processed_photo is None and kept_photo is None:
        raise ValidationError(_("Write a note or add a photo."))
    with atomic_with_files():
        photo = _attach_photo(
            problem, user=user, processed_photo=processed_photo, kept_photo=kept_photo
        )
        public_page_changed(problem)
        return ProblemEvent.objects.create(
            problem=problem, catatan=note.strip(), oleh=user, foto=photo, publik=public
        )


# -- what the reporter does from the tracking page ------------------------------------------


def problem_reopen(
    *,
    problem,
    note: str,
    reporter_key: str | None,
    processed_photo=None,
    kept_photo=None,
    today: datetime.date | None = None,
) -> Problem:
    """The reporter (holding ``reporter_key``) says a "resolved" problem is not: allowed
    until :func:`reopen_until`. The note is for the staff, not the public page."""
    _require_allowed(REOPEN, user=None, problem=problem, today=today, reporter_key=reporter_key)
    if not note.strip():
        raise ValidationError(_("Tell us what is still wrong."))
    with atomic_with_files():
        photo = _attach_photo(
            problem, user=None, processed_photo=processed_photo, kept_photo=kept_photo
        )
        text = _("Reopened by the reporter: %(note)s") % {"note": note.strip()}
        return _transition(
            problem,
            Status.DIVERIFIKASI,
            action=REOPEN,
            note=text,
            photo=photo,
            by_reporter=True,
            reporter_key=reporter_key,
            today=today,
        )


def problem_rate(*, problem, rating: str, reporter_key: str | None) -> Problem:
    """The reporter (holding ``reporter_key``) rates the result of a resolved problem: once
    per problem, even when requests race (the update only takes an unrated row)."""
    if rating not in Rating.values:
        raise ValidationError(_("Choose one of the ratings."))
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        _require_allowed(RATE, user=None, problem=locked, reporter_key=reporter_key)
        rated = Problem.objects.filter(pk=problem.pk, penilaian="").update(penilaian=rating)
        if not rated:
            raise ValidationError(_("The result was already rated."))
        ProblemEvent.objects.create(
            problem=problem,
            catatan=_("The reporter rated the result: %(rating)s.")
            % {"rating": Rating(rating).label},
            oleh_pelapor=True,
            publik=True,  # a choice of three words, no free text
        )
        public_page_changed(problem)
    problem.refresh_from_db()
    return problem


def problem_confirm(*, problem, ip_address: str, note: str = "") -> bool:
    """Count a resident's "I saw this too". Return False if this address already did."""
    _require_allowed(CONFIRM, user=None, problem=problem)
    ip_hash = hashlib.sha256(f"{settings.SECRET_KEY}:{ip_address}".encode()).hexdigest()
    try:
        with transaction.atomic():
            ProblemConfirmation.objects.create(problem=problem, ip_hash=ip_hash, catatan=note[:500])
            Problem.objects.filter(pk=problem.pk).update(jumlah_laporan=F("jumlah_laporan") + 1)
            public_page_changed(problem)
    except IntegrityError:
        return False
    return True


# -- photos shown to the public -------------------------------------------------------------


PHOTO_VISIBILITY_PERMISSION = ACTIONS[VERIFY].permission  # who checks a report's photos


def photo_visibility_allowed(*, user, problem: Problem) -> bool:
    """Whether ``user`` may hide ``problem``'s photos from the public, or show them again."""
    return access.has_perm(user, PHOTO_VISIBILITY_PERMISSION) and access.is_in_area(user, problem)


def problem_photo_set_public(*, user, problem: Problem, link: ProblemPhoto, public: bool):
    """Show ``link``'s photo on the public pages, or hide it from them (staff who verify)."""
    access.require(user, PHOTO_VISIBILITY_PERMISSION, problem)
    if link.problem_id != problem.pk:
        raise ValidationError(_("This photo belongs to another problem."))
    with transaction.atomic():
        ProblemPhoto.objects.filter(pk=link.pk).update(publik=public)
        public_page_changed(problem)
    link.publik = public
    return link
