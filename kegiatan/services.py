"""Writes of stage 3: Rencana Aksi (planned gotong royong) and their recurring schedules.

Every change of a plan's status goes through :func:`_transition`, which checks the move
against ``TRANSITIONS``, the role against ``TRANSITION_ACTION``, the area and the date, and
writes the timeline entry. :func:`plan_allowed_actions` answers, from the same tables, what a
user may do with a plan now: views and templates ask it instead of working it out. The checks
forms run too (times, target totals, a schedule's rule) live here as well, and the forms call
them. Approving a plan marks the verified problems it addresses as planned.

Decisions:

* Only verified problems (diverifikasi, direncanakan, ditangani) of the plan's kelurahan can
  be addressed: a problem still "dilaporkan" must be verified by the lurah first.
* A draft may lie in the past (it is only a draft); submitting refuses a date before today.
  Save-and-submit is one transaction: a refused submit saves nothing.
* A lurah (or admin) edits a plan while it is draft or returned; an RT head only their own
  draft (their proposal), which the lurah then takes over and submits.
* Cancelling an approved plan puts its problems back to "diverifikasi" unless another
  approved plan still addresses them.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kegiatan import notifications, recurrence
from kegiatan.models import (
    PLAN_EDITABLE_STATUSES,
    SPOT_PHOTO_KINDS,
    ActivityType,
    FotoDokumentasi,
    HasilKegiatan,
    IndikatorHasil,
    JenisFotoDokumentasi,
    JenisLayanan,
    JenisSampah,
    Kehadiran,
    Kendala,
    LayananLokasi,
    ParticipantTargets,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanNeed,
    PlanSeries,
    PlanSeriesSkip,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from permasalahan import services as problem_services
from permasalahan.models import Problem, Source, Status
from permasalahan.services import NeedRow
from sigoro import access, workdays
from sigoro.changes import area_data_changed
from sigoro.formats import tanggal as format_tanggal
from sigoro.models import RT, Photo, Role
from sigoro.photos import process_photo
from sigoro.selectors import photos_unused
from sigoro.services import atomic_with_files, create_once, photo_create
from stakeholder import services as stakeholder_services
from stakeholder.models import Pledge

# Allowed status moves (the service layer is the only place that enforces them).
TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.DIAJUKAN, PlanStatus.DIBATALKAN},
    PlanStatus.DIAJUKAN: {PlanStatus.DISETUJUI, PlanStatus.DIKEMBALIKAN, PlanStatus.DIBATALKAN},
    PlanStatus.DIKEMBALIKAN: {PlanStatus.DIAJUKAN, PlanStatus.DIBATALKAN},
    PlanStatus.DISETUJUI: {PlanStatus.TERLAKSANA, PlanStatus.DIBATALKAN},
    PlanStatus.TERLAKSANA: set(),
    PlanStatus.DIBATALKAN: set(),
}

# The permission each move needs (see ``sigoro.access.PERMISSIONS``).
TRANSITION_ACTION = {
    PlanStatus.DIAJUKAN: "plan.submit",
    PlanStatus.DISETUJUI: "plan.approve",
    PlanStatus.DIKEMBALIKAN: "plan.approve",
    PlanStatus.TERLAKSANA: "plan.finish",
    PlanStatus.DIBATALKAN: "plan.finish",
}

# The actions a plan page offers, and the status each one moves the plan to.
ACTION_EDIT = "edit"
ACTION_REQUEST_SUPPORT = "request_support"
ACTION_TARGET = {
    "submit": PlanStatus.DIAJUKAN,
    "approve": PlanStatus.DISETUJUI,
    "return": PlanStatus.DIKEMBALIKAN,
    "finish": PlanStatus.TERLAKSANA,
    "cancel": PlanStatus.DIBATALKAN,
}
# Support is asked for a plan that may still take place.
SUPPORT_STATUSES = [
    PlanStatus.DRAFT,
    PlanStatus.DIAJUKAN,
    PlanStatus.DIKEMBALIKAN,
    PlanStatus.DISETUJUI,
]

# Problems a plan may address: verified and still open.
PLANNABLE_PROBLEM_STATUSES = [Status.DIVERIFIKASI, Status.DIRENCANAKAN, Status.DITANGANI]


@dataclass
class LocationRow:
    rt: RT
    titik_kumpul: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass
class PlanData:
    """What a plan holds, as a form cleaned it (or a series generates it)."""

    judul: str
    tanggal: datetime.date
    jam_mulai: datetime.time
    jam_selesai: datetime.time
    lokasi: list[LocationRow]
    jenis_kegiatan: list[ActivityType]
    problems: list[Problem] = field(default_factory=list)
    needs: list[NeedRow] = field(default_factory=list)
    targets: dict[str, int] = field(default_factory=dict)
    penanggung_jawab: object = None
    penanggung_jawab_nama: str = ""
    penanggung_jawab_hp: str = ""
    catatan: str = ""
    stakeholders: list = field(default_factory=list)


# -- the checks forms ask too ---------------------------------------------------------------


def check_times(*, jam_mulai: datetime.time | None, jam_selesai: datetime.time | None) -> None:
    """Refuse an end time that is not after the start time (a plan's or a schedule's)."""
    if jam_mulai and jam_selesai and jam_selesai <= jam_mulai:
        raise ValidationError({"jam_selesai": _("The end time must be after the start time.")})


def participant_targets(targets: dict) -> dict[str, int]:
    """Return the targets with the total filled in: the sum of the elements unless a total
    was given, which may not be below that sum."""
    values = {name: int(targets.get(name) or 0) for name in ParticipantTargets.TARGET_FIELDS}
    total = int(targets.get("target_total") or 0)
    elements = sum(values.values())
    if total and total < elements:
        raise ValidationError(
            {
                "target_total": _(
                    "The total (%(total)d) is smaller than the sum of the elements (%(sum)d)."
                )
                % {"total": total, "sum": elements}
            }
        )
    values["target_total"] = total or elements
    return values


def check_series_rule(
    *,
    pola: str | None,
    minggu_ke: int | None,
    mulai: datetime.date | None,
    sampai: datetime.date | None,
) -> None:
    """Refuse a monthly schedule without its week, or a last date before the first."""
    errors = {}
    if pola == recurrence.MONTHLY and minggu_ke is None:
        errors["minggu_ke"] = _("Choose which week of the month.")
    if mulai and sampai and sampai < mulai:
        errors["sampai"] = _("The last date must not be before the first date.")
    if errors:
        raise ValidationError(errors)


def _kelurahan_of(rts) -> object:
    if not rts:
        raise ValidationError(_("Choose at least one RT as a location."))
    if len({rt.pk for rt in rts}) != len(rts):
        raise ValidationError(_("Each RT can be a location only once."))
    kelurahan_ids = {rt.kelurahan_id for rt in rts}
    if len(kelurahan_ids) != 1:
        raise ValidationError(_("All locations must lie in one kelurahan."))
    return rts[0].kelurahan


# -- what a user may do with a plan now -----------------------------------------------------


@dataclass(frozen=True)
class PlanActions:
    """What a user may do with a plan now: ``"submit" in actions``. ``blocked`` holds, for
    an action the role and the status allow but the date (or the status, for an edit) does
    not, the reason to show instead: ``actions.blocked["finish"]``."""

    allowed: frozenset[str] = frozenset()
    blocked: dict[str, str] = field(default_factory=dict)

    def __contains__(self, action) -> bool:
        return action in self.allowed


def _date_objection(plan: RencanaAksi, to: str, today: datetime.date) -> str | None:
    """Why the plan's date does not allow the move now (None when it does)."""
    if to == PlanStatus.DIAJUKAN and plan.tanggal < today:
        return _("The date %(date)s has passed: choose a date from today on, then submit.") % {
            "date": format_tanggal(plan.tanggal)
        }
    if to == PlanStatus.TERLAKSANA and plan.tanggal > today:
        return _("A plan can be marked as carried out from its date on (%(date)s).") % {
            "date": format_tanggal(plan.tanggal)
        }
    if (
        to == PlanStatus.DIBATALKAN
        and plan.status == PlanStatus.DISETUJUI
        and plan.tanggal <= today
    ):
        # Monitoring compares plans with what happened: from its day on, an approved plan
        # that did not take place is marked not held (``pelaksanaan_not_held``).
        return _(
            "From its date on, a plan that did not take place is marked as not held, with "
            "the reason, in its execution."
        )
    return None


def _edit_objection(plan: RencanaAksi) -> str | None:
    if plan.status not in PLAN_EDITABLE_STATUSES:
        return _("A plan that is %(status)s can no longer be changed.") % {
            "status": plan.get_status_display()
        }
    return None


def _may_edit(user, plan: RencanaAksi) -> bool:
    """A lurah (or admin) edits any draft or returned plan; an RT head only their own draft."""
    if user.role == Role.KETUA_RT:
        return plan.status == PlanStatus.DRAFT and plan.dibuat_oleh_id == user.pk
    return True


def plan_allowed_actions(
    *, user, plan: RencanaAksi, today: datetime.date | None = None
) -> PlanActions:
    """Return what ``user`` may do with ``plan`` now, from ``TRANSITIONS``, the permission
    each move needs (``TRANSITION_ACTION``) and the plan's date. The plan was read through
    the user's scope; the services check the area again when they write."""
    today = today or timezone.localdate()
    allowed, blocked = set(), {}
    if access.has_perm(user, "plan.create"):
        objection = _edit_objection(plan)
        if objection:
            blocked[ACTION_EDIT] = objection
        elif _may_edit(user, plan):
            allowed.add(ACTION_EDIT)
    for action, to in ACTION_TARGET.items():
        if to not in TRANSITIONS[plan.status] or not access.has_perm(user, TRANSITION_ACTION[to]):
            continue
        objection = _date_objection(plan, to, today)
        if objection:
            blocked[action] = objection
        else:
            allowed.add(action)
    if access.has_perm(user, "request.manage"):
        if plan.status in SUPPORT_STATUSES:
            allowed.add(ACTION_REQUEST_SUPPORT)
        else:
            blocked[ACTION_REQUEST_SUPPORT] = _(
                "Support is no longer asked for a plan that is %(status)s."
            ) % {"status": plan.get_status_display()}
    return PlanActions(allowed=frozenset(allowed), blocked=blocked)


