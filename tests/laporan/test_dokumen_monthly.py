"""The monthly report (Laporan Bulanan Gotong Royong): real PDFs rendered by WeasyPrint and
read back with pdftotext and pdfimages (poppler-utils); who may ask for it, the city's
archive, and the monthly command.

The month is November 2026, in kelurahan A1 (the home RT's) and A2 of kecamatan A:

=========  ============  ==========================  =========  ========
kelurahan  day           event                       present    waste
=========  ============  ==========================  =========  ========
A1         6 November    Jumat Bersih Gg. Melati      30 + 2     120 kg
A1         13 November   (not held: rain)             –          –
A1         20 November   Kerja bakti got RW 001       20         80.5 kg
A2         13 November   Kerja bakti Kelurahan Dua    40         200 kg
=========  ============  ==========================  =========  ========

Problems: A1 one reported 3 Nov and resolved 10 Nov, one reported 5 Nov still open; A2 one
reported 8 Nov and resolved 9 Nov. Swadaya: A1 Rp 450.000, A2 Rp 300.000.
"""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from kegiatan.models import TitikDokumentasi
from laporan.dokumen import laporan_bulanan, services
from laporan.dokumen.forms import MonthlyReportForm
from laporan.indeks import selectors as index_selectors
from laporan.models import DocumentKind, DocumentStatus, GeneratedDocument, KopSurat
from laporan.periods import Period
from sigoro.models import Role
from tests.factories import UserFactory
from tests.kegiatan.factories import documentation_in
from tests.laporan.factories import event_on, kendala_on, problem_on, swadaya_on

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
D = datetime.date


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return [" ".join(page.split()) for page in out.stdout.decode().split("\f")[:-1]]


def _images(path: Path) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    return [(int(r.split()[3]), int(r.split()[4])) for r in rows if r.split()[2] == "image"]


@pytest.fixture
def month(world):
    """November 2026 in kecamatan A (see the module's docstring)."""
    home = world.home_rt
    other = world.foreign_rt[Role.LURAH]  # kelurahan A2
    first = event_on(
        D(2026, 11, 6), home, warga=30, rt_rw=2, kg=120, judul="Jumat Bersih Gg. Melati"
    )
    event_on(D(2026, 11, 13), home, held=False, judul="Jumat Bersih yang batal")
    second = event_on(D(2026, 11, 20), home, warga=20, kg="80.5", judul="Kerja bakti got RW 001")
    kendala_on(second, "cuaca", "Hujan deras sejak pagi")
    event_on(D(2026, 11, 13), other, warga=40, kg=200, judul="Kerja bakti Kelurahan Dua")
    event_on(D(2026, 10, 16), home, warga=10, kg=15, judul="Jumat Bersih Oktober")
    problem_on(D(2026, 11, 3), home, resolved_on=D(2026, 11, 10))
    problem_on(D(2026, 11, 5), home)
    problem_on(D(2026, 11, 8), other, resolved_on=D(2026, 11, 9))
    swadaya_on(D(2026, 11, 6), home, 450_000)
    swadaya_on(D(2026, 11, 13), other, 300_000)
    for n in range(2):  # two spots with a before and an after photo: 4 photos
        spot = TitikDokumentasi.objects.create(pelaksanaan=first, nama=f"Got {n + 1}", rt=home)
        documentation_in(first, jenis="sebelum", titik=spot)
        documentation_in(first, jenis="sesudah", titik=spot)
    kecamatan = home.kelurahan.kecamatan
    KopSurat.objects.create(
        kecamatan=kecamatan,
        pemerintah="PEMERINTAH KOTA PANGKALPINANG",
        nama_kantor="KECAMATAN PANGKALBALAM",
        kota_surat="Pangkalpinang",
        nama_camat="Drs. Purnamawan",
        nip_camat="197001012000031001",
    )
    lurah = world.users[Role.LURAH]
    lurah.first_name, lurah.last_name = "Siti", "Aminah"
    lurah.save()
    return world


