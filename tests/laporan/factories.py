"""Monitoring data on given days: executions with attendance and results, problems with
their reporting and resolution dates, swadaya."""

import datetime
from decimal import Decimal

from django.utils import timezone

from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    Kendala,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
)
from permasalahan.models import Problem, Status
from stakeholder.models import Swadaya
from tests.kegiatan.factories import indicator, plan_in
from tests.permasalahan.factories import ProblemFactory


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def event_on(day, rt, *, rts=(), held=True, warga=0, rt_rw=0, kg=None, results=(), **fields):
    """A plan of ``day`` in ``rt`` whose execution was closed (held) or marked not held,
    with ``warga`` + ``rt_rw`` attending from ``rt`` and ``kg`` kg of waste collected."""
    plan = plan_in(
        rt,
        rts=rts,
        status=PlanStatus.TERLAKSANA if held else PlanStatus.DISETUJUI,
        tanggal=day,
        **fields,
    )
    execution = Pelaksanaan.objects.create(
        plan=plan,
        tanggal=day,
        lokasi="Depan Musala Al-Ikhlas",
        dipimpin_oleh="Pak Lurah",
        status=PelaksanaanStatus.DITUTUP if held else PelaksanaanStatus.TIDAK_TERLAKSANA,
        alasan_tidak_terlaksana="" if held else "Hujan deras",
    )
    if warga or rt_rw:
        Kehadiran.objects.create(pelaksanaan=execution, rt=rt, hadir_warga=warga, hadir_rt_rw=rt_rw)
    if kg is not None:
        HasilKegiatan.objects.create(
            pelaksanaan=execution, indikator=indicator(), jumlah=Decimal(kg)
        )
    for slug, jumlah in results:
        HasilKegiatan.objects.create(
            pelaksanaan=execution, indikator=indicator(slug), jumlah=Decimal(jumlah)
        )
    return execution


def kendala_on(execution, kategori, uraian="Hujan deras sejak pagi"):
    return Kendala.objects.create(pelaksanaan=execution, kategori=kategori, uraian=uraian)


def problem_on(day, rt, *, resolved_on=None, status=None):
    """A problem reported on ``day`` in ``rt``, resolved on ``resolved_on`` if given."""
    problem = ProblemFactory(rt=rt)
    values = {"dibuat": moment(day)}
    if resolved_on is not None:
        values.update(status=Status.SELESAI, selesai_pada=moment(resolved_on))
    elif status is not None:
        values["status"] = status
    Problem.objects.filter(pk=problem.pk).update(**values)
    return problem


def swadaya_on(day, rt, nilai):
    return Swadaya.objects.create(
        rt=rt,
        kelurahan=rt.kelurahan,
        tanggal=day,
        jenis="konsumsi",
        item="Nasi kotak",
        jumlah=10,
        satuan="kotak",
        nilai=nilai,
        sumber="warga",
    )