# -- create and edit ------------------------------------------------------------------------


def _check_plan_data(user, data: PlanData):
    """Validate what a plan refers to; return its kelurahan."""
    rts = [row.rt for row in data.lokasi]
    kelurahan = _kelurahan_of(rts)
    for rt in rts:
        access.require_in_area(user, rt)
    if not data.jenis_kegiatan:
        raise ValidationError({"jenis_kegiatan": _("Choose at least one activity type.")})
    check_times(jam_mulai=data.jam_mulai, jam_selesai=data.jam_selesai)
    for problem in data.problems:
        access.require_in_area(user, problem)
        if problem.kelurahan_id != kelurahan.pk:
            raise ValidationError(
                {
                    "problems": _("Problem %(code)s is not in this kelurahan.")
                    % {"code": problem.kode}
                }
            )
        if problem.status not in PLANNABLE_PROBLEM_STATUSES:
            raise ValidationError(
                {
                    "problems": _("Problem %(code)s is %(status)s: only verified, open problems.")
                    % {"code": problem.kode, "status": problem.get_status_display()}
                }
            )
    for stakeholder in data.stakeholders:
        access.require_in_area(user, stakeholder)
        if not _serves(stakeholder, kelurahan):
            raise ValidationError(
                {
                    "stakeholders": _("%(name)s does not serve %(area)s.")
                    % {"name": stakeholder.nama, "area": kelurahan}
                }
            )
    person = data.penanggung_jawab
    if person is not None and person.kelurahan_id != kelurahan.pk:
        raise ValidationError(
            {"penanggung_jawab": _("The person in charge must belong to this kelurahan.")}
        )
    return kelurahan


def _serves(stakeholder, kelurahan) -> bool:
    """Whether a stakeholder works in this kelurahan (the whole kecamatan, or by name)."""
    if not stakeholder.aktif or stakeholder.kecamatan_id != kelurahan.kecamatan_id:
        return False
    return (
        stakeholder.seluruh_kecamatan
        or stakeholder.kelurahan_layanan.filter(pk=kelurahan.pk).exists()
    )


def _apply_fields(plan: RencanaAksi, data: PlanData) -> None:
    plan.judul = data.judul.strip()
    plan.tanggal = data.tanggal
    plan.jam_mulai = data.jam_mulai
    plan.jam_selesai = data.jam_selesai
    for name, value in participant_targets(data.targets).items():
        setattr(plan, name, value)
    person = data.penanggung_jawab
    plan.penanggung_jawab = person
    plan.penanggung_jawab_nama = data.penanggung_jawab_nama.strip() or (
        (person.get_full_name() or person.username) if person else ""
    )
    plan.penanggung_jawab_hp = data.penanggung_jawab_hp.strip() or (
        (person.phone or "") if person else ""
    )
    plan.catatan = data.catatan.strip()


def _write_children(plan: RencanaAksi, data: PlanData) -> None:
    """Replace the plan's locations, needs, activity types and problems."""
    plan.lokasi.all().delete()
    plan.needs.all().delete()
    for row in data.lokasi:
        location = PlanLocation(
            plan=plan, rt=row.rt, titik_kumpul=row.titik_kumpul.strip(), lat=row.lat, lon=row.lon
        )
        location.full_clean()
        location.save()
    for need in data.needs:
        row = PlanNeed(plan=plan, **need.__dict__)
        row.full_clean()
        row.save()
    plan.jenis_kegiatan.set(data.jenis_kegiatan)
    plan.problems.set(data.problems)
    plan.stakeholders_invited.set(data.stakeholders)


def _submit_if_allowed(user, plan: RencanaAksi, today) -> RencanaAksi:
    """Save-and-submit: submit in the caller's transaction (an RT head's plan stays a draft,
    their proposal for the lurah)."""
    if not access.has_perm(user, TRANSITION_ACTION[PlanStatus.DIAJUKAN]):
        return plan
    return _transition(user=user, plan=plan, to=PlanStatus.DIAJUKAN, today=today)


def plan_create(
    *,
    user,
    data: PlanData,
    idempotency_key: str | None = None,
    submit: bool = False,
    today: datetime.date | None = None,
) -> RencanaAksi:
    """Record a draft plan (and, with ``submit``, send it to the camat in the same
    transaction: a refused submit saves nothing). An RT head's draft is a proposal the lurah
    takes up. A repeated ``idempotency_key`` (a double submit) returns the first plan."""
    access.require_perm(user, "plan.create")

    def create() -> RencanaAksi:
        kelurahan = _check_plan_data(user, data)
        plan = RencanaAksi(kelurahan=kelurahan, dibuat_oleh=user, idempotency_key=idempotency_key)
        _apply_fields(plan, data)
        plan.full_clean(exclude=["idempotency_key"])
        plan.save()
        _write_children(plan, data)
        note = _("Proposal of the RT head, for the lurah.") if user.role == Role.KETUA_RT else ""
        PlanEvent.objects.create(plan=plan, ke_status=PlanStatus.DRAFT, oleh=user, catatan=note)
        if submit:
            plan = _submit_if_allowed(user, plan, today)
        return plan

    return create_once(RencanaAksi, idempotency_key or None, create)


def _require_can_edit(user, plan: RencanaAksi) -> None:
    access.require(user, "plan.create", plan)
    objection = _edit_objection(plan)
    if objection:
        raise ValidationError(objection)
    if not _may_edit(user, plan):
        raise PermissionDenied


def plan_update(
    *,
    user,
    plan: RencanaAksi,
    data: PlanData,
    submit: bool = False,
    today: datetime.date | None = None,
) -> RencanaAksi:
    """Change a draft or returned plan; an occurrence of a series becomes "edited on its
    own". With ``submit`` it is then sent to the camat in the same transaction: a refused
    submit leaves the plan as it was."""
    _require_can_edit(user, plan)
    with transaction.atomic():
        plan = RencanaAksi.objects.select_for_update().get(pk=plan.pk)
        _require_can_edit(user, plan)
        plan.kelurahan = _check_plan_data(user, data)
        _apply_fields(plan, data)
        if plan.series_id:
            plan.diubah_sendiri = True
        plan.full_clean(exclude=["idempotency_key"])
        plan.save()
        _write_children(plan, data)
        PlanEvent.objects.create(plan=plan, catatan=_("The plan was edited."), oleh=user)
        if submit:
            plan = _submit_if_allowed(user, plan, today)
    return plan


# -- status changes -------------------------------------------------------------------------


def _transition(
    *,
    user,
    plan: RencanaAksi,
    to: str,
    note: str = "",
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    not_held: bool = False,
) -> RencanaAksi:
    """Move ``plan`` to status ``to``. ``not_held``: the cancel that records an approved
    plan not held on its day (:func:`pelaksanaan_not_held`), which the date allows."""
    access.require(user, TRANSITION_ACTION[to], plan)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        plan = RencanaAksi.objects.select_for_update().get(pk=plan.pk)
        if to not in TRANSITIONS[plan.status]:
            raise ValidationError(
                _("A plan that is %(from)s cannot become %(to)s.")
                % {"from": plan.get_status_display(), "to": PlanStatus(to).label}
            )
        objection = None if not_held else _date_objection(plan, to, today)
        if objection:
            raise ValidationError({"tanggal": objection})
        if to == PlanStatus.DIAJUKAN:
            _check_ready_to_submit(plan)
        previous = plan.status
        plan.status = to
        if to == PlanStatus.DIAJUKAN:
            plan.diajukan_pada = now
        if to == PlanStatus.DISETUJUI:
            plan.disetujui_pada = now
        plan.save()
        event = PlanEvent.objects.create(
            plan=plan, dari_status=previous, ke_status=to, catatan=note.strip(), oleh=user
        )
        transaction.on_commit(lambda: notifications.plan_moved(event.pk))
        if to == PlanStatus.DISETUJUI:
            _mark_problems_planned(plan, user)
        if to == PlanStatus.DIBATALKAN and previous == PlanStatus.DISETUJUI:
            _release_problems(plan, user)
        _figures_changed(plan)
    return plan


def _figures_changed(plan: RencanaAksi, pelaksanaan: Pelaksanaan | None = None) -> None:
    """Tell the monitoring figures that this plan's records changed (its day, and the
    execution's day when it was held on another)."""
    area_data_changed(
        kelurahan_id=plan.kelurahan_id,
        days=[plan.tanggal, pelaksanaan.tanggal if pelaksanaan is not None else None],
    )


def _check_ready_to_submit(plan: RencanaAksi) -> None:
    if not plan.lokasi.exists():
        raise ValidationError(_("Choose at least one RT as a location."))
    if not plan.jenis_kegiatan.exists():
        raise ValidationError(_("Choose at least one activity type."))


def _mark_problems_planned(plan: RencanaAksi, user) -> None:
    """The verified problems a plan addresses become "direncanakan" once it is approved."""
    note = _("Planned in Rencana Aksi “%(title)s” on %(date)s.") % {
        "title": plan.judul,
        "date": format_tanggal(plan.tanggal),
    }
    for problem in plan.problems.filter(status=Status.DIVERIFIKASI):
        problem_services.problem_plan(user=user, problem=problem, note=note)


