"""Builders for stage 3 tests: plans and recurring schedules inside a given RT."""

import datetime

from django.db.models import Q
from django.utils import timezone

from kegiatan.calendar_feed import KECAMATAN, feed_token
from kegiatan.models import (
    ActivityType,
    FotoDokumentasi,
    IndikatorHasil,
    JenisLayanan,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanSeries,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from sigoro.models import User
from sigoro.services import photo_create
from stakeholder.models import Stakeholder
from tests.photo_samples import camera_jpeg, upload


def activity(slug="pembersihan-lingkungan") -> ActivityType:
    """One of the default activity types (created by the data migration)."""
    return ActivityType.objects.get(slug=slug)


def next_weekday(weekday: int, after: datetime.date | None = None) -> datetime.date:
    """The first date strictly after ``after`` (default today) falling on ``weekday``."""
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def serving(kelurahan):
    """The stakeholders that work in a kelurahan (the whole kecamatan, or by name)."""
    return Stakeholder.objects.filter(kecamatan=kelurahan.kecamatan_id).filter(
        Q(seluruh_kecamatan=True) | Q(kelurahan_layanan=kelurahan)
    )


def plan_in(rt, *, status=PlanStatus.DRAFT, rts=(), invite=True, **fields) -> RencanaAksi:
    """A plan with its location(s) in ``rt`` (plus ``rts``), a week ahead, 07.00-09.00,
    inviting the stakeholders that serve its kelurahan (so their contacts see it)."""
    values = {
        "judul": "Kerja bakti Gg. Melati",
        "kelurahan": rt.kelurahan,
        "tanggal": timezone.localdate() + datetime.timedelta(days=7),
        "jam_mulai": datetime.time(7),
        "jam_selesai": datetime.time(9),
        "status": status,
        "target_warga": 30,
        "target_total": 30,
        "penanggung_jawab_nama": "Pak Rahmat",
        "penanggung_jawab_hp": "6281234567890",
        "catatan": "Bawa karung sendiri",
    }
    values.update(fields)
    plan = RencanaAksi.objects.create(**values)
    for place in [rt, *rts]:
        PlanLocation.objects.create(plan=plan, rt=place, titik_kumpul="Depan Musala Al-Ikhlas")
    plan.jenis_kegiatan.set([activity()])
    if invite:
        plan.stakeholders_invited.set(serving(rt.kelurahan))
    PlanEvent.objects.create(plan=plan, ke_status=PlanStatus.DRAFT)
    return plan


def series_in(rt, **fields) -> PlanSeries:
    """A weekly Friday 07.00-09.00 schedule in ``rt`` (no occurrences generated)."""
    values = {
        "kelurahan": rt.kelurahan,
        "judul": "Jumat Bersih",
        "hari": 4,
        "jam_mulai": datetime.time(7),
        "jam_selesai": datetime.time(9),
        "mulai": timezone.localdate(),
        "titik_kumpul": "Balai RW",
    }
    values.update(fields)
    series = PlanSeries.objects.create(**values)
    series.rts.set([rt])
    series.jenis_kegiatan.set([activity()])
    return series


# -- URL kwargs and POST data for the role x URL x area harness ------------------------------


def plan_kwargs(status=PlanStatus.DRAFT, **fields):
    return lambda rt: {"pk": plan_in(rt, status=status, **fields).pk}


def series_kwargs(rt):
    return {"pk": series_in(rt).pk}


def kelurahan_kwargs(rt):
    return {"pk": rt.kelurahan_id}


def feed_kwargs(rt):
    return {"pk": rt.kelurahan_id, "token": feed_token(rt.kelurahan_id)}


def kecamatan_feed_kwargs(rt):
    kecamatan_id = rt.kelurahan.kecamatan_id
    return {"pk": kecamatan_id, "token": feed_token(kecamatan_id, KECAMATAN)}


def approve_many_data(rt):
    return {"rencana": [plan_in(rt, status=PlanStatus.DIAJUKAN).pk]}


def skip_data(rt):
    return {"tanggal": next_weekday(4).isoformat(), "alasan": "MTQ tingkat kecamatan"}


# -- stage 4: the execution day --------------------------------------------------------------


def execution_in(rt, *, rts=(), **fields) -> Pelaksanaan:
    """An approved plan of today in ``rt`` (plus ``rts``) whose execution the lurah opened."""
    plan = plan_in(rt, status=PlanStatus.DISETUJUI, rts=rts, tanggal=timezone.localdate(), **fields)
    return Pelaksanaan.objects.create(
        plan=plan, tanggal=plan.tanggal, lokasi="Depan Musala Al-Ikhlas", dipimpin_oleh="Pak Lurah"
    )


def execution_kwargs(rt):
    return {"pk": execution_in(rt).plan_id}


def attendance_kwargs(rt):
    return {"pk": execution_in(rt).plan_id, "rt_pk": rt.pk}


def indicator(slug="sampah-terangkut-kg") -> IndikatorHasil:
    """One of the default result indicators (created by the data migration)."""
    return IndikatorHasil.objects.get(slug=slug)


def service_type(slug="konsultasi-ktp-kk") -> JenisLayanan:
    return JenisLayanan.objects.get(slug=slug)


def today_plan_kwargs(rt):
    """An approved plan of today, its execution not opened yet."""
    return {"pk": plan_in(rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate()).pk}


def documentation_in(
    pelaksanaan, *, jenis="sebelum", titik=None, user=None, publik=True, keterangan="Got"
) -> FotoDokumentasi:
    """A documentation photo (through the real photo pipeline) of ``pelaksanaan``; a before
    or after photo goes to ``titik`` or to a spot "Drainase" of the plan's first RT."""
    if jenis != "kegiatan" and titik is None:
        titik, _ = TitikDokumentasi.objects.get_or_create(
            pelaksanaan=pelaksanaan,
            nama="Drainase",
            defaults={"rt": pelaksanaan.plan.lokasi.first().rt},
        )
    photo = photo_create(user=user, upload=upload(camera_jpeg(orientation=1, width=120, height=80)))
    return FotoDokumentasi.objects.create(
        pelaksanaan=pelaksanaan,
        jenis=jenis,
        titik=titik if jenis != "kegiatan" else None,
        keterangan=keterangan,
        foto=photo,
        publik=publik,
        dicatat_oleh=user,
    )


def documentation_kwargs(rt):
    """A documentation photo of an open execution in ``rt``, recorded by the account signed
    in last: the harnesses sign in before they build the target, so each role acts on a
    photo it added itself (who added a photo may delete it)."""
    user = User.objects.filter(last_login__isnull=False).order_by("-last_login", "-pk").first()
    row = documentation_in(execution_in(rt), user=user)
    return {"pk": row.pelaksanaan.plan_id, "foto_pk": row.pk}


def closed_execution_in(rt, *, days_ago=1, **fields) -> Pelaksanaan:
    """A plan carried out ``days_ago`` days ago in ``rt``, its execution closed."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    plan = plan_in(rt, status=PlanStatus.TERLAKSANA, tanggal=day, **fields)
    return Pelaksanaan.objects.create(
        plan=plan,
        tanggal=day,
        lokasi="Depan Musala Al-Ikhlas",
        dipimpin_oleh="Pak Lurah",
        status=PelaksanaanStatus.DITUTUP,
        ditutup_pada=timezone.now(),
    )


def public_event_kwargs(rt):
    pelaksanaan = closed_execution_in(rt)
    return {"pk": pelaksanaan.plan.kelurahan_id, "plan_pk": pelaksanaan.plan_id}
