"""Reads of generated documents: the archive, one document, the public verification."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from laporan.models import DocumentStatus, GeneratedDocument, KopSurat
from sigoro import access


def document_list(*, user, kind: str | None = None):
    """Return the generated documents of the user's area, newest first (empty without the
    permission)."""
    if not access.has_perm(user, "document.view"):
        return GeneratedDocument.objects.none()
    documents = access.scope_queryset(GeneratedDocument.objects.all(), user)
    if kind:
        documents = documents.filter(kind=kind)
    return documents.select_related(
        "kota", "kecamatan", "kelurahan", "diminta_oleh", "salinan_foto"
    )


def document_get(*, user, pk) -> GeneratedDocument:
    """Return one document of the user's area (404 for any other or a missing one)."""
    access.require_perm(user, "document.view")
    return access.get_or_404(document_list(user=user), user, pk=pk)


def document_by_code(*, kode: str) -> GeneratedDocument | None:
    """Return the finished document with this verification code (public), or None."""
    kode = normalise_code(kode)
    if not kode:
        return None
    return (
        GeneratedDocument.objects.filter(kode=kode, status=DocumentStatus.DONE)
        .select_related("kota", "kecamatan", "kelurahan", "diminta_oleh")
        .first()
    )


CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 32 ** 10 = 2 ** 50 codes


def normalise_code(typed: str) -> str:
    """Return "7KQ2M-XD9PA" for "7kq2mxd9pa", "7KQ2M XD9PA" or "7KQ2M-XD9PA"; "" for text that
    cannot be a code (the alphabet leaves out 0, 1, O and I, which are easily misread)."""
    raw = "".join(ch for ch in str(typed).upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:5]}-{raw[5:]}"


def document_is_stalled(document: GeneratedDocument, *, now=None) -> bool:
    """Return whether a document still "being made" has shown no progress for
    ``DOCUMENT_STALLED_AFTER`` seconds: its worker stopped and it may be made again."""
    if document.status != DocumentStatus.RUNNING:
        return False
    now = now or timezone.now()
    last = document.denyut or document.mulai_pada or document.diminta_pada
    return now - last >= datetime.timedelta(seconds=settings.DOCUMENT_STALLED_AFTER)


def document_can_retry(document: GeneratedDocument, *, now=None) -> bool:
    """A failed document, or one whose worker stopped, may be made again."""
    return document.status == DocumentStatus.FAILED or document_is_stalled(document, now=now)


def documents_in_progress(documents) -> bool:
    return any(d.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING) for d in documents)


@dataclass
class Letterhead:
    pemerintah: str
    nama_kantor: str
    alamat: str = ""
    kontak: str = ""
    kota_surat: str = ""
    logo_path: str = ""
    nama_camat: str = ""
    nip_camat: str = ""


def kop_surat_for(kecamatan) -> Letterhead:
    """Return the letterhead of ``kecamatan``: its configured kop surat, else a default made
    from the region's names."""
    kop = KopSurat.objects.filter(kecamatan=kecamatan).first()
    kota = kecamatan.kota.nama if kecamatan.kota_id else ""
    if kop is None:
        return Letterhead(
            pemerintah=f"PEMERINTAH {kota.upper()}" if kota else "PEMERINTAH DAERAH",
            nama_kantor=f"KECAMATAN {kecamatan.nama.upper()}",
            kota_surat=kota.removeprefix("Kota ").removeprefix("Kabupaten "),
        )
    contact = " · ".join(
        part
        for part in (
            f"Telp. {kop.telepon}" if kop.telepon else "",
            kop.email,
            kop.situs,
        )
        if part
    )
    logo_path = ""
    if kop.logo:
        try:
            logo_path = kop.logo.path
        except NotImplementedError:  # remote storage: no local path, print without logo
            logo_path = ""
    return Letterhead(
        pemerintah=kop.pemerintah,
        nama_kantor=kop.nama_kantor,
        alamat=kop.alamat,
        kontak=contact,
        kota_surat=kop.kota_surat or kota.removeprefix("Kota ").removeprefix("Kabupaten "),
        logo_path=logo_path,
        nama_camat=kop.nama_camat,
        nip_camat=kop.nip_camat,
    )


def letterhead_for_edit(*, user):
    """Return (kecamatan, its KopSurat or None) for the administrator who keeps it."""
    from sigoro.models import Kecamatan

    access.require_perm(user, "letterhead.manage")
    kecamatan = access.scope_queryset(Kecamatan.objects.all(), user).order_by("pk").first()
    if kecamatan is None:
        from django.http import Http404

        raise Http404
    return kecamatan, KopSurat.objects.filter(kecamatan=kecamatan).first()
