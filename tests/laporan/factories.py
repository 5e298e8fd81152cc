"""Test data for laporan: generated documents (stage 6) and monitoring data on given days
(executions with attendance and results, problems with their reporting and resolution
dates, swadaya) for stage 5."""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    Kendala,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
)
from laporan.dokumen.services import _new_code
from laporan.models import DocumentKind, DocumentStatus, GeneratedDocument
from permasalahan.models import Problem, Status
from sigoro.models import Role, User
from stakeholder.models import Swadaya
from tests.kegiatan.factories import closed_execution_in, indicator, plan_in
from tests.permasalahan.factories import ProblemFactory

PDF_BYTES = b"%PDF-1.4\n% SIGORO test document\n%%EOF\n"


def _asker(rt) -> User:
    return User.objects.filter(role=Role.LURAH, kelurahan=rt.kelurahan).first() or (
        User.objects.create(
            username=f"lurah-{rt.kelurahan_id}", role=Role.LURAH, kelurahan=rt.kelurahan
        )
    )


def document_in(rt, *, status=DocumentStatus.DONE, signed=False, **fields) -> GeneratedDocument:
    """A berita acara of ``rt``'s kelurahan: done with a small PDF file, or in ``status``."""
    document = GeneratedDocument(
        kind=DocumentKind.BERITA_ACARA,
        title="Berita acara: Kerja bakti RT 001",
        kecamatan=rt.kelurahan.kecamatan,
        kelurahan=rt.kelurahan,
        periode="2026-11",
        kunci=f"test:{timezone.now().timestamp()}:{rt.pk}",
        diminta_oleh=fields.pop("diminta_oleh", None) or _asker(rt),
        kode=_new_code(),
        status=status,
        **fields,
    )
    if status == DocumentStatus.DONE:
        document.file.save("berita-acara.pdf", ContentFile(PDF_BYTES), save=False)
        document.nama_file = "berita-acara.pdf"
        document.content_type = "application/pdf"
        document.ukuran = len(PDF_BYTES)
        document.sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
        document.progres = 100
        document.selesai_pada = timezone.now()
    if status == DocumentStatus.FAILED:
        document.galat = "RuntimeError: test"
    if signed:
        document.salinan.save("salinan.pdf", ContentFile(PDF_BYTES), save=False)
        document.salinan_sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    document.save()
    return document


def document_kwargs(rt):
    return {"pk": document_in(rt).pk}


def failed_document_kwargs(rt):
    return {"pk": document_in(rt, status=DocumentStatus.FAILED).pk}


def signed_document_kwargs(rt):
    return {"pk": document_in(rt, signed=True).pk}


def verification_kwargs(rt):
    return {"kode": document_in(rt).kode}


def berita_acara_kwargs(rt):
    return {"plan_pk": closed_execution_in(rt).plan_id}


def export_kwargs(rt):
    return {"dataset": "masalah", "fmt": "csv"}


def signed_copy_data(rt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"berkas": SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")}


def monthly_report_data(rt):
    """The archive's "Make the monthly report" form: the RT's kelurahan, last month."""
    from laporan.periods import Period

    return {"wilayah": f"kelurahan:{rt.kelurahan_id}", "bulan": Period.last_closed_month().key}


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


def june_2026(world):
    """The hand-worked month of the dashboard tests: June 2026 in the home RT, its sibling RT
    (an event not held), another kelurahan (Ketapang) and another kecamatan, with one event
    and one resolved problem in May for the edges of the period."""
    home = world.home_rt
    sibling = world.foreign_rt[Role.KETUA_RT]
    ketapang = world.foreign_rt[Role.LURAH]
    far = world.other_kecamatan_rt

    def d(month, day):
        return datetime.date(2026, month, day)

    event_on(d(6, 5), home, warga=20, rt_rw=2, kg=50, results=[("drainase-dibersihkan", 10)])
    event_on(d(5, 20), home, warga=5)
    event_on(d(6, 12), sibling, held=False)
    event_on(d(6, 7), ketapang, warga=40, kg=100)
    event_on(d(6, 8), far, warga=99, kg=999)
    problem_on(d(6, 2), home, resolved_on=d(6, 20))
    problem_on(d(6, 3), home)
    problem_on(d(6, 4), home, status=Status.DITOLAK)
    problem_on(d(5, 10), home, resolved_on=d(6, 15))
    problem_on(d(6, 2), ketapang, resolved_on=d(6, 3))
    swadaya_on(d(6, 10), home, 500_000)
    swadaya_on(d(6, 10), ketapang, 250_000)
    swadaya_on(d(6, 10), far, 1_000_000)
    return world