def _release_problems(plan: RencanaAksi, user) -> None:
    note = _("Rencana Aksi “%(title)s” was cancelled.") % {"title": plan.judul}
    for problem in plan.problems.filter(status=Status.DIRENCANAKAN):
        still_planned = problem.plans.filter(status=PlanStatus.DISETUJUI).exclude(pk=plan.pk)
        if not still_planned.exists():
            problem_services.problem_unplan(user=user, problem=problem, note=note)


def plan_submit(
    *, user, plan: RencanaAksi, note: str = "", today: datetime.date | None = None
) -> RencanaAksi:
    """The lurah sends the plan to the camat for approval (not for a date in the past)."""
    return _transition(user=user, plan=plan, to=PlanStatus.DIAJUKAN, note=note, today=today)


def plan_approve(*, user, plan: RencanaAksi, note: str = "") -> RencanaAksi:
    return _transition(user=user, plan=plan, to=PlanStatus.DISETUJUI, note=note)


def plan_return(*, user, plan: RencanaAksi, note: str) -> RencanaAksi:
    """The camat sends the plan back to the lurah, saying what to change."""
    if not note.strip():
        raise ValidationError(_("Write what the kelurahan should change."))
    return _transition(user=user, plan=plan, to=PlanStatus.DIKEMBALIKAN, note=note)


def plan_mark_done(
    *, user, plan: RencanaAksi, note: str = "", today: datetime.date | None = None
) -> RencanaAksi:
    """The plan took place: close its execution (:func:`pelaksanaan_close`, the one way a
    plan becomes "terlaksana")."""
    pelaksanaan_close(user=user, plan=plan, note=note, today=today)
    plan.refresh_from_db()
    return plan


def plan_cancel(*, user, plan: RencanaAksi, reason: str) -> RencanaAksi:
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling."))
    return _transition(user=user, plan=plan, to=PlanStatus.DIBATALKAN, note=reason)


@dataclass
class BulkResult:
    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (plan, message)


def plan_approve_many(*, user, plans) -> BulkResult:
    """Approve several submitted plans (the camat's queue); one that cannot be is skipped."""
    access.require_perm(user, "plan.approve")
    result = BulkResult()
    for plan in plans:
        try:
            result.done.append(plan_approve(user=user, plan=plan))
        except ValidationError as error:
            result.failed.append((plan, " ".join(error.messages)))
    return result


# -- support from stakeholders (stage 2) ----------------------------------------------------


def plan_request_support(
    *,
    user,
    plan: RencanaAksi,
    items,
    stakeholders,
    problems=(),
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
    **fields,
):
    """Ask stakeholders for support for a plan: a stage-2 request from the plan's kelurahan
    (``stakeholder.services.request_create``), linked to the plan in the same transaction.
    A repeated ``idempotency_key`` returns the first request, still linked once."""
    access.require(user, "request.manage", plan)
    with transaction.atomic():
        # Checked on the locked row: a plan cancelled at this moment gets no request.
        plan = RencanaAksi.objects.select_for_update().get(pk=plan.pk)
        actions = plan_allowed_actions(user=user, plan=plan, today=today)
        if ACTION_REQUEST_SUPPORT not in actions:
            raise ValidationError(actions.blocked.get(ACTION_REQUEST_SUPPORT, ""))
        support_request = stakeholder_services.request_create(
            user=user,
            kecamatan=plan.kelurahan.kecamatan,
            kelurahan=plan.kelurahan,
            items=items,
            stakeholders=stakeholders,
            problems=problems,
            idempotency_key=idempotency_key,
            **fields,
        )
        plan.support_requests.add(support_request)
    return support_request


# -- recurring schedules --------------------------------------------------------------------


@dataclass
class SeriesData:
    judul: str
    pola: str
    hari: int
    jam_mulai: datetime.time
    jam_selesai: datetime.time
    mulai: datetime.date
    rts: list[RT]
    jenis_kegiatan: list[ActivityType]
    minggu_ke: int | None = None
    sampai: datetime.date | None = None
    minggu_ke_depan: int = 8
    titik_kumpul: str = ""
    targets: dict[str, int] = field(default_factory=dict)
    penanggung_jawab_nama: str = ""
    penanggung_jawab_hp: str = ""
    catatan: str = ""
    aktif: bool = True


@dataclass
class SeriesChange:
    """What a series edit did to its occurrences."""

    updated: int = 0
    removed: int = 0
    created: int = 0
    kept: int = 0  # future occurrences left alone: submitted, approved or edited on their own


def _apply_series_fields(series: PlanSeries, data: SeriesData, kelurahan) -> None:
    series.kelurahan = kelurahan
    for name in (
        "judul",
        "pola",
        "hari",
        "jam_mulai",
        "jam_selesai",
        "mulai",
        "sampai",
        "minggu_ke_depan",
        "titik_kumpul",
        "penanggung_jawab_nama",
        "penanggung_jawab_hp",
        "catatan",
        "aktif",
    ):
        value = getattr(data, name)
        setattr(series, name, value.strip() if isinstance(value, str) else value)
    series.minggu_ke = data.minggu_ke if data.pola == recurrence.MONTHLY else None
    for name, value in participant_targets(data.targets).items():
        setattr(series, name, value)


def _check_series_data(user, data: SeriesData):
    kelurahan = _kelurahan_of(list(data.rts))
    for rt in data.rts:
        access.require_in_area(user, rt)
    if not data.jenis_kegiatan:
        raise ValidationError({"jenis_kegiatan": _("Choose at least one activity type.")})
    check_times(jam_mulai=data.jam_mulai, jam_selesai=data.jam_selesai)
    check_series_rule(
        pola=data.pola, minggu_ke=data.minggu_ke, mulai=data.mulai, sampai=data.sampai
    )
    return kelurahan


