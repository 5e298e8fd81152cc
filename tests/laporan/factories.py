"""Generated documents for the tests (stage 6)."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from laporan.dokumen.services import _new_code
from laporan.models import DocumentKind, DocumentStatus, GeneratedDocument
from sigoro.models import Role, User
from tests.kegiatan.factories import closed_execution_in

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
