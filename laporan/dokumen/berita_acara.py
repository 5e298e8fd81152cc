"""The berita acara of one event: what was done, where, by whom, with what result, as an
Indonesian office writes it, signed by the lurah, the camat ("Mengetahui") and the RT heads.
"""

from dataclasses import dataclass, field

from django.utils import translation

from kegiatan import selectors as kegiatan_selectors
from kegiatan.models import PelaksanaanStatus
from laporan.dokumen.generators import Output, register
from laporan.dokumen.printing import print_image, qr_data_uri, render_pdf, verification_url
from laporan.dokumen.selectors import kop_surat_for
from laporan.models import DocumentKind
from sigoro import selectors as sigoro_selectors
from sigoro.formats import tanggal, tanggal_terbilang

# Printed widths (mm) of the photos: a before/after pair fills the text width side by side.
PAIR_PHOTO_MM = 80
ACTIVITY_PHOTO_MM = 52
MAX_ACTIVITY_PHOTOS = 6


def berita_acara_allowed(*, user, plan) -> bool:
    """A berita acara is made for a closed execution, by who may make documents."""
    from sigoro import access

    if not access.has_perm(user, "document.create"):
        return False
    pelaksanaan = kegiatan_selectors.execution_get(user=user, plan=plan)
    return pelaksanaan is not None and pelaksanaan.status == PelaksanaanStatus.DITUTUP


@dataclass
class PhotoPair:
    spot: str
    rt: str
    before: str = ""
    after: str = ""


@dataclass
class BeritaAcara:
    plan: object
    pelaksanaan: object
    kop: object
    date_words: str
    date_text: str
    signed_on: str
    elements: list[tuple[str, int]]
    total: int
    rows: list
    stakeholders: list[str]
    results: list
    services: list
    kendala: list
    resolved: list
    pairs: list[PhotoPair] = field(default_factory=list)
    activity: list[str] = field(default_factory=list)
    heads: dict = field(default_factory=dict)
    rt_heads: list[tuple[str, str]] = field(default_factory=list)


def berita_acara_data(*, user, plan_pk: int, progress=lambda p: None) -> BeritaAcara:
    """Collect what the berita acara of ``plan_pk`` prints, read as ``user`` reads it."""
    plan = kegiatan_selectors.plan_get(user=user, pk=plan_pk)
    overview = kegiatan_selectors.execution_overview(user=user, plan=plan)
    pelaksanaan = overview.pelaksanaan if overview else None
    if pelaksanaan is None or pelaksanaan.status != PelaksanaanStatus.DITUTUP:
        raise ValueError("The event is not closed: no berita acara yet.")
    elements: dict[str, int] = {}
    stakeholders: dict[int, str] = {}
    for row in overview.rows:
        if row.kehadiran is None:
            continue
        for label, count in row.kehadiran.count_rows():
            elements[str(label)] = elements.get(str(label), 0) + count
        for stakeholder in row.kehadiran.stakeholders.all():
            stakeholders[stakeholder.pk] = stakeholder.nama
    progress(20)
    pairs = []
    for pair in overview.documentation.pairs:
        pairs.append(
            PhotoPair(
                spot=pair.titik.nama,
                rt=str(pair.titik.rt) if pair.titik.rt_id else "",
                before=print_image(pair.sebelum[0].foto, width_mm=PAIR_PHOTO_MM)
                if pair.sebelum
                else "",
                after=print_image(pair.sesudah[0].foto, width_mm=PAIR_PHOTO_MM)
                if pair.sesudah
                else "",
            )
        )
    progress(50)
    activity = [
        print_image(row.foto, width_mm=ACTIVITY_PHOTO_MM)
        for row in overview.documentation.activity[:MAX_ACTIVITY_PHOTOS]
    ]
    progress(60)
    kecamatan = plan.kelurahan.kecamatan
    rts = [row.rt for row in overview.rows]
    heads = sigoro_selectors.area_head_names(kelurahan=plan.kelurahan, kecamatan=kecamatan, rts=rts)
    kop = kop_surat_for(kecamatan)
    if kop.nama_camat:
        heads["camat"] = kop.nama_camat
    return BeritaAcara(
        plan=plan,
        pelaksanaan=pelaksanaan,
        kop=kop,
        date_words=tanggal_terbilang(pelaksanaan.tanggal),
        date_text=pelaksanaan.tanggal.strftime("%d-%m-%Y"),
        signed_on=tanggal(pelaksanaan.tanggal, False),
        elements=sorted(elements.items(), key=lambda item: -item[1]),
        total=overview.total,
        rows=overview.rows,
        stakeholders=sorted(stakeholders.values()),
        results=overview.results,
        services=overview.services_given,
        kendala=overview.kendala,
        resolved=overview.resolved,
        pairs=pairs,
        activity=activity,
        heads=heads,
        rt_heads=[(str(rt), heads["rt"].get(rt.pk, "")) for rt in rts],
    )


@register(DocumentKind.BERITA_ACARA)
def berita_acara_pdf(document, progress) -> Output:
    """Render the berita acara of the document's plan to an A4 PDF."""
    with translation.override("id"):
        data = berita_acara_data(
            user=document.diminta_oleh, plan_pk=document.object_id, progress=progress
        )
        url = verification_url(document)
        pdf = render_pdf(
            "laporan/dokumen/berita_acara_pdf.html",
            {"ba": data, "document": document, "verify_url": url, "qr": qr_data_uri(url)},
        )
    progress(95)
    name = f"berita-acara-{data.pelaksanaan.tanggal:%Y%m%d}-{document.object_id}.pdf"
    return Output(
        content=pdf.content, filename=name, content_type="application/pdf", pages=pdf.pages
    )


def berita_acara_page_actions(user, plan) -> list:
    """The "Buat berita acara" button of the plan page (``PLAN_PAGE_ACTIONS``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not berita_acara_allowed(user=user, plan=plan):
        return []
    return [
        kegiatan_selectors.PageAction(
            key="berita-acara",
            label=_("Make the berita acara"),
            url=reverse("laporan:berita-acara-create", kwargs={"plan_pk": plan.pk}),
        )
    ]


def signed_copy_photo_access(user, photo) -> bool | None:
    """The photo of a signed paper copy: seen by who sees the document
    (``sigoro.selectors.PHOTO_ACCESS_PROVIDERS``)."""
    from laporan.dokumen.selectors import document_list
    from laporan.models import GeneratedDocument

    if not GeneratedDocument.objects.filter(salinan_foto=photo).exists():
        return None
    return document_list(user=user).filter(salinan_foto=photo).exists()