def series_create(
    *,
    user,
    data: SeriesData,
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> PlanSeries:
    """Record a recurring schedule and generate its occurrences for the weeks ahead.

    A repeated ``idempotency_key`` (a double submit) returns the first schedule."""
    access.require_perm(user, "series.manage")

    def create() -> PlanSeries:
        kelurahan = _check_series_data(user, data)
        series = PlanSeries(dibuat_oleh=user, idempotency_key=idempotency_key)
        _apply_series_fields(series, data, kelurahan)
        series.full_clean(exclude=["idempotency_key"])
        series.save()
        series.rts.set(data.rts)
        series.jenis_kegiatan.set(data.jenis_kegiatan)
        _generate(series, user=user, today=today or timezone.localdate())
        return series

    return create_once(PlanSeries, idempotency_key or None, create)


def series_update(
    *,
    user,
    series: PlanSeries,
    data: SeriesData,
    apply_to_future: bool,
    today: datetime.date | None = None,
) -> SeriesChange:
    """Change a schedule. With ``apply_to_future`` its future occurrences that are still
    draft or returned, and were not edited on their own, follow the change (those no longer
    on the schedule's dates are removed, or cancelled if the camat had already seen them);
    otherwise only occurrences generated from now on do.
    """
    access.require(user, "series.manage", series)
    today = today or timezone.localdate()
    kelurahan = _check_series_data(user, data)
    change = SeriesChange()
    with transaction.atomic():
        series = PlanSeries.objects.select_for_update().get(pk=series.pk)
        _apply_series_fields(series, data, kelurahan)
        series.full_clean(exclude=["idempotency_key"])
        series.save()
        series.rts.set(data.rts)
        series.jenis_kegiatan.set(data.jenis_kegiatan)
        future = series.occurrences.filter(tanggal__gte=today).exclude(
            status__in=[PlanStatus.TERLAKSANA, PlanStatus.DIBATALKAN]
        )
        if apply_to_future:
            plans = list(future.order_by("tanggal"))
            skipped = _skipped_dates(series, today, plans[-1].tanggal) if plans else set()
            for plan in plans:
                if plan.status not in PLAN_EDITABLE_STATUSES or plan.diubah_sendiri:
                    change.kept += 1
                elif not _on_schedule(series, plan.tanggal) or plan.tanggal in skipped:
                    _drop_occurrence(plan, user)
                    change.removed += 1
                else:
                    _apply_series_to(plan, series, user)
                    change.updated += 1
        else:
            change.kept = future.count()
        change.created = len(_generate(series, user=user, today=today))
    return change


def _on_schedule(series: PlanSeries, day: datetime.date) -> bool:
    if day < series.mulai or (series.sampai is not None and day > series.sampai):
        return False
    return recurrence.matches(day, pola=series.pola, hari=series.hari, minggu_ke=series.minggu_ke)


def _drop_occurrence(plan: RencanaAksi, user) -> None:
    """A draft no one has seen is removed; a returned one is cancelled (it has a history)."""
    if plan.status == PlanStatus.DRAFT:
        plan.delete()
        return
    previous = plan.status
    plan.status = PlanStatus.DIBATALKAN
    plan.save(update_fields=["status", "diubah"])
    PlanEvent.objects.create(
        plan=plan,
        dari_status=previous,
        ke_status=PlanStatus.DIBATALKAN,
        catatan=_("The recurring schedule changed: this date is no longer on it."),
        oleh=user,
    )


def _series_plan_data(series: PlanSeries, day: datetime.date) -> PlanData:
    return PlanData(
        judul=series.judul,
        tanggal=day,
        jam_mulai=series.jam_mulai,
        jam_selesai=series.jam_selesai,
        lokasi=[LocationRow(rt=rt, titik_kumpul=series.titik_kumpul) for rt in series.rts.all()],
        jenis_kegiatan=list(series.jenis_kegiatan.all()),
        targets={
            name: getattr(series, name)
            for name in [*ParticipantTargets.TARGET_FIELDS, "target_total"]
        },
        penanggung_jawab_nama=series.penanggung_jawab_nama,
        penanggung_jawab_hp=series.penanggung_jawab_hp,
        catatan=series.catatan,
    )


def _apply_series_to(plan: RencanaAksi, series: PlanSeries, user) -> None:
    data = _series_plan_data(series, plan.tanggal)
    plan.kelurahan = series.kelurahan
    _apply_fields(plan, data)
    plan.full_clean(exclude=["idempotency_key"])
    plan.save()
    # Problems, needs and invitations chosen on the occurrence itself stay.
    data.problems = list(plan.problems.all())
    data.stakeholders = list(plan.stakeholders_invited.all())
    data.needs = [
        NeedRow(jenis=n.jenis, item=n.item, jumlah=n.jumlah, satuan=n.satuan)
        for n in plan.needs.all()
    ]
    _write_children(plan, data)
    PlanEvent.objects.create(
        plan=plan,
        catatan=_("Changed with the recurring schedule “%(title)s”.") % {"title": series.judul},
        oleh=user,
    )


def _skipped_dates(
    series: PlanSeries, start: datetime.date, end: datetime.date
) -> set[datetime.date]:
    """Return the days the series skips: public holidays, the office's own days off (the
    working-day clock's calendar) and the series' own skipped dates."""
    own = series.skips.filter(tanggal__range=(start, end)).values_list("tanggal", flat=True)
    return set(workdays.holidays_between(start, end)) | set(own)


def _generate(series: PlanSeries, *, user, today: datetime.date) -> list[RencanaAksi]:
    """Create the missing occurrences of the weeks ahead. Idempotent: a date that already
    has an occurrence (in any status, cancelled included) gets none; holidays and the
    series' own skipped dates get none."""
    if not series.aktif:
        return []
    start, end = recurrence.generation_window(
        first_date=series.mulai,
        last_date=series.sampai,
        today=today,
        weeks=series.minggu_ke_depan,
    )
    dates = recurrence.occurrence_dates(
        pola=series.pola, hari=series.hari, minggu_ke=series.minggu_ke, start=start, end=end
    )
    if not dates:
        return []
    skipped = _skipped_dates(series, start, end)
    existing = set(
        series.occurrences.filter(tanggal__range=(start, end)).values_list("tanggal", flat=True)
    )
    created = []
    template = None
    for day in dates:
        if day in skipped or day in existing:
            continue
        if template is None:
            template = _series_plan_data(series, day)
        template.tanggal = day
        plan = RencanaAksi(kelurahan=series.kelurahan, series=series, dibuat_oleh=user)
        _apply_fields(plan, template)
        try:
            with transaction.atomic():
                plan.save()
                _write_children(plan, template)
                PlanEvent.objects.create(
                    plan=plan,
                    ke_status=PlanStatus.DRAFT,
                    catatan=_("Generated from the recurring schedule “%(title)s”.")
                    % {"title": series.judul},
                    oleh=user,
                )
        except IntegrityError:
            continue  # generated at the same moment by another request
        created.append(plan)
    return created


def series_generate(
    *, user, series: PlanSeries, today: datetime.date | None = None
) -> list[RencanaAksi]:
    """Fill the weeks ahead with the occurrences still missing (safe to repeat)."""
    access.require(user, "series.manage", series)
    with transaction.atomic():
        return _generate(series, user=user, today=today or timezone.localdate())


def series_generate_due(*, today: datetime.date | None = None) -> dict[PlanSeries, int]:
    """Keep every active schedule's weeks ahead filled (run daily: ``generate_plans``).

    A system action, not a user's: the new occurrences have no creator. Return
    {series: number of plans created} for the series that got any.
    """
    today = today or timezone.localdate()
    created = {}
    for series in PlanSeries.objects.filter(aktif=True).select_related("kelurahan"):
        with transaction.atomic():
            plans = _generate(series, user=None, today=today)
        if plans:
            created[series] = len(plans)
    return created


def series_skip_date(
    *,
    user,
    series: PlanSeries,
    tanggal: datetime.date,
    alasan: str,
    today: datetime.date | None = None,
) -> RencanaAksi | None:
    """Mark a date the schedule does not take place; its occurrence, if any, is cancelled.

    Return the cancelled occurrence (None when there was none to cancel).
    """
    access.require(user, "series.manage", series)
    today = today or timezone.localdate()
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason, e.g. the name of the holiday.")})
    if tanggal < today:
        raise ValidationError({"tanggal": _("Choose a date from today on.")})
    if not _on_schedule(series, tanggal):
        raise ValidationError(
            {
                "tanggal": _("%(date)s is not one of this schedule's dates.")
                % {"date": format_tanggal(tanggal)}
            }
        )
    with transaction.atomic():
        if series.skips.filter(tanggal=tanggal).exists():
            raise ValidationError({"tanggal": _("This date is already skipped.")})
        PlanSeriesSkip.objects.create(series=series, tanggal=tanggal, alasan=alasan.strip())
        occurrence = (
            series.occurrences.filter(tanggal=tanggal)
            .exclude(status__in=[PlanStatus.TERLAKSANA, PlanStatus.DIBATALKAN])
            .first()
        )
        if occurrence is None:
            return None
        reason = _("Skipped: %(reason)s") % {"reason": alasan.strip()}
        return _transition(user=user, plan=occurrence, to=PlanStatus.DIBATALKAN, note=reason)


def series_submit_drafts(
    *, user, series: PlanSeries, today: datetime.date | None = None
) -> list[RencanaAksi]:
    """Submit every draft occurrence from today on, in one go."""
    access.require(user, "series.manage", series)
    access.require_perm(user, "plan.submit")
    today = today or timezone.localdate()
    drafts = series.occurrences.filter(status=PlanStatus.DRAFT, tanggal__gte=today)
    with transaction.atomic():
        return [
            plan_submit(user=user, plan=plan, today=today) for plan in drafts.order_by("tanggal")
        ]


# -- stage 4: the execution day (pelaksanaan) -----------------------------------------------
#
# Decisions:
#
# * The lurah (or admin) opens the execution of an approved plan from its date on, with the
#   actual date, times, place and leader, and closes it: closing is the one way a plan
#   becomes "terlaksana" (the plan page's "finish" action; closing an execution never
#   opened records the day as planned). A plan that did not take place is marked not held,
#   with a reason: the execution stays as that record and the plan is cancelled.
# * Each RT head records their own RT's attendance, a ketua RW the RTs of their RW, the
#   lurah or admin any RT of the plan; one row per RT, which a later form updates. Entries
#   are accepted while the execution is open or closed (heads often enter the evening
#   after), never once it is marked not held.
# * Participation rates and completeness are computed here, never typed.

ACTION_EXECUTION_OPEN = "execution_open"
ACTION_NOT_HELD = "not_held"
ACTION_RECORD = "execution_record"
# The plan's problems resolved on the day (each one in ``ExecutionActions.resolvable``).
ACTION_RESOLVE_PROBLEMS = "resolve_problems"
# A new problem found on the day, in one of the plan's RTs.
ACTION_PROBLEM_FOUND = "problem_found"
# Deliveries of the plan's support requests and the event's swadaya (the lurah or admin).
ACTION_SUPPORT = "support_record"
# Add documentation photos (before/after by spot, activity); delete one's own.
ACTION_DOCUMENT = "execution_document"
# Hide a documentation photo from the public, or show it again (the lurah, admin).
ACTION_DOCUMENT_PUBLIC = "execution_document_public"

# Attendance per element may not exceed this (a typo guard, not a plausibility rule).
MAX_HEAD_COUNT = 100_000
# Photos one attendance form may carry.
MAX_ATTENDANCE_PHOTOS = 5
# Photos one documentation form may carry.
MAX_DOCUMENTATION_PHOTOS = 5


@dataclass
class ExecutionData:
    """The actual day of a plan, as the open form cleaned it."""

    tanggal: datetime.date
    jam_mulai: datetime.time | None = None
    jam_selesai: datetime.time | None = None
    lokasi: str = ""
    lat: float | None = None
    lon: float | None = None
    dipimpin_oleh: str = ""


@dataclass(frozen=True)
class ExecutionActions:
    """What a user may do with a plan's execution now (like :class:`PlanActions`), and the
    RTs whose attendance they may record."""

    allowed: frozenset[str] = frozenset()
    blocked: dict[str, str] = field(default_factory=dict)
    attendance_rts: tuple = ()
    # The plan's problems this user may mark resolved at the event now.
    resolvable: tuple = ()

    def __contains__(self, action) -> bool:
        return action in self.allowed


def _execution_of(plan: RencanaAksi) -> Pelaksanaan | None:
    return Pelaksanaan.objects.filter(plan_id=plan.pk).first()


def _accepts_entries(pelaksanaan: Pelaksanaan | None) -> bool:
    return pelaksanaan is not None and pelaksanaan.status != PelaksanaanStatus.TIDAK_TERLAKSANA


def _not_before_plan_date(plan: RencanaAksi, today: datetime.date) -> str | None:
    if plan.tanggal > today:
        return _("The execution can be recorded from the plan's date on (%(date)s).") % {
            "date": format_tanggal(plan.tanggal)
        }
    return None


def attendance_rts(*, user, plan: RencanaAksi) -> list[RT]:
    """Return the RTs of ``plan`` whose attendance ``user`` may record (their own RT, the
    RTs of their RW, every RT for the lurah or admin); none while the execution is not
    open or was not held."""
    if not access.has_perm(user, "attendance.record"):
        return []
    if not _accepts_entries(_execution_of(plan)):
        return []
    rts = RT.objects.filter(plan_locations__plan=plan).select_related("rw")
    return list(access.scope_queryset(rts, user).order_by("rw__nomor", "nomor"))


def execution_allowed_actions(
    *, user, plan: RencanaAksi, today: datetime.date | None = None
) -> ExecutionActions:
    """Return what ``user`` may do with the execution of ``plan`` now (the plan was read
    through the user's scope; the services check the area again when they write)."""
    today = today or timezone.localdate()
    pelaksanaan = _execution_of(plan)
    allowed, blocked = set(), {}
    if access.has_perm(user, "execution.manage"):
        objection = _not_before_plan_date(plan, today)
        may_open = plan.status in (PlanStatus.DISETUJUI, PlanStatus.TERLAKSANA) and (
            pelaksanaan is None or _accepts_entries(pelaksanaan)
        )
        may_mark_not_held = plan.status == PlanStatus.DISETUJUI and (
            pelaksanaan is None or pelaksanaan.status == PelaksanaanStatus.DIBUKA
        )
        for action, possible in (
            (ACTION_EXECUTION_OPEN, may_open),
            (ACTION_NOT_HELD, may_mark_not_held),
        ):
            if not possible:
                continue
            if objection:
                blocked[action] = objection
            else:
                allowed.add(action)
    resolvable = ()
    if _accepts_entries(pelaksanaan):
        if access.has_perm(user, "execution.record"):
            allowed.add(ACTION_RECORD)
            allowed.add(ACTION_DOCUMENT)
            resolvable = tuple(resolvable_problems(user=user, plan=plan))
            if resolvable:
                allowed.add(ACTION_RESOLVE_PROBLEMS)
        if access.has_perm(user, "problem.create") and access.has_perm(user, "execution.record"):
            allowed.add(ACTION_PROBLEM_FOUND)
        if access.has_perm(user, "execution.manage") and access.has_perm(user, "delivery.record"):
            allowed.add(ACTION_SUPPORT)
    if access.has_perm(user, "execution.manage") and pelaksanaan is not None:
        allowed.add(ACTION_DOCUMENT_PUBLIC)
    return ExecutionActions(
        allowed=frozenset(allowed),
        blocked=blocked,
        attendance_rts=tuple(attendance_rts(user=user, plan=plan)),
        resolvable=resolvable,
    )


def resolvable_problems(*, user, plan: RencanaAksi) -> list[Problem]:
    """Return the plan's problems ``user`` may mark resolved at its event: those inside the
    user's area (an RT head's RT, an RW head's RW, the lurah's kelurahan) whose status the
    problem service lets move to "selesai" at an event (``RESOLVE_AT_EVENT``)."""
    action = problem_services.ACTIONS[problem_services.RESOLVE_AT_EVENT]
    if not access.has_perm(user, action.permission):
        return []
    problems = plan.problems.filter(status__in=action.sources).select_related("kategori", "rt")
    return list(access.scope_queryset(problems, user).order_by("pk"))


def check_execution_data(*, data: ExecutionData, today: datetime.date) -> None:
    """Refuse an actual date in the future and an end time before the start."""
    if data.tanggal > today:
        raise ValidationError({"tanggal": _("The actual date cannot be in the future.")})
    check_times(jam_mulai=data.jam_mulai, jam_selesai=data.jam_selesai)
    if (data.lat is None) != (data.lon is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))