def _make(user, level, area) -> GeneratedDocument:
    document, _created = services.monthly_report_request(
        user=user, level=level, area_pk=area.pk, periode="2026-11", base_url="https://sigoro.test/"
    )
    services.document_run(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.galat
    return document


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_kelurahan_report_content(month):
    world = month
    kelurahan = world.home_rt.kelurahan
    document = _make(world.users[Role.LURAH], "kelurahan", kelurahan)
    path = Path(settings.MEDIA_ROOT) / document.file.name
    text = _text(path)

    assert document.kind == DocumentKind.MONTHLY_REPORT
    assert document.kelurahan == kelurahan and document.periode == "2026-11"
    assert "PEMERINTAH KOTA PANGKALPINANG" in text and "KECAMATAN PANGKALBALAM" in text
    assert re.search(
        r"(Monthly Gotong Royong Report, Month of|Laporan Bulanan Gotong Royong, Bulan) "
        r"November 2026",
        text,
    )
    assert kelurahan.nama in text
    # KPIs: 2 events held (the 13th was not), 30 + 2 + 20 = 52 people, 120 + 80.5 kg,
    # 1 problem resolved of the 2 reported (50.0%), swadaya Rp 450.000.
    kpi = _between(text, "1.", "2.")
    assert re.search(r"\b52\b", kpi)
    assert "200,5 kg" in kpi
    assert "50,0% (1/2)" in kpi
    assert "Rp 450.000" in kpi
    # Each held event has its page; the other kelurahan's event is nowhere.
    assert "Jumat Bersih Gg. Melati" in text and "Kerja bakti got RW 001" in text
    assert "Kerja bakti Kelurahan Dua" not in text
    assert "Jumat Bersih Oktober" not in text
    assert "Hujan deras sejak pagi" in text  # the kendala of the 20th
    # The signature: the lurah signs, the camat acknowledges, on the month's last day.
    assert "Pangkalpinang, 30 November 2026" in text
    assert "Siti Aminah" in text and "Lurah " + kelurahan.nama in text
    assert "Drs. Purnamawan" in text and "NIP. 197001012000031001" in text
    # "Halaman X dari Y" on every page, with the real page count.
    pages = _page_texts(path)
    assert len(pages) == document.halaman >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    # The verification code, and the "Cara menghitung" text of the index pages.
    assert document.kode in text
    assert "Partisipatif = 100" in text or "Partisipatif = 100" in text.replace("×", "x")
    # The 4 documentation photos are embedded at their printed size (56 mm at 180 dpi: at
    # most 397 px wide; the test photos are 120 px wide), besides the QR code.
    photos = [size for size in _images(path) if size[0] > 50]
    assert len(photos) == 4
    assert all(width <= 397 for width, _ in photos)


def test_kecamatan_report_totals_index_and_ranking(month):
    world = month
    kecamatan = world.home_rt.kelurahan.kecamatan
    document = _make(world.users[Role.CAMAT], "kecamatan", kecamatan)
    text = _text(Path(settings.MEDIA_ROOT) / document.file.name)

    kpi = _between(text, "1.", "2.")
    # 3 events held, 52 + 40 = 92 people, 400.5 kg, 2 of 3 problems resolved (66.7%),
    # swadaya Rp 750.000.
    assert re.search(r"\b92\b", kpi)
    assert "400,5 kg" in kpi
    assert "66,7% (2/3)" in kpi
    assert "Rp 750.000" in kpi
    assert "Kerja bakti Kelurahan Dua" in text and "Jumat Bersih Gg. Melati" in text
    # The camat signs alone.
    assert "Pangkalpinang, 30 November 2026" in text
    assert f"Camat {kecamatan.nama}" in text and "Drs. Purnamawan" in text
    # The index printed is the index selectors' own, the ranking in their order.
    reader = laporan_bulanan.report_reader(level="kecamatan", area=kecamatan)
    own = index_selectors.index_for_area(user=reader, area=kecamatan, period=NOVEMBER)
    assert own.total is not None
    assert f"{own.total:.1f}".replace(".", ",") in _between(text, "2.", "3.")
    ranking = index_selectors.index_rows(user=reader, level="kelurahan", period=NOVEMBER)
    names = [row.area.nama for row in ranking]
    assert len(names) == 2
    section = _between(text, "2.", "3.")
    positions = [section.index(f"Kelurahan {name}") for name in names]
    assert positions == sorted(positions)


def test_city_report_is_made_by_the_command_and_read_by_the_city_monitor(month, client):
    world = month
    kota = world.home_rt.kelurahan.kecamatan.kota

    call_command("generate_monthly_reports", "--month", "2026-11", "--kota", str(kota.pk))
    document = GeneratedDocument.objects.get(kind=DocumentKind.MONTHLY_REPORT)
    assert document.kota == kota and document.kecamatan is None and document.diminta_oleh is None
    services.document_run(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.galat
    text = _text(Path(settings.MEDIA_ROOT) / document.file.name)
    assert kota.nama.upper() in text
    assert "Kerja bakti Kelurahan Dua" not in text  # a city report has no event pages
    assert re.search(r"\b92\b", _between(text, "1.", "2."))

    client.force_login(world.users[Role.PEMANTAU_KOTA])
    archive = client.get(reverse("laporan:document-list")).content.decode()
    assert f'data-testid="document-{document.pk}"' in archive
    assert 'data-testid="monthly-report-form"' not in archive  # it reads, never asks
    download = client.get(reverse("laporan:document-download", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"

    # A camat of another city, and the city's own camat, get 404 on the city's report.
    other_city_kecamatan = world.other_kecamatan_rt.kelurahan.kecamatan
    for user in (
        UserFactory(role=Role.CAMAT, kecamatan=other_city_kecamatan),
        UserFactory(role=Role.PEMANTAU_KOTA, kota=other_city_kecamatan.kota),
        world.users[Role.CAMAT],
    ):
        client.force_login(user)
        url = reverse("laporan:document-detail", kwargs={"pk": document.pk})
        assert client.get(url).status_code == 404


def test_the_command_is_idempotent(world):
    call_command("generate_monthly_reports", "--month", "2026-11")
    first = set(GeneratedDocument.objects.values_list("pk", flat=True))
    call_command("generate_monthly_reports", "--month", "2026-11")

    from sigoro.models import Kecamatan, Kelurahan, Kota

    areas = Kota.objects.count() + Kecamatan.objects.count() + Kelurahan.objects.count()
    assert len(first) == areas
    assert set(GeneratedDocument.objects.values_list("pk", flat=True)) == first
    # A failed one is queued again on the next run, as the same row.
    failed = GeneratedDocument.objects.order_by("pk").first()
    GeneratedDocument.objects.filter(pk=failed.pk).update(status=DocumentStatus.FAILED)
    call_command("generate_monthly_reports", "--month", "2026-11")
    failed.refresh_from_db()
    assert failed.status == DocumentStatus.QUEUED and failed.percobaan == 2
    assert GeneratedDocument.objects.count() == areas


def test_the_command_refuses_a_month_that_has_not_begun(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_monthly_reports", "--month", "2999-01")
    with pytest.raises(CommandError):
        call_command("generate_monthly_reports", "--month", "2026-13")


def test_who_may_ask_for_which_report(world):
    home_kelurahan = world.home_rt.kelurahan
    other_kelurahan = world.foreign_rt[Role.LURAH].kelurahan
    kecamatan = home_kelurahan.kecamatan
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]

    document, created = services.monthly_report_request(
        user=camat, level="kelurahan", area_pk=other_kelurahan.pk, periode="2026-11"
    )
    assert created and document.kelurahan == other_kelurahan
    again, created = services.monthly_report_request(
        user=camat, level="kelurahan", area_pk=other_kelurahan.pk, periode="2026-11"
    )
    assert not created and again.pk == document.pk  # a double submit makes one
    with pytest.raises(Http404):  # a lurah: their kelurahan only
        services.monthly_report_request(
            user=lurah, level="kelurahan", area_pk=other_kelurahan.pk, periode="2026-11"
        )
    with pytest.raises(Http404):
        services.monthly_report_request(
            user=lurah, level="kecamatan", area_pk=kecamatan.pk, periode="2026-11"
        )
    with pytest.raises(PermissionDenied):
        services.monthly_report_request(
            user=world.users[Role.PEMANTAU_KOTA],
            level="kecamatan",
            area_pk=kecamatan.pk,
            periode="2026-11",
        )
    with pytest.raises(Http404):  # a city report is the command's
        services.monthly_report_request(
            user=camat, level="kota", area_pk=kecamatan.kota_id, periode="2026-11"
        )


def test_the_archive_form_defaults_to_the_last_closed_month_and_keeps_a_bad_choice(client, world):
    lurah = world.users[Role.LURAH]
    form = MonthlyReportForm(user=lurah, today=D(2026, 12, 2))
    assert form["bulan"].value() == "2026-11"
    assert [value for value, _label in form.fields["wilayah"].choices] == [
        f"kelurahan:{world.home_rt.kelurahan_id}"
    ]

    client.force_login(lurah)
    page = client.get(reverse("laporan:document-list")).content.decode()
    assert 'data-testid="monthly-report-form"' in page
    bad = client.post(
        reverse("laporan:monthly-report-create"),
        {"wilayah": f"kelurahan:{world.home_rt.kelurahan_id}", "bulan": "2999-01"},
    )
    assert bad.status_code == 400
    assert f'value="kelurahan:{world.home_rt.kelurahan_id}" selected' in bad.content.decode()
    assert not GeneratedDocument.objects.exists()
    good = client.post(
        reverse("laporan:monthly-report-create"),
        {"wilayah": f"kelurahan:{world.home_rt.kelurahan_id}", "bulan": "2026-11"},
    )
    document = GeneratedDocument.objects.get()
    assert good.status_code == 302 and good["Location"] == document.get_absolute_url()
    assert document.diminta_oleh == lurah and document.periode == "2026-11"


def test_signing_date_is_the_last_day_or_today_if_earlier():
    assert laporan_bulanan.signing_date(NOVEMBER, today=D(2026, 12, 2)) == D(2026, 11, 30)
    assert laporan_bulanan.signing_date(NOVEMBER, today=D(2026, 11, 18)) == D(2026, 11, 18)
