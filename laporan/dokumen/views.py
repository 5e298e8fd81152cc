"""Pages of laporan.dokumen: the archive of generated documents, one document (status,
download, retry, signed copy), the berita acara button, the public verification page."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from laporan.dokumen import selectors, services
from laporan.dokumen.forms import (
    CodeLookupForm,
    HashCheckForm,
    KopSuratForm,
    MonthlyReportForm,
    SignedCopyForm,
)
from laporan.models import DocumentStatus
from sigoro import ratelimit
from sigoro.access import has_perm
from sigoro.decorators import role_required


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@role_required("document.view")
def document_list(request, monthly_form=None):
    documents = list(selectors.document_list(user=request.user)[:200])
    for document in documents:
        document.can_retry = selectors.document_can_retry(document)
    if monthly_form is None and has_perm(request.user, "document.create"):
        monthly_form = MonthlyReportForm(user=request.user)
    return render(
        request,
        "laporan/dokumen/document_list.html",
        {
            "documents": documents,
            "in_progress": selectors.documents_in_progress(documents),
            "monthly_form": monthly_form,
        },
        status=400 if monthly_form is not None and monthly_form.errors else 200,
    )


@require_POST
@role_required("document.create")
def monthly_report_create(request):
    """The "Make the monthly report" form of the archive: area and month."""
    form = MonthlyReportForm(request.POST, user=request.user)
    if form.is_valid():
        level, area_pk = form.cleaned_data["wilayah"]
        try:
            document, created = services.monthly_report_request(
                user=request.user,
                level=level,
                area_pk=area_pk,
                periode=form.cleaned_data["bulan"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error("bulan", error)
        else:
            if created:
                messages.success(request, _("The monthly report is being made."))
            else:
                messages.info(request, _("This monthly report is already being made."))
            return redirect(document)
    return document_list(request, monthly_form=form)


@role_required("document.view")
def document_detail(request, pk, form=None):
    document = selectors.document_get(user=request.user, pk=pk)
    return render(
        request,
        "laporan/dokumen/document_detail.html",
        {
            "document": document,
            "can_retry": selectors.document_can_retry(document),
            "stalled": selectors.document_is_stalled(document),
            "copy_form": form or SignedCopyForm(),
            "can_attach": document.status == DocumentStatus.DONE,
        },
    )


@never_cache
@role_required("document.view")
def document_progress(request, pk):
    """JSON for the archive's polling script: status, progress, label."""
    document = selectors.document_get(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": document.status,
            "progres": document.progres,
            "label": document.get_status_display(),
            "selesai": document.status in (DocumentStatus.DONE, DocumentStatus.FAILED),
        }
    )


def _file_response(field_file, filename: str, content_type: str):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("document.view")
def document_download(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    if document.status != DocumentStatus.DONE:
        raise Http404
    return _file_response(document.file, document.nama_file, document.content_type)


@role_required("document.view")
def document_signed_copy(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    if document.salinan_foto_id:
        return redirect(document.salinan_foto.web_url)
    return _file_response(document.salinan, f"salinan-{document.kode}.pdf", "application/pdf")


@require_POST
@role_required("document.view")
def document_retry(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        services.document_retry(user=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is queued again."))
    return redirect(document)


@require_POST
@role_required("document.create")
def document_attach_copy(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_attach_signed_copy(
                user=request.user, document=document, upload=form.cleaned_data["berkas"]
            )
        except ValidationError as error:
            form.add_error("berkas", error)
        else:
            messages.success(request, _("The signed copy is kept beside the document."))
            return redirect(document)
    return document_detail(request, pk, form=form)


@require_POST
@role_required("document.create")
def berita_acara_create(request, plan_pk):
    try:
        document, created = services.berita_acara_request(
            user=request.user, plan_pk=plan_pk, base_url=_base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("kegiatan:plan-detail", pk=plan_pk)
    if created:
        messages.success(request, _("The berita acara is being made."))
    else:
        messages.info(request, _("This berita acara is already being made."))
    return redirect(document)


@role_required("letterhead.manage")
def letterhead_update(request):
    """The kop surat printed on the kecamatan's documents (the kecamatan administrator)."""
    kecamatan, kop = selectors.letterhead_for_edit(user=request.user)
    form = KopSuratForm(request.POST or None, request.FILES or None, instance=kop)
    if request.method == "POST" and form.is_valid():
        try:
            services.letterhead_save(user=request.user, kecamatan=kecamatan, form=form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The letterhead is saved."))
            return redirect("laporan:letterhead-update")
    return render(
        request,
        "laporan/dokumen/letterhead_form.html",
        {"form": form, "kecamatan": kecamatan, "kop": kop},
    )


# -- public ---------------------------------------------------------------------------------


def _lookup_limited(request) -> bool:
    return ratelimit.limit_reached(request, group="verifikasi", rate=settings.PUBLIC_LOOKUP_RATE)


def verification_lookup(request):
    """Type the code printed on a document."""
    form = CodeLookupForm(request.GET or None)
    if form.is_valid():
        kode = selectors.normalise_code(form.cleaned_data["kode"])
        if kode:
            return redirect("verification", kode=kode)
        form.add_error("kode", _("This is not a verification code: it has 10 letters and digits."))
    return render(request, "laporan/dokumen/verification_lookup.html", {"form": form})


def verification(request, kode):
    """The public page a printed document's QR code opens: what it is, who made it, when,
    for which area, its SHA-256; and a form to check a file against it."""
    if _lookup_limited(request):
        return render(request, "429.html", status=429)
    ratelimit.count(request, group="verifikasi", rate=settings.PUBLIC_LOOKUP_RATE)
    document = selectors.document_by_code(kode=kode)
    if document is None:
        raise Http404
    result = None
    form = HashCheckForm()
    if request.method == "POST":
        form = HashCheckForm(request.POST, request.FILES)
        if form.is_valid():
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["berkas"].chunks():
                digest.update(chunk)
            result = {
                "sha256": digest.hexdigest(),
                "match": digest.hexdigest() == document.sha256,
                "signed_copy": bool(document.salinan_sha256)
                and digest.hexdigest() == document.salinan_sha256,
            }
    return render(
        request,
        "laporan/dokumen/verification.html",
        {"document": document, "form": form, "result": result},
    )