def pelaksanaan_open(
    *,
    user,
    plan: RencanaAksi,
    data: ExecutionData,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Pelaksanaan:
    """Open the execution of an approved plan with the actual day (or correct the day of an
    execution already open or closed)."""
    access.require(user, "execution.manage", plan)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    check_execution_data(data=data, today=today)
    with transaction.atomic():
        plan = RencanaAksi.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in (PlanStatus.DISETUJUI, PlanStatus.TERLAKSANA):
            raise ValidationError(
                _("Only an approved plan has an execution; this one is %(status)s.")
                % {"status": plan.get_status_display()}
            )
        objection = _not_before_plan_date(plan, today)
        if objection:
            raise ValidationError({"tanggal": objection})
        pelaksanaan = _execution_of(plan) or Pelaksanaan(
            plan=plan, dibuka_oleh=user, dibuka_pada=now
        )
        if not _accepts_entries(pelaksanaan):
            raise ValidationError(_("This plan was marked as not held."))
        pelaksanaan.tanggal = data.tanggal
        pelaksanaan.jam_mulai = data.jam_mulai
        pelaksanaan.jam_selesai = data.jam_selesai
        pelaksanaan.lokasi = (data.lokasi or "").strip()
        pelaksanaan.lat = data.lat
        pelaksanaan.lon = data.lon
        pelaksanaan.dipimpin_oleh = (data.dipimpin_oleh or "").strip()
        pelaksanaan.full_clean()
        pelaksanaan.save()
    return pelaksanaan


def _execution_as_planned(plan: RencanaAksi, user, now) -> Pelaksanaan:
    """The execution of a plan closed without being opened: the day as planned."""
    return Pelaksanaan(
        plan=plan,
        tanggal=plan.tanggal,
        jam_mulai=plan.jam_mulai,
        jam_selesai=plan.jam_selesai,
        lokasi="; ".join(plan.places)[:200],
        dipimpin_oleh=plan.penanggung_jawab_nama,
        dibuka_oleh=user,
        dibuka_pada=now,
    )


def pelaksanaan_close(
    *,
    user,
    plan: RencanaAksi,
    note: str = "",
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Pelaksanaan:
    """Close the execution: the plan becomes "terlaksana" (from its date on)."""
    access.require(user, "execution.manage", plan)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        # The plan's status move checks the role, the area, the status and the date.
        _transition(user=user, plan=plan, to=PlanStatus.TERLAKSANA, note=note, today=today, now=now)
        pelaksanaan = _execution_of(plan) or _execution_as_planned(plan, user, now)
        if pelaksanaan.status != PelaksanaanStatus.DIBUKA:
            raise ValidationError(_("This execution is already closed."))
        pelaksanaan.status = PelaksanaanStatus.DITUTUP
        pelaksanaan.ditutup_oleh = user
        pelaksanaan.ditutup_pada = now
        pelaksanaan.save()
    return pelaksanaan


def pelaksanaan_not_held(
    *,
    user,
    plan: RencanaAksi,
    reason: str,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Pelaksanaan:
    """Record that an approved plan did not take place, and why; the plan is cancelled
    (its problems are released) and the execution stays as the record of it."""
    access.require(user, "execution.manage", plan)
    if not (reason or "").strip():
        raise ValidationError({"alasan": _("Give the reason it was not held.")})
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    objection = _not_before_plan_date(plan, today)
    if objection:
        raise ValidationError(objection)
    with transaction.atomic():
        note = _("Not held: %(reason)s") % {"reason": reason.strip()}
        _transition(
            user=user,
            plan=plan,
            to=PlanStatus.DIBATALKAN,
            note=note,
            today=today,
            now=now,
            not_held=True,
        )
        pelaksanaan = _execution_of(plan) or _execution_as_planned(plan, user, now)
        if pelaksanaan.status != PelaksanaanStatus.DIBUKA:
            raise ValidationError(_("This execution is already closed."))
        pelaksanaan.status = PelaksanaanStatus.TIDAK_TERLAKSANA
        pelaksanaan.alasan_tidak_terlaksana = reason.strip()
        pelaksanaan.ditutup_oleh = user
        pelaksanaan.ditutup_pada = now
        pelaksanaan.save()
    return pelaksanaan


def _execution_for_entries(plan: RencanaAksi) -> Pelaksanaan:
    pelaksanaan = _execution_of(plan)
    if pelaksanaan is None:
        raise ValidationError(_("The lurah has not opened this plan's execution yet."))
    if not _accepts_entries(pelaksanaan):
        raise ValidationError(_("This plan was marked as not held."))
    return pelaksanaan


# -- attendance per RT ----------------------------------------------------------------------


def check_head_counts(counts: dict) -> dict[str, int]:
    """Return the head counts by element (missing = 0); refuse negative or absurd ones."""
    clean = {}
    for name in Kehadiran.COUNT_FIELDS:
        value = counts.get(name) or 0
        if not isinstance(value, int) or value < 0 or value > MAX_HEAD_COUNT:
            raise ValidationError(
                {name: _("Enter a whole number from 0 to %(max)s.") % {"max": MAX_HEAD_COUNT}}
            )
        clean[name] = value
    if not any(clean.values()):
        raise ValidationError(_("Enter how many people attended."))
    return clean


def attendance_warnings(*, rt: RT, total: int) -> list[str]:
    """Return the plausibility warnings of an attendance (shown, never refused): more
    people than the RT has residents."""
    if rt.jumlah_jiwa and total > rt.jumlah_jiwa:
        return [
            _(
                "%(total)s people attended, more than the %(jiwa)s residents of %(rt)s: "
                "check the count."
            )
            % {"total": total, "jiwa": rt.jumlah_jiwa, "rt": rt}
        ]
    return []


def _check_kept_photos(user, photos) -> None:
    ids = [photo.pk for photo in photos]
    usable = photos_unused(Photo.objects.filter(pk__in=ids, uploaded_by=user)).count()
    if usable != len(set(ids)):
        raise ValidationError(
            {"foto": _("The photo chosen before is no longer available: choose it again.")}
        )


def kehadiran_record(
    *,
    user,
    plan: RencanaAksi,
    rt: RT,
    counts: dict,
    stakeholders=(),
    uploads=(),
    kept_photos=(),
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> Kehadiran:
    """Record (or update) one RT's attendance at the plan's execution, adding its photos
    (new ``uploads`` through the photo pipeline, or ``kept_photos`` of a failed try).

    The same form sent twice (its ``idempotency_key``) changes nothing the second time.
    Raises ``sigoro.photos.PhotoError`` for a photo that cannot be used; then nothing is
    saved.
    """
    access.require(user, "attendance.record", rt)
    access.require_in_area(user, plan)
    if not plan.lokasi.filter(rt=rt).exists():
        raise Http404
    clean = check_head_counts(counts)
    stakeholders = list(stakeholders)
    if any(not _serves(s, plan.kelurahan) for s in stakeholders):
        raise ValidationError(
            {"stakeholders": _("Choose only stakeholders that work in this kelurahan.")}
        )
    uploads, kept_photos = list(uploads), list(kept_photos)
    if len(uploads) + len(kept_photos) > MAX_ATTENDANCE_PHOTOS:
        raise ValidationError(
            {"foto": _("Send at most %(n)s photos at a time.") % {"n": MAX_ATTENDANCE_PHOTOS}}
        )
    _check_kept_photos(user, kept_photos)
    now = now or timezone.now()

    def create() -> Kehadiran:
        _execution_for_entries(plan)
        # The photos first: their processing must not hold the row lock below.
        photos = [
            photo_create(user=user, upload=upload, caption=str(rt)) for upload in uploads
        ] + kept_photos
        pelaksanaan = Pelaksanaan.objects.select_for_update().get(plan_id=plan.pk)
        if not _accepts_entries(pelaksanaan):
            raise ValidationError(_("This plan was marked as not held."))
        row = Kehadiran.objects.filter(pelaksanaan=pelaksanaan, rt=rt).first() or Kehadiran(
            pelaksanaan=pelaksanaan, rt=rt, dicatat_oleh=user, dicatat_pada=now
        )
        for name, value in clean.items():
            setattr(row, name, value)
        row.idempotency_key = idempotency_key or None
        row.full_clean(exclude=["idempotency_key", "pelaksanaan", "rt"])
        row.save()
        row.stakeholders.set(stakeholders)
        if photos:
            row.foto.add(*photos)
        _figures_changed(plan, pelaksanaan)
        return row

    return create_once(Kehadiran, idempotency_key, create, atomic=atomic_with_files)


def attendance_photo_keep_for_retry(*, user, plan: RencanaAksi, rt: RT, upload) -> Photo:
    """Store the good photo of an attendance form that failed for another reason, so that
    it need not be chosen again (removed by ``cleanup_photos`` when no form takes it)."""
    access.require(user, "attendance.record", rt)
    access.require_in_area(user, plan)
    return photo_create(user=user, upload=upload, caption=str(rt))


# -- results, on-site services, kendala -----------------------------------------------------


def check_result(*, indikator: IndikatorHasil | None, jumlah, jenis_sampah: str) -> str:
    """Refuse an inactive indicator, a quantity of 0 or less, and a missing waste type for
    an indicator that asks for it; return the waste type to store ("" when not asked)."""
    if indikator is None or not indikator.aktif:
        raise ValidationError({"indikator": _("Choose an indicator from the list.")})
    if jumlah is None or jumlah <= 0:
        raise ValidationError({"jumlah": _("Enter a quantity above 0.")})
    if not indikator.perlu_jenis_sampah:
        return ""
    if jenis_sampah not in JenisSampah.values:
        raise ValidationError({"jenis_sampah": _("Choose the waste type.")})
    return jenis_sampah


def hasil_add(
    *,
    user,
    plan: RencanaAksi,
    indikator: IndikatorHasil,
    jumlah,
    jenis_sampah: str = "",
    catatan: str = "",
    idempotency_key: str | None = None,
) -> HasilKegiatan:
    """Add one result row (indicator and quantity) to the plan's execution."""
    access.require(user, "execution.record", plan)
    jenis_sampah = check_result(indikator=indikator, jumlah=jumlah, jenis_sampah=jenis_sampah)

    def create() -> HasilKegiatan:
        row = HasilKegiatan(
            pelaksanaan=_execution_for_entries(plan),
            indikator=indikator,
            jumlah=jumlah,
            jenis_sampah=jenis_sampah,
            catatan=(catatan or "").strip(),
            dicatat_oleh=user,
            idempotency_key=idempotency_key or None,
        )
        row.full_clean(exclude=["idempotency_key"])
        row.save()
        _figures_changed(plan, row.pelaksanaan)
        return row

    return create_once(HasilKegiatan, idempotency_key, create)


def hasil_lainnya_set(*, user, plan: RencanaAksi, text: str) -> Pelaksanaan:
    """Set the execution's results in free text (what no indicator measures)."""
    access.require(user, "execution.record", plan)
    with transaction.atomic():
        pelaksanaan = _execution_for_entries(plan)
        pelaksanaan.hasil_lainnya = (text or "").strip()
        pelaksanaan.full_clean()
        pelaksanaan.save(update_fields=["hasil_lainnya"])
        _figures_changed(plan, pelaksanaan)
    return pelaksanaan


def layanan_add(
    *,
    user,
    plan: RencanaAksi,
    jenis: JenisLayanan,
    jumlah: int,
    idempotency_key: str | None = None,
) -> LayananLokasi:
    """Log an on-site public service given during the execution, and to how many people."""
    access.require(user, "execution.record", plan)
    if jenis is None or not jenis.aktif:
        raise ValidationError({"jenis": _("Choose a service from the list.")})
    if not jumlah or jumlah < 1:
        raise ValidationError({"jumlah": _("Enter how many people were served (at least 1).")})

    def create() -> LayananLokasi:
        row = LayananLokasi(
            pelaksanaan=_execution_for_entries(plan),
            jenis=jenis,
            jumlah=jumlah,
            dicatat_oleh=user,
            idempotency_key=idempotency_key or None,
        )
        row.full_clean(exclude=["idempotency_key"])
        row.save()
        _figures_changed(plan, row.pelaksanaan)
        return row

    return create_once(LayananLokasi, idempotency_key, create)


def kendala_add(
    *,
    user,
    plan: RencanaAksi,
    kategori: str,
    uraian: str,
    idempotency_key: str | None = None,
) -> Kendala:
    """Record a constraint met during the execution (category and what happened)."""
    access.require(user, "execution.record", plan)
    if not (uraian or "").strip():
        raise ValidationError({"uraian": _("Describe the constraint.")})

    def create() -> Kendala:
        row = Kendala(
            pelaksanaan=_execution_for_entries(plan),
            kategori=kategori,
            uraian=uraian.strip(),
            dicatat_oleh=user,
            idempotency_key=idempotency_key or None,
        )
        row.full_clean(exclude=["idempotency_key"])
        row.save()
        _figures_changed(plan, row.pelaksanaan)
        return row

    return create_once(Kendala, idempotency_key, create)


# -- documentation photos -------------------------------------------------------------------
#
# Before and after photos belong to a spot of the execution (TitikDokumentasi) and are shown
# side by side; activity photos have none. Whoever may record the execution's entries adds
# them (ACTION_DOCUMENT); a spot tied to an RT takes photos only from users whose area holds
# that RT. A photo is deleted by who added it, or by the lurah or admin, while the execution
# accepts entries (:func:`documentation_photo_deletable`).


def documentation_rts(*, user, plan: RencanaAksi) -> list[RT]:
    """Return the RTs of ``plan`` a new spot of ``user`` may be tied to (those of the plan
    inside the user's area)."""
    if not access.has_perm(user, "execution.record"):
        return []
    rts = RT.objects.filter(plan_locations__plan=plan).select_related("rw")
    return list(access.scope_queryset(rts, user).order_by("rw__nomor", "nomor"))


def documentation_spots_usable(*, user, spots):
    """The spots of ``spots`` (a queryset) ``user`` may add photos to: a spot of no RT
    takes anyone's who may record the execution; a spot of an RT only theirs whose area
    holds that RT."""
    return spots.filter(
        Q(rt__isnull=True) | Q(rt__in=access.scope_queryset(RT.objects.all(), user))
    )


def documentation_spot_usable(*, user, titik: TitikDokumentasi) -> bool:
    """Whether ``user`` may add photos to ``titik`` (:func:`documentation_spots_usable`)."""
    spots = TitikDokumentasi.objects.filter(pk=titik.pk)
    return documentation_spots_usable(user=user, spots=spots).exists()


def documentation_photo_deletable(*, user, row: FotoDokumentasi, actions: ExecutionActions) -> bool:
    """Whether ``user`` may delete the documentation photo ``row`` now: who added it, or
    the lurah or admin, while the execution accepts entries (``actions`` are the user's
    :func:`execution_allowed_actions` of the row's plan)."""
    if ACTION_DOCUMENT not in actions:
        return False
    return row.dicatat_oleh_id == user.pk or access.has_perm(user, "execution.manage")


def _nth_key(key: str | None, n: int) -> str | None:
    """The idempotency key of the ``n``-th photo of one form (the first carries the form's)."""
    if not key or n == 0:
        return key or None
    suffix = f"~{n}"
    return key[: 64 - len(suffix)] + suffix


def _documentation_spot(*, user, plan, jenis, titik, titik_nama, titik_rt):
    """Check the spot of a documentation photo; return (existing spot or None, new name)."""
    if jenis not in SPOT_PHOTO_KINDS:
        return None, ""
    if titik is not None:
        if titik.pelaksanaan.plan_id != plan.pk or not documentation_spot_usable(
            user=user, titik=titik
        ):
            raise ValidationError({"titik": _("Choose a spot from the list.")})
        return titik, ""
    name = " ".join((titik_nama or "").split())
    if not name:
        raise ValidationError({"titik_nama": _("Choose the spot, or give the name of a new spot.")})
    if len(name) > 100:
        raise ValidationError({"titik_nama": _("Give a shorter name (at most 100 characters).")})
    if titik_rt is not None and titik_rt not in documentation_rts(user=user, plan=plan):
        raise ValidationError({"titik_rt": _("Choose one of the plan's RTs in your area.")})
    return None, name


def dokumentasi_add(
    *,
    user,
    plan: RencanaAksi,
    jenis: str,
    titik: TitikDokumentasi | None = None,
    titik_nama: str = "",
    titik_rt: RT | None = None,
    keterangan: str = "",
    uploads=(),
    kept_photos=(),
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> list[FotoDokumentasi]:
    """Add documentation photos of one kind, with one caption, to the plan's execution;
    return the rows made (one per photo, in order).

    * ``jenis``: a ``JenisFotoDokumentasi`` value ("sebelum", "sesudah", "kegiatan").
    * Before and after photos need a spot: an existing ``titik`` of this execution, or the
      ``titik_nama`` of a new one (a spot of the same name, in any case, is reused), tied to
      ``titik_rt`` (one of the plan's RTs in the user's area) or to none. An activity photo
      has no spot (``titik*`` are ignored).
    * The photos: ``uploads`` (files, through the photo pipeline) and ``kept_photos``
      (``sigoro.Photo`` of this user that no record uses yet: a failed try's, or a staged
      upload's); together 1 to ``MAX_DOCUMENTATION_PHOTOS``.
    * ``idempotency_key``: the form's key; the same form sent again returns the rows of the
      first time and adds nothing (the n-th photo's row carries ``<key>~n``).

    Raises ``ValidationError`` (keyed by field: jenis, titik, titik_nama, titik_rt, foto),
    ``sigoro.photos.PhotoError`` for a photo that cannot be used (then nothing is saved), and
    ``PermissionDenied``/``Http404`` for a user outside the plan's area.
    """
    access.require(user, "execution.record", plan)
    keys = [_nth_key(idempotency_key, n) for n in range(MAX_DOCUMENTATION_PHOTOS)]
    if idempotency_key and (earlier := _documentation_rows(keys)):
        return earlier
    if jenis not in JenisFotoDokumentasi.values:
        raise ValidationError({"jenis": _("Choose before, after or activity.")})
    titik, new_name = _documentation_spot(
        user=user, plan=plan, jenis=jenis, titik=titik, titik_nama=titik_nama, titik_rt=titik_rt
    )
    uploads, kept_photos = list(uploads), list(kept_photos)
    if not uploads and not kept_photos:
        raise ValidationError({"foto": _("Choose at least one photo.")})
    if len(uploads) + len(kept_photos) > MAX_DOCUMENTATION_PHOTOS:
        raise ValidationError(
            {"foto": _("Send at most %(n)s photos at a time.") % {"n": MAX_DOCUMENTATION_PHOTOS}}
        )
    _check_kept_photos(user, kept_photos)
    caption = " ".join((keterangan or "").split())[:200]
    now = now or timezone.now()
    made: list[FotoDokumentasi] = []

    def create() -> FotoDokumentasi:
        made.clear()
        _execution_for_entries(plan)
        # The photos first: their processing must not hold the row lock below.
        photos = [photo_create(user=user, upload=u, caption=caption) for u in uploads]
        photos += kept_photos
        pelaksanaan = Pelaksanaan.objects.select_for_update().get(plan_id=plan.pk)
        if not _accepts_entries(pelaksanaan):
            raise ValidationError(_("This plan was marked as not held."))
        spot = titik
        if new_name:
            spot = pelaksanaan.titik.filter(nama__iexact=new_name).first()
            if spot is None:
                spot = TitikDokumentasi(
                    pelaksanaan=pelaksanaan,
                    nama=new_name,
                    rt=titik_rt,
                    dibuat_oleh=user,
                    dibuat_pada=now,
                )
                spot.full_clean(exclude=["pelaksanaan", "rt"])
                spot.save()
            elif not documentation_spot_usable(user=user, titik=spot):
                raise ValidationError({"titik_nama": _("This spot belongs to another RT.")})
        for n, photo in enumerate(photos):
            row = FotoDokumentasi(
                pelaksanaan=pelaksanaan,
                jenis=jenis,
                titik=spot,
                keterangan=caption,
                foto=photo,
                dicatat_oleh=user,
                dicatat_pada=now,
                idempotency_key=keys[n],
            )
            row.full_clean(exclude=["idempotency_key", "pelaksanaan", "titik", "foto"])
            row.save()
            made.append(row)
        _figures_changed(plan, pelaksanaan)
        return made[0]

    create_once(FotoDokumentasi, idempotency_key, create, atomic=atomic_with_files)
    # With a key, the rows that carry it (this call's, or a concurrent twin's).
    return _documentation_rows(keys) if idempotency_key else made


def _documentation_rows(keys) -> list[FotoDokumentasi]:
    keys = [key for key in keys if key]
    return list(FotoDokumentasi.objects.filter(idempotency_key__in=keys).order_by("pk"))


def _row_of_plan(plan: RencanaAksi, row: FotoDokumentasi) -> None:
    if row.pelaksanaan.plan_id != plan.pk:
        raise Http404


def dokumentasi_delete(*, user, plan: RencanaAksi, row: FotoDokumentasi) -> None:
    """Delete a documentation photo (the row, the photo and its files, on commit)."""
    access.require(user, "execution.record", plan)
    _row_of_plan(plan, row)
    actions = execution_allowed_actions(user=user, plan=plan)
    if not documentation_photo_deletable(user=user, row=row, actions=actions):
        raise PermissionDenied(_("Only who added this photo, or the lurah, may delete it."))
    photo = row.foto
    files = [(f.storage, f.name) for f in photo.files if f.name]
    with transaction.atomic():
        row.delete()
        photo.delete()

        def remove_files():
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)


def dokumentasi_set_public(
    *, user, plan: RencanaAksi, row: FotoDokumentasi, public: bool
) -> FotoDokumentasi:
    """Show a documentation photo on the public schedule, or hide it from it."""
    access.require(user, "execution.manage", plan)
    _row_of_plan(plan, row)
    if ACTION_DOCUMENT_PUBLIC not in execution_allowed_actions(user=user, plan=plan):
        raise PermissionDenied
    with transaction.atomic():
        FotoDokumentasi.objects.filter(pk=row.pk).update(publik=public)
    row.publik = public
    return row


# -- participation and completeness (computed, never typed) ---------------------------------


def participation_rate(attended: int, base: int | None) -> float | None:
    """Return ``attended / base`` (0.85 for 85 %), or None ("no data") when the base is
    missing or 0."""
    if not base:
        return None
    return attended / base


def plan_target(plan: RencanaAksi) -> int:
    """The plan's participant target: its total, else the sum of its elements."""
    return plan.target_total or plan.target_sum


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool


@dataclass(frozen=True)
class Completeness:
    """The completeness checklist of an execution; ``percent`` is the share of items done."""

    items: tuple[ChecklistItem, ...]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.items)) if self.items else 0


def _documentation_photo_count(pelaksanaan: Pelaksanaan, kind: str) -> int:
    """The execution's documentation photos of ``kind`` (a ``JenisFotoDokumentasi``)."""
    return pelaksanaan.dokumentasi.filter(jenis=kind).count()


def pelaksanaan_completeness(
    pelaksanaan: Pelaksanaan, *, entry_days: int | None = None
) -> Completeness:
    """Return the checklist of an execution: attendance for every RT of the plan, before
    photos, after photos, results, and attendance entered within ``entry_days`` (setting
    ``EXECUTION_ENTRY_DAYS``) of the event."""
    if entry_days is None:
        entry_days = settings.EXECUTION_ENTRY_DAYS
    plan_rts = set(
        PlanLocation.objects.filter(plan_id=pelaksanaan.plan_id).values_list("rt_id", flat=True)
    )
    attendance = list(pelaksanaan.kehadiran.values_list("rt_id", "dicatat_pada"))
    every_rt = bool(plan_rts) and plan_rts <= {rt_id for rt_id, _when in attendance}
    deadline = pelaksanaan.tanggal + datetime.timedelta(days=entry_days)
    on_time = every_rt and all(timezone.localdate(when) <= deadline for _rt, when in attendance)
    has_results = pelaksanaan.hasil.exists() or bool(pelaksanaan.hasil_lainnya.strip())
    items = (
        ChecklistItem("attendance", _("Attendance recorded for every RT"), every_rt),
        ChecklistItem(
            "before_photos",
            _("Before photos"),
            _documentation_photo_count(pelaksanaan, JenisFotoDokumentasi.SEBELUM) > 0,
        ),
        ChecklistItem(
            "after_photos",
            _("After photos"),
            _documentation_photo_count(pelaksanaan, JenisFotoDokumentasi.SESUDAH) > 0,
        ),
        ChecklistItem("results", _("Results recorded"), has_results),
        ChecklistItem(
            "on_time",
            _("Entered within %(days)s days of the event") % {"days": entry_days},
            on_time,
        ),
    )
    return Completeness(items=items)


# -- problems resolved and found on the day -------------------------------------------------
#
# Decisions:
#
# * Who records an event may tick the plan's problems inside their area as resolved (the
#   lurah or admin any of them, an RT head those of their RT), each with an after photo
#   (required: the proof the reporter sees). The problem moves to "selesai" through
#   ``permasalahan.services.problem_resolve_at_event``; the timeline note names the event and
#   is public (no personal data in it). Ticking one already resolved at this event again (a
#   double submit) changes nothing.
# * A problem found on the day is a new problem of one of the plan's RTs, source "found at a
#   gotong royong", linked to the execution so its page lists it.


def _require_execution_action(user, plan: RencanaAksi, action: str) -> ExecutionActions:
    actions = execution_allowed_actions(user=user, plan=plan)
    if action not in actions:
        if not _accepts_entries(_execution_of(plan)):
            raise ValidationError(
                _("This can be recorded once the lurah has opened the execution.")
            )
        raise PermissionDenied
    return actions


def _event_label(plan: RencanaAksi, pelaksanaan: Pelaksanaan) -> dict:
    return {"title": plan.judul, "date": format_tanggal(pelaksanaan.tanggal)}


def problem_resolve_at_event(
    *,
    user,
    plan: RencanaAksi,
    problem: Problem,
    upload=None,
    kept_photo: Photo | None = None,
) -> Problem:
    """Mark one of the plan's problems resolved at its execution, with an after photo (a
    new ``upload`` through the photo pipeline, or ``kept_photo`` of a failed try).

    Raises ``sigoro.photos.PhotoError`` for a photo that cannot be used (nothing saved).
    """
    access.require(user, "execution.record", plan)
    access.require_in_area(user, problem)
    if not plan.problems.filter(pk=problem.pk).exists():
        raise Http404
    pelaksanaan = _execution_for_entries(plan)
    if pelaksanaan.masalah_diselesaikan.filter(pk=problem.pk).exists():
        return problem  # sent twice: already resolved at this event
    actions = _require_execution_action(user, plan, ACTION_RECORD)
    if problem not in actions.resolvable:
        raise ValidationError(
            _("This problem cannot be marked resolved: it is %(status)s.")
            % {"status": problem.get_status_display()}
        )
    if upload is None and kept_photo is None:
        raise ValidationError({"foto": _("Add a photo of the place after the work.")})
    if kept_photo is not None and upload is None:
        _check_kept_photos(user, [kept_photo])
    processed = process_photo(upload) if upload is not None else None
    note = _("Resolved at the gotong royong “%(title)s” on %(date)s.") % _event_label(
        plan, pelaksanaan
    )
    with atomic_with_files():
        locked = Pelaksanaan.objects.select_for_update().get(pk=pelaksanaan.pk)
        if locked.masalah_diselesaikan.filter(pk=problem.pk).exists():
            return problem
        problem = problem_services.problem_resolve_at_event(
            user=user,
            problem=problem,
            note=note,
            processed_photo=processed,
            kept_photo=None if processed is not None else kept_photo,
        )
        locked.masalah_diselesaikan.add(problem)
        _figures_changed(plan, locked)
    return problem


def event_photo_keep_for_retry(*, user, plan: RencanaAksi, upload) -> Photo:
    """Store the good photo of an event form (after photo, found problem) that failed for
    another reason, so the next try carries it (removed by ``cleanup_photos`` when no form
    takes it)."""
    access.require(user, "execution.record", plan)
    return photo_create(user=user, upload=upload, caption=plan.judul[:100])


def problem_found_add(
    *,
    user,
    plan: RencanaAksi,
    rt: RT,
    kategori,
    alamat: str,
    deskripsi: str,
    keparahan: int | None = None,
    uploads=(),
    kept_photos=(),
    idempotency_key: str | None = None,
) -> Problem:
    """Add a problem found on the day in one of the plan's RTs: a new problem (through
    ``permasalahan.services.problem_create``, source "found at a gotong royong") linked to
    the execution, with a public timeline note naming the event. The same form sent twice
    makes one problem."""
    access.require(user, "execution.record", plan)
    _require_execution_action(user, plan, ACTION_PROBLEM_FOUND)
    if not plan.lokasi.filter(rt=rt).exists():
        raise ValidationError({"rt": _("Choose one of the plan's RTs.")})
    access.require(user, "problem.create", rt)
    kept_photos = list(kept_photos)
    _check_kept_photos(user, kept_photos)
    processed = problem_services.process_uploads(list(uploads))
    pelaksanaan = _execution_for_entries(plan)
    with atomic_with_files():
        locked = Pelaksanaan.objects.select_for_update().get(pk=pelaksanaan.pk)
        problem = problem_services.problem_create(
            user=user,
            kategori=kategori,
            rt=rt,
            alamat=alamat,
            deskripsi=deskripsi,
            keparahan=keparahan,
            processed_photos=processed,
            kept_photos=kept_photos,
            sumber=Source.KEGIATAN,
            idempotency_key=idempotency_key,
        )
        if not locked.masalah_ditemukan.filter(pk=problem.pk).exists():
            locked.masalah_ditemukan.add(problem)
            problem_services.problem_add_note(
                user=user,
                problem=problem,
                note=_("Found at the gotong royong “%(title)s” on %(date)s.")
                % _event_label(plan, locked),
                public=True,
            )
        _figures_changed(plan, locked)
    return problem


# -- support received: deliveries of the plan's requests, swadaya of the event -------------
#
# The stage 2 records are written by ``stakeholder.services`` (``delivery_record``,
# ``swadaya_create``); kegiatan keeps no copy, only the link of a swadaya to its event.


def plan_pledges(plan: RencanaAksi):
    """The pledges of the plan's support requests (any status)."""
    return Pledge.objects.filter(recipient__request__rencana_aksi=plan)


def event_delivery_confirm(
    *,
    user,
    plan: RencanaAksi,
    pledge: Pledge,
    jumlah: int,
    diterima_oleh: str,
    tanggal: datetime.date | None = None,
    catatan: str = "",
    idempotency_key: str | None = None,
):
    """Confirm what a stakeholder delivered for one of the plan's pledges at the event: a
    stage 2 delivery (``stakeholder.services.delivery_record``) dated the event's day."""
    access.require(user, "execution.manage", plan)
    _require_execution_action(user, plan, ACTION_SUPPORT)
    if not plan_pledges(plan).filter(pk=pledge.pk).exists():
        raise Http404
    pelaksanaan = _execution_for_entries(plan)
    with transaction.atomic():
        delivery = stakeholder_services.delivery_record(
            user=user,
            pledge=pledge,
            jumlah=jumlah,
            tanggal=tanggal or pelaksanaan.tanggal,
            diterima_oleh=diterima_oleh,
            catatan=catatan,
            idempotency_key=idempotency_key,
        )
        _figures_changed(plan, pelaksanaan)
    return delivery


def event_swadaya_add(
    *, user, plan: RencanaAksi, rt: RT, idempotency_key: str | None = None, **fields
):
    """Record the community's contribution to the event in one of the plan's RTs: a stage 2
    swadaya (``stakeholder.services.swadaya_create``) dated the event's day, named after it,
    and linked to the execution. The same form sent twice makes one record."""
    access.require(user, "execution.manage", plan)
    _require_execution_action(user, plan, ACTION_SUPPORT)
    if not plan.lokasi.filter(rt=rt).exists():
        raise ValidationError({"rt": _("Choose one of the plan's RTs.")})
    pelaksanaan = _execution_for_entries(plan)
    fields.update(tanggal=pelaksanaan.tanggal, acara=plan.judul[:150])
    with transaction.atomic():
        locked = Pelaksanaan.objects.select_for_update().get(pk=pelaksanaan.pk)
        swadaya = stakeholder_services.swadaya_create(
            user=user, rt=rt, idempotency_key=idempotency_key, **fields
        )
        locked.swadaya.add(swadaya)
        _figures_changed(plan, locked)
    return swadaya


# -- changing and deleting result, service and kendala rows ---------------------------------
#
# Who recorded a row, or the lurah or admin, may change or delete it while the execution
# accepts entries (open or closed, not "not held"). Attendance is corrected by recording
# the RT again.

ENTRY_MODELS = {"hasil": HasilKegiatan, "layanan": LayananLokasi, "kendala": Kendala}


def entry_may_change(*, user, entry) -> bool:
    """Whether ``user`` may change or delete ``entry`` (a result, service or kendala row)
    now: its recorder or the lurah/admin, inside their area, while entries are accepted."""
    if not access.has_perm(user, "execution.record"):
        return False
    if not _accepts_entries(entry.pelaksanaan):
        return False
    mine = entry.dicatat_oleh_id is not None and entry.dicatat_oleh_id == user.pk
    if not (mine or access.has_perm(user, "execution.manage")):
        return False
    return access.is_in_area(user, entry.pelaksanaan)


def _require_entry_change(user, entry) -> None:
    access.require(user, "execution.record", entry.pelaksanaan)
    if not entry_may_change(user=user, entry=entry):
        if not _accepts_entries(entry.pelaksanaan):
            raise ValidationError(_("This plan was marked as not held."))
        raise PermissionDenied


def hasil_update(
    *, user, entry: HasilKegiatan, indikator, jumlah, jenis_sampah: str = "", catatan: str = ""
) -> HasilKegiatan:
    _require_entry_change(user, entry)
    entry.jenis_sampah = check_result(indikator=indikator, jumlah=jumlah, jenis_sampah=jenis_sampah)
    entry.indikator = indikator
    entry.jumlah = jumlah
    entry.catatan = (catatan or "").strip()
    entry.full_clean(exclude=["idempotency_key"])
    with transaction.atomic():
        entry.save()
        _figures_changed(entry.pelaksanaan.plan, entry.pelaksanaan)
    return entry


def layanan_update(*, user, entry: LayananLokasi, jenis, jumlah: int) -> LayananLokasi:
    _require_entry_change(user, entry)
    if jenis is None or not jenis.aktif:
        raise ValidationError({"jenis": _("Choose a service from the list.")})
    if not jumlah or jumlah < 1:
        raise ValidationError({"jumlah": _("Enter how many people were served (at least 1).")})
    entry.jenis = jenis
    entry.jumlah = jumlah
    entry.full_clean(exclude=["idempotency_key"])
    with transaction.atomic():
        entry.save()
        _figures_changed(entry.pelaksanaan.plan, entry.pelaksanaan)
    return entry


def kendala_update(*, user, entry: Kendala, kategori: str, uraian: str) -> Kendala:
    _require_entry_change(user, entry)
    if not (uraian or "").strip():
        raise ValidationError({"uraian": _("Describe the constraint.")})
    entry.kategori = kategori
    entry.uraian = uraian.strip()
    entry.full_clean(exclude=["idempotency_key"])
    with transaction.atomic():
        entry.save()
        _figures_changed(entry.pelaksanaan.plan, entry.pelaksanaan)
    return entry


def entry_delete(*, user, entry) -> None:
    """Delete a result, service or kendala row (its history keeps what it was)."""
    _require_entry_change(user, entry)
    pelaksanaan = entry.pelaksanaan
    with transaction.atomic():
        entry.delete()
        _figures_changed(pelaksanaan.plan, pelaksanaan)
