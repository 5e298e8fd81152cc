"""The berita acara PDF: rendered for real by WeasyPrint, read back with pdftotext and
pdfimages (poppler-utils)."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from kegiatan.models import HasilKegiatan, Kehadiran, TitikDokumentasi
from laporan.dokumen import services
from laporan.models import DocumentStatus, GeneratedDocument, KopSurat
from sigoro.models import Role
from tests.factories import RTFactory
from tests.kegiatan.factories import closed_execution_in, documentation_in, indicator
from tests.stakeholder.factories import stakeholder_serving

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 20)


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[-1])


def _images(path: Path) -> list[tuple[int, int]]:
    """(width, height) of every image embedded in the PDF."""
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    return [(int(r.split()[3]), int(r.split()[4])) for r in rows if r.split()[2] == "image"]


@pytest.fixture
def event(world):
    """A Jumat Bersih on Friday 20 November 2026 in two RTs: 30 + 17 people, 12 photos."""
    home = world.home_rt
    second = RTFactory(rw=home.rw, nomor=5, jumlah_kk=80)
    home.jumlah_kk = 120
    home.save()
    pelaksanaan = closed_execution_in(home, rts=[second], judul="Jumat Bersih Gg. Melati")
    pelaksanaan.tanggal = FRIDAY
    pelaksanaan.save()
    lurah = world.users[Role.LURAH]
    lurah.first_name, lurah.last_name = "Siti", "Aminah"
    lurah.save()
    camat = world.users[Role.CAMAT]
    camat.first_name, camat.last_name = "Purnamawan", ""
    camat.save()
    rt_head = world.users[Role.KETUA_RT]
    rt_head.first_name, rt_head.last_name = "Bahrudin", ""
    rt_head.save()
    koramil = stakeholder_serving(home)
    first = Kehadiran.objects.create(
        pelaksanaan=pelaksanaan, rt=home, hadir_warga=25, hadir_tni_polri=3, hadir_stakeholder=2
    )
    first.stakeholders.add(koramil)
    Kehadiran.objects.create(pelaksanaan=pelaksanaan, rt=second, hadir_warga=15, hadir_rt_rw=2)
    HasilKegiatan.objects.create(pelaksanaan=pelaksanaan, indikator=indicator(), jumlah=340)
    for n in range(6):  # 6 spots with a before and an after photo each: 12 photos
        spot = TitikDokumentasi.objects.create(
            pelaksanaan=pelaksanaan, nama=f"Got {n + 1}", rt=home
        )
        documentation_in(pelaksanaan, jenis="sebelum", titik=spot)
        documentation_in(pelaksanaan, jenis="sesudah", titik=spot)
    return pelaksanaan


def _make(world, pelaksanaan) -> GeneratedDocument:
    document, _ = services.berita_acara_request(
        user=world.users[Role.LURAH], plan_pk=pelaksanaan.plan_id, base_url="https://sigoro.test/"
    )
    services.document_run(document_id=document.pk)
    document.refresh_from_db()
    return document


def test_berita_acara_content(world, event):
    KopSurat.objects.create(
        kecamatan=world.home_rt.kelurahan.kecamatan,
        pemerintah="PEMERINTAH KOTA PANGKALPINANG",
        nama_kantor="KECAMATAN PANGKALBALAM",
        alamat="Jl. Soekarno Hatta No. 1",
        kota_surat="Pangkalpinang",
        nip_camat="197001012000031001",
    )

    document = _make(world, event)

    assert document.status == DocumentStatus.DONE
    path = Path(settings.MEDIA_ROOT) / document.file.name
    text = _text(path)
    assert "PEMERINTAH KOTA PANGKALPINANG" in text
    assert "KECAMATAN PANGKALBALAM" in text
    assert "Jl. Soekarno Hatta No. 1" in text
    # Day, date and year in words, then the date in figures.
    assert (
        "Jumat tanggal dua puluh bulan November tahun dua ribu dua puluh enam (20-11-2026)" in text
    )
    assert "Jumat Bersih Gg. Melati" in text
    assert "RT 001, 005 / RW 001" in text
    # 25 + 3 + 2 in the first RT, 15 + 2 in the second: 47 people.
    assert "47" in text
    present = Kehadiran.objects.get(rt=world.home_rt).stakeholders.get()
    assert present.nama in text
    assert "340" in text
    # Signature blocks: the lurah, the camat (with NIP) and the RT head with an account.
    assert "Pangkalpinang, 20 November 2026" in text
    assert "Siti Aminah" in text
    assert "Purnamawan" in text and "NIP. 197001012000031001" in text
    assert "Bahrudin" in text
    # The verification code and the address it opens.
    assert document.kode in text
    assert f"https://sigoro.test/verifikasi/{document.kode}/" in text.replace(" ", "")
    pages = _pages(path)
    assert pages == document.halaman >= 3
    assert f"Halaman {pages} dari {pages}" in text  # the footer of every page
    # The 12 photos are embedded at their printed size (80 mm at 180 dpi: 567 px wide at
    # most), not as the 1600 px web rendition; the test photos are 120 px wide.
    photos = [size for size in _images(path) if size[0] > 50]
    assert len(photos) == 12
    assert all(width <= 567 for width, _ in photos)


def test_berita_acara_without_letterhead_uses_the_region_names(world, event):
    document = _make(world, event)
    text = _text(Path(settings.MEDIA_ROOT) / document.file.name)
    assert f"KECAMATAN {world.home_rt.kelurahan.kecamatan.nama.upper()}" in text


def test_the_plan_page_offers_the_button_once_the_execution_is_closed(client, world, event):
    client.force_login(world.users[Role.LURAH])
    page = client.get(event.plan.get_absolute_url()).content.decode()
    assert reverse("laporan:berita-acara-create", kwargs={"plan_pk": event.plan_id}) in page
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(event.plan.get_absolute_url()).content.decode()
    assert "berita-acara" not in page


def test_no_berita_acara_for_an_open_execution(client, world):
    from tests.kegiatan.factories import execution_in

    pelaksanaan = execution_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    url = reverse("laporan:berita-acara-create", kwargs={"plan_pk": pelaksanaan.plan_id})
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == pelaksanaan.plan.get_absolute_url()
    assert not GeneratedDocument.objects.exists()
