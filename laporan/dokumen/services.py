"""Writes of generated documents: ask for one (made once while it runs), run it in the task,
retry a failed or stopped one, attach the signed paper copy."""

import hashlib
import json
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laporan.dokumen import selectors
from laporan.dokumen.generators import GENERATORS, Output
from laporan.models import ACTIVE_STATUSES, DocumentKind, DocumentStatus, GeneratedDocument
from notifikasi.models import Kind
from notifikasi.services import notify
from sigoro import access
from sigoro.photos import PhotoError
from sigoro.services import _save_file, atomic_with_files, photo_create

logger = logging.getLogger(__name__)


def _new_code() -> str:
    raw = "".join(secrets.choice(selectors.CODE_ALPHABET) for _ in range(selectors.CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def request_key(*, kind: str, object_id=None, params=None, scope=None) -> str:
    """The key that makes two requests "the same": kind, object, parameters and the area of
    who asks (an export of a lurah is not the admin's)."""
    body = json.dumps(
        {"o": object_id, "p": params or {}, "s": scope or []}, sort_keys=True, default=str
    )
    return f"{kind}:{hashlib.sha256(body.encode()).hexdigest()[:40]}"


def _enqueue(document_id: int) -> None:
    from laporan.dokumen.tasks import document_generate

    result = document_generate.enqueue(document_id=document_id)
    GeneratedDocument.objects.filter(pk=document_id).update(task_result_id=str(result.id))


def document_request(
    *,
    user,
    kind: str,
    title: str,
    kecamatan,
    kelurahan=None,
    object_id=None,
    periode: str = "",
    params: dict | None = None,
    key_scope=None,
    extra: dict | None = None,
) -> tuple[GeneratedDocument, bool]:
    """Queue a document for ``user`` and return (document, created).

    While the same request (``request_key``) is queued or running, that document is
    returned instead of a second one: looked up first, and again when the insert loses a
    race on the partial unique constraint. The task is enqueued after the commit.
    """
    access.require_perm(user, "document.create" if kind != DocumentKind.EXPORT else "export.create")
    params = params or {}
    keyed = {k: v for k, v in params.items() if k != "base_url"}
    key = request_key(kind=kind, object_id=object_id, params=keyed, scope=key_scope)

    def running() -> GeneratedDocument | None:
        return GeneratedDocument.objects.filter(kunci=key, status__in=ACTIVE_STATUSES).first()

    if (existing := running()) is not None:
        return existing, False
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.create(
                kind=kind,
                title=title[:200],
                kecamatan=kecamatan,
                kelurahan=kelurahan,
                object_id=object_id,
                periode=periode,
                params=params,
                kunci=key,
                diminta_oleh=user,
                kode=_new_code(),
                percobaan=1,
                **(extra or {}),
            )
            transaction.on_commit(lambda: _enqueue(document.pk))
    except IntegrityError:
        if (existing := running()) is not None:
            return existing, False
        raise
    return document, True


def document_retry(*, user, document: GeneratedDocument, now=None) -> GeneratedDocument:
    """Queue a failed (or stopped) document again: the same row, a new task."""
    access.require(user, "document.view", document)
    access.require_perm(
        user, "document.create" if document.kind != DocumentKind.EXPORT else "export.create"
    )
    with transaction.atomic():
        locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if not selectors.document_can_retry(locked, now=now):
            raise ValidationError(_("This document is not failed: there is nothing to retry."))
        locked.status = DocumentStatus.QUEUED
        locked.progres = 0
        locked.galat = ""
        locked.percobaan += 1
        locked.mulai_pada = locked.denyut = locked.selesai_pada = None
        locked.save()
        transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked


def _progress(document_id: int):
    """Return the callback a generator reports its progress (0-100) through."""

    def report(percent: int) -> None:
        GeneratedDocument.objects.filter(pk=document_id).update(
            progres=max(0, min(99, int(percent))), denyut=timezone.now()
        )

    return report


def document_run(*, document_id: int) -> GeneratedDocument | None:
    """Make the document (called by the task): claim it, run its generator, store the file
    with its SHA-256. A document already made (a task run twice) is left as it is; a failure
    is recorded on the row for the user and raised for the task queue."""
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status not in ACTIVE_STATUSES:
            return document
        now = timezone.now()
        document.status = DocumentStatus.RUNNING
        document.mulai_pada = document.denyut = now
        document.progres = 0
        document.save(update_fields=["status", "mulai_pada", "denyut", "progres"])
    try:
        output: Output = GENERATORS[document.kind](document, _progress(document.pk))
        with atomic_with_files():
            locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
            if locked.status == DocumentStatus.DONE:
                return locked  # another attempt finished first: keep exactly one file
            _save_file(locked.file, output.filename, output.content)
            locked.nama_file = output.filename
            locked.content_type = output.content_type
            locked.ukuran = len(output.content)
            locked.halaman = output.pages
            locked.sha256 = hashlib.sha256(output.content).hexdigest()
            locked.status = DocumentStatus.DONE
            locked.progres = 100
            locked.selesai_pada = timezone.now()
            locked.save()
            transaction.on_commit(lambda: _document_ready(locked.pk))
            return locked
    except Exception as exc:
        logger.exception("Document %s failed", document_id)
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED,
            galat=f"{type(exc).__name__}: {exc}"[:1000],
            selesai_pada=timezone.now(),
        )
        raise


MAX_SIGNED_COPY_BYTES = 20 * 1024 * 1024


def _document_ready(document_id: int) -> None:
    """Tell who asked for a document that it is ready (inbox, and email by their choice)."""
    document = GeneratedDocument.objects.select_related("diminta_oleh").get(pk=document_id)
    notify(
        kind=Kind.DOCUMENT_READY,
        recipients=[document.diminta_oleh] if document.diminta_oleh else [],
        title=_("Ready: %(title)s") % {"title": document.title},
        link=document.get_absolute_url(),
        about=document,
        dedupe_key=f"document_ready:{document.pk}:{document.percobaan}",
    )


def document_attach_signed_copy(*, user, document: GeneratedDocument, upload) -> GeneratedDocument:
    """Keep the scanned, signed paper copy beside the generated document: a PDF file as it
    is, a photo through the photo pipeline. A later copy replaces the earlier one."""
    access.require(user, "document.create", document)
    if document.status != DocumentStatus.DONE:
        raise ValidationError(_("Only a finished document can get its signed copy."))
    head = upload.read(5)
    upload.seek(0)
    with atomic_with_files():
        locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if head == b"%PDF-":
            if upload.size and upload.size > MAX_SIGNED_COPY_BYTES:
                raise ValidationError(_("The file is larger than 20 MB."))
            content = upload.read()
            _save_file(locked.salinan, f"salinan-{locked.kode}.pdf", content)
            locked.salinan_foto = None
            locked.salinan_sha256 = hashlib.sha256(content).hexdigest()
        else:
            try:
                photo = photo_create(user=user, upload=upload, caption=str(locked)[:200])
            except PhotoError as error:
                raise ValidationError(error.message, code=error.code) from error
            locked.salinan = ""
            locked.salinan_foto = photo
            locked.salinan_sha256 = photo.sha256
        locked.salinan_oleh = user
        locked.salinan_pada = timezone.now()
        locked.save()
    return locked


def berita_acara_request(
    *, user, plan_pk: int, base_url: str = ""
) -> tuple[GeneratedDocument, bool]:
    """Queue the berita acara of a plan whose execution is closed (404 outside the user's
    area; refused before the execution is closed)."""
    from kegiatan import selectors as kegiatan_selectors
    from laporan.dokumen.berita_acara import berita_acara_allowed

    access.require_perm(user, "document.create")
    plan = kegiatan_selectors.plan_get(user=user, pk=plan_pk)
    if not berita_acara_allowed(user=user, plan=plan):
        raise ValidationError(_("A berita acara is made once the execution is closed."))
    pelaksanaan = kegiatan_selectors.execution_get(user=user, plan=plan)
    return document_request(
        user=user,
        kind=DocumentKind.BERITA_ACARA,
        title=_("Berita acara: %(title)s (%(date)s)")
        % {"title": plan.judul, "date": pelaksanaan.tanggal.strftime("%d-%m-%Y")},
        kecamatan=plan.kelurahan.kecamatan,
        kelurahan=plan.kelurahan,
        object_id=plan.pk,
        periode=f"{pelaksanaan.tanggal:%Y-%m}",
        params={"base_url": base_url} if base_url else {},
    )


def export_request(*, user, dataset_slug: str, fmt: str, query, base_url: str = ""):
    """Export a dataset as the user's list page shows it (area and filters).

    Return ``("file", Output)`` for an export small enough to answer at once, or
    ``("document", GeneratedDocument)`` when it has more than ``EXPORT_INLINE_MAX_ROWS``
    rows and runs as a task into the archive. Raise ``KeyError`` for an unknown dataset or
    format.
    """
    from django.conf import settings

    from laporan.dokumen import exports

    dataset = exports.DATASETS[dataset_slug]
    if fmt not in exports.FORMATS:
        raise KeyError(fmt)
    objects = exports.export_queryset(user=user, dataset=dataset, query=query)
    if objects.count() <= settings.EXPORT_INLINE_MAX_ROWS:
        return "file", exports.export_file(user=user, dataset=dataset, fmt=fmt, objects=objects)
    scope = access.scope_for(user)
    kecamatan, kelurahan = _area_of(user)
    plain_query = {key: query.getlist(key) for key in query} if hasattr(query, "getlist") else query
    document, _created = document_request(
        user=user,
        kind=DocumentKind.EXPORT,
        title=_("Export: %(name)s (%(format)s)") % {"name": dataset.title, "format": fmt.upper()},
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        params={"dataset": dataset.slug, "format": fmt, "query": plain_query, "base_url": base_url},
        key_scope=[scope.level, scope.area_id],
    )
    return "document", document


def _area_of(user):
    """The kecamatan and kelurahan an office user's documents are filed under."""
    kelurahan = user.kelurahan if user.kelurahan_id else None
    kecamatan = kelurahan.kecamatan if kelurahan else user.kecamatan if user.kecamatan_id else None
    if kecamatan is None:
        raise ValidationError(_("Your account has no area: nothing to export."))
    return kecamatan, kelurahan


def letterhead_save(*, user, kecamatan, form) -> None:
    """Save the kecamatan's letterhead from a valid ``KopSuratForm`` (the admin of that
    kecamatan only); the logo file and the row are saved together."""
    access.require(user, "letterhead.manage", kecamatan)
    with atomic_with_files():
        kop = form.save(commit=False)
        kop.kecamatan = kecamatan
        if "logo" in form.changed_data and kop.logo:
            _save_file(kop.logo, kop.logo.name, form.cleaned_data["logo"].read())
        kop.full_clean()
        kop.save()


def monthly_report_request(
    *, user, level: str, area_pk: int, periode: str, base_url: str = "", today=None
) -> tuple[GeneratedDocument, bool]:
    """Queue the monthly report of a kecamatan or kelurahan of the user's area for a month
    that has begun (camat and admin: their kecamatan and its kelurahan; lurah: their
    kelurahan). Another area is 404; while the same report is being made, that one is
    returned."""
    from laporan.dokumen import laporan_bulanan

    access.require_perm(user, "document.create")
    period = laporan_bulanan.monthly_period(periode, today=today)
    area = laporan_bulanan.requestable_area(user=user, level=level, pk=area_pk)
    kecamatan = laporan_bulanan.kecamatan_of(level, area)
    return document_request(
        user=user,
        kind=DocumentKind.MONTHLY_REPORT,
        title=laporan_bulanan.document_title(area=area, period=period),
        kecamatan=kecamatan,
        kelurahan=area if level == laporan_bulanan.KELURAHAN else None,
        periode=period.key,
        params={"level": level, "area": area.pk, "periode": period.key}
        | ({"base_url": base_url} if base_url else {}),
        extra={"kota": laporan_bulanan.kota_of(level, area)},
    )


def monthly_reports_schedule(*, period, areas) -> list[GeneratedDocument]:
    """Queue the monthly report of each (level, area) for ``period`` unless one is already
    made or being made (run twice, one document per area and month); a failed one is queued
    again. Made by the schedule, not by a person: no requester. Return the queued ones."""
    from laporan.dokumen import laporan_bulanan

    queued = []
    for level, area in areas:
        kecamatan = laporan_bulanan.kecamatan_of(level, area)
        kelurahan = area if level == laporan_bulanan.KELURAHAN else None
        kota = laporan_bulanan.kota_of(level, area)
        with transaction.atomic():
            existing = (
                GeneratedDocument.objects.select_for_update()
                .filter(
                    kind=DocumentKind.MONTHLY_REPORT,
                    periode=period.key,
                    params__level=level,
                    params__area=area.pk,
                )
                .order_by("-pk")
                .first()
            )
            if existing is not None and existing.status != DocumentStatus.FAILED:
                continue
            if existing is not None:
                existing.status = DocumentStatus.QUEUED
                existing.progres = 0
                existing.galat = ""
                existing.percobaan += 1
                existing.mulai_pada = existing.denyut = existing.selesai_pada = None
                existing.save()
                document = existing
            else:
                document = GeneratedDocument.objects.create(
                    kind=DocumentKind.MONTHLY_REPORT,
                    title=laporan_bulanan.document_title(area=area, period=period)[:200],
                    kota=kota,
                    kecamatan=kecamatan,
                    kelurahan=kelurahan,
                    periode=period.key,
                    params={"level": level, "area": area.pk},
                    kunci=request_key(
                        kind=DocumentKind.MONTHLY_REPORT,
                        params={"level": level, "area": area.pk, "periode": period.key},
                        scope=["schedule"],
                    ),
                    kode=_new_code(),
                    percobaan=1,
                )
            transaction.on_commit(lambda pk=document.pk: _enqueue(pk))
        queued.append(document)
    return queued
