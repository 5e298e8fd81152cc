"""Who stages 3-4 tell, and what: the notifications of Rencana Aksi and executions.

Called from ``kegiatan.services`` after the commit of a plan's move (submitted, approved,
returned), and by the daily round (``manage.py kirim_pengingat``): the reminder the day
before an approved plan, and the RT heads whose attendance is still missing some days after
the event. Recipients come from ``sigoro.access.users_for_area``.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from kegiatan.models import (
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanStatus,
    RencanaAksi,
)
from notifikasi import services as notifikasi
from notifikasi.models import Kind
from sigoro import access
from sigoro.formats import tanggal
from sigoro.models import RT, Role, User

# How far back the daily round looks for executions with missing attendance (a round
# missed for a few days still catches up; older ones are the monitoring's business).
ATTENDANCE_LOOKBACK_DAYS = 7


def _rt_heads(rts) -> list[User]:
    heads = []
    for rt in rts:
        heads.extend(access.users_for_area(rt, [Role.KETUA_RT]))
    return heads


def _plan_rts(plan: RencanaAksi) -> list[RT]:
    return [location.rt for location in PlanLocation.objects.filter(plan=plan).select_related("rt")]


def _person_in_charge(plan: RencanaAksi) -> list[User]:
    """The person in charge when they have an account whose area covers the plan's."""
    person = plan.penanggung_jawab
    if person is None or not person.is_active:
        return []
    covers = access.users_for_area(plan.kelurahan, list(Role)).filter(pk=person.pk).exists()
    lives_there = person.kelurahan_id == plan.kelurahan_id
    return [person] if covers or lives_there else []


def plan_moved(event_id: int) -> None:
    """Tell the people concerned about a plan's move (the ``PlanEvent`` just written):
    submitted -> the camat and admin of its kecamatan; approved or returned (with the note)
    -> its lurah, the RT heads of its RTs and the person in charge. Not who made the move."""
    event = (
        PlanEvent.objects.select_related("plan__kelurahan", "plan__penanggung_jawab", "oleh")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    plan = event.plan
    values = {"title": plan.judul, "date": tanggal(plan.tanggal)}
    if event.ke_status == PlanStatus.DIAJUKAN:
        kind = Kind.PLAN_SUBMITTED
        recipients = list(access.users_for_area(plan.kelurahan, [Role.CAMAT, Role.ADMIN_KECAMATAN]))
        title = _("Rencana Aksi “%(title)s” (%(date)s) waits for approval") % values
    elif event.ke_status in (PlanStatus.DISETUJUI, PlanStatus.DIKEMBALIKAN):
        recipients = [
            *access.users_for_area(plan.kelurahan, [Role.LURAH]),
            *_rt_heads(_plan_rts(plan)),
            *_person_in_charge(plan),
        ]
        if event.ke_status == PlanStatus.DISETUJUI:
            kind = Kind.PLAN_APPROVED
            title = _("Rencana Aksi “%(title)s” (%(date)s) was approved") % values
        else:
            kind = Kind.PLAN_RETURNED
            title = _("Rencana Aksi “%(title)s” (%(date)s) was returned") % values
    else:
        return
    body = event.catatan
    if event.ke_status == PlanStatus.DIKEMBALIKAN:
        body = _("What to change: %(note)s") % {"note": event.catatan}
    notifikasi.notify(
        kind=kind,
        recipients=[user for user in recipients if user.pk != event.oleh_id],
        title=title,
        body=body,
        link=plan.get_absolute_url(),
        about=plan,
        dedupe_key=f"{kind}:{event.pk}",
    )


def plan_reminders(today: datetime.date) -> int:
    """The daily round: the day before an approved plan, remind its RT heads and the person
    in charge (once per plan and date)."""
    created = 0
    tomorrow = today + datetime.timedelta(days=1)
    plans = RencanaAksi.objects.filter(status=PlanStatus.DISETUJUI, tanggal=tomorrow)
    for plan in plans.select_related("kelurahan", "penanggung_jawab"):
        rts = _plan_rts(plan)
        where = ", ".join(str(rt) for rt in rts)
        created += len(
            notifikasi.notify(
                kind=Kind.PLAN_REMINDER,
                recipients=[*_rt_heads(rts), *_person_in_charge(plan)],
                title=_("Tomorrow: “%(title)s”, %(date)s %(start)s")
                % {
                    "title": plan.judul,
                    "date": tanggal(plan.tanggal),
                    "start": plan.jam_mulai.strftime("%H.%M"),
                },
                body=_("Location: %(where)s.") % {"where": where} if where else "",
                link=plan.get_absolute_url(),
                about=plan,
                dedupe_key=f"plan_reminder:{plan.pk}:{plan.tanggal}",
            )
        )
    return created


def attendance_missing(today: datetime.date) -> int:
    """The daily round: EXECUTION_REMINDER_DAYS (default 2) days or more after an event, the
    heads of the plan's RTs whose attendance is still missing (once per execution and RT)."""
    days = settings.EXECUTION_REMINDER_DAYS
    latest = today - datetime.timedelta(days=days)
    earliest = latest - datetime.timedelta(days=ATTENDANCE_LOOKBACK_DAYS)
    created = 0
    plans = (
        RencanaAksi.objects.filter(
            pelaksanaan__tanggal__range=(earliest, latest),
        )
        .exclude(pelaksanaan__status=PelaksanaanStatus.TIDAK_TERLAKSANA)
        .select_related("pelaksanaan")
    )
    for plan in plans:
        pelaksanaan = plan.pelaksanaan
        recorded = set(pelaksanaan.kehadiran.values_list("rt_id", flat=True))
        for rt in _plan_rts(plan):
            if rt.pk in recorded:
                continue
            created += len(
                notifikasi.notify(
                    kind=Kind.EXECUTION_INCOMPLETE,
                    recipients=access.users_for_area(rt, [Role.KETUA_RT]),
                    title=_("Attendance of %(rt)s for “%(title)s” is still missing")
                    % {"rt": rt, "title": plan.judul},
                    body=_("The activity was held on %(date)s. Record the attendance of your RT.")
                    % {"date": tanggal(pelaksanaan.tanggal)},
                    link=plan.get_absolute_url(),
                    about=plan,
                    dedupe_key=f"attendance_missing:{pelaksanaan.pk}:{rt.pk}",
                )
            )
    return created
