"""Hand-made data for the SIGORO index tests: held events with attendance, scheduled plans,
problems and deliveries on given days (built with the test factories)."""

import datetime

from django.utils import timezone

from kegiatan.models import Kehadiran, Pelaksanaan, PelaksanaanStatus, PlanStatus
from permasalahan.models import Status
from stakeholder.models import Delivery, Pledge, PledgeStatus
from tests.kegiatan.factories import plan_in
from tests.permasalahan.factories import VerifiedProblemFactory
from tests.stakeholder.factories import make_request


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def scheduled_plan(rt, day, *, rts=(), status=PlanStatus.DISETUJUI, **fields):
    """An approved plan on ``day`` in ``rt`` (no execution)."""
    fields.setdefault("disetujui_pada", at(day - datetime.timedelta(7)))
    return plan_in(rt, status=status, rts=rts, tanggal=day, invite=False, **fields)


def held_event(rt, day, *, rts=(), attendance=None, target_total=30, recorded=None, **fields):
    """A plan on ``day`` in ``rt`` (plus ``rts``), carried out, its execution closed, with
    ``attendance`` {rt: residents present or a dict of head counts} recorded at ``recorded``
    (default: the day itself)."""
    plan = scheduled_plan(
        rt, day, rts=rts, status=PlanStatus.TERLAKSANA, target_total=target_total, **fields
    )
    execution = Pelaksanaan.objects.create(
        plan=plan,
        tanggal=day,
        lokasi="Balai RW",
        status=PelaksanaanStatus.DITUTUP,
        ditutup_pada=at(day, 12),
    )
    for place, counts in (attendance or {}).items():
        counts = counts if isinstance(counts, dict) else {"hadir_warga": counts}
        Kehadiran.objects.create(
            pelaksanaan=execution, rt=place, dicatat_pada=recorded or at(day), **counts
        )
    return execution


def not_held_event(rt, day, **fields):
    plan = scheduled_plan(rt, day, **fields)
    return Pelaksanaan.objects.create(
        plan=plan,
        tanggal=day,
        status=PelaksanaanStatus.TIDAK_TERLAKSANA,
        alasan_tidak_terlaksana="Hujan deras",
    )


def problem_due(rt, due: datetime.date, *, status=Status.DIVERIFIKASI, reported=None, **fields):
    """A verified problem in ``rt`` whose follow-up deadline is ``due``."""
    problem = VerifiedProblemFactory(rt=rt, status=status, tenggat_tindak_lanjut=due, **fields)
    if reported is not None:
        type(problem).objects.filter(pk=problem.pk).update(dibuat=reported)
    return problem


def delivered(stakeholder, kelurahan, day):
    """A request of ``kelurahan`` to ``stakeholder``, pledged and delivered on ``day``."""
    request = make_request(kelurahan=kelurahan, stakeholders=[stakeholder])
    pledge = Pledge.objects.get(recipient__request=request)
    pledge.jumlah_dijanjikan, pledge.status = 10, PledgeStatus.DITERIMA
    pledge.jumlah_diterima, pledge.nilai_diterima = 10, 100_000
    pledge.save()
    return Delivery.objects.create(
        pledge=pledge, tanggal=day, jumlah=10, nilai=100_000, diterima_oleh="Pak Lurah"
    )
