"""Stage 2 on a 360 px phone: every stakeholder list shows what matters without scrolling
sideways (the page, and no table scrolling inside its box); a delivery recorded with a
mistake keeps its photo, and a delivery above the pledge is confirmed before it counts."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sigoro.models import Role
from stakeholder import services
from stakeholder.models import Delivery, Pledge, StakeholderType
from tests.e2e.helpers import sign_in
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.photo_samples import camera_jpeg
from tests.stakeholder.factories import StakeholderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Elements that scroll sideways inside the page (a table in its .table-responsive box).
SCROLLING_SIDEWAYS = """() => [...document.querySelectorAll('body *')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
               && e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""


def kind(kode, nama):
    # A transactional test elsewhere may have flushed the migrated rows.
    return StakeholderType.objects.get_or_create(kode=kode, defaults={"nama": nama})[0]


@pytest.fixture
def pangkalbalam():
    """Two kelurahan, long names and amounts up to billions, as a busy year of a kecamatan
    looks: requests answered above what was asked, deliveries, swadaya. Returns Ampui's
    request."""
    ampui = KelurahanFactory(nama="Ampui")
    kecamatan = ampui.kecamatan
    pasir = KelurahanFactory(nama="Pasir Garam", kecamatan=kecamatan)
    rts = [
        RTFactory(rw=RWFactory(kelurahan=ampui, nomor=2), nomor=3),
        RTFactory(rw=RWFactory(kelurahan=pasir, nomor=12), nomor=14),
    ]
    admin = UserFactory(
        username="admin", first_name="Rina", role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan
    )
    UserFactory(username="lurah", first_name="Hendra", role=Role.LURAH, kelurahan=ampui)
    pelindo = StakeholderFactory(
        kecamatan=kecamatan,
        nama="PT Pelabuhan Indonesia (Persero) Regional 2 Cabang Pangkalbalam",
        jenis=kind("bumn", "BUMN"),
    )
    dlh = StakeholderFactory(
        kecamatan=kecamatan,
        nama="Dinas Lingkungan Hidup Kota Pangkalpinang",
        jenis=kind("instansi-pemerintah", "Instansi pemerintah"),
    )
    today = timezone.localdate()
    requests = []
    for kelurahan, rt in zip((ampui, pasir), rts, strict=True):
        support_request = services.request_create(
            user=admin,
            kecamatan=kecamatan,
            kelurahan=kelurahan,
            perihal=f"Permohonan dukungan normalisasi drainase dan Jumat Bersih {kelurahan}",
            items=[
                services.ItemRow("alat", "Truk pengangkut sampah dan ekskavator mini", 4, "unit"),
                services.ItemRow("material", "Karung sampah", 1200, "buah"),
            ],
            stakeholders=[pelindo, dlh],
        )
        requests.append(support_request)
        for pledge in Pledge.objects.filter(recipient__request=support_request):
            services.recipient_answer(
                user=admin,
                recipient=pledge.recipient,
                answers=[
                    services.PledgeAnswer(
                        pledge=pledge,
                        jumlah=pledge.item.jumlah * 2,
                        nilai=187_500_000,
                        above_request=True,
                    )
                ],
                tanggal=today,
                cara="surat",
            )
            pledge.refresh_from_db()
            services.delivery_record(
                user=admin,
                pledge=pledge,
                jumlah=pledge.item.jumlah,
                tanggal=today,
                diterima_oleh="Kepala Seksi Ketenteraman dan Ketertiban Umum",
            )
        for n in range(3):
            services.swadaya_create(
                user=admin,
                rt=rt,
                tanggal=today - datetime.timedelta(days=n),
                acara="Kerja bakti pascabanjir dan normalisasi drainase",
                jenis="jasa",
                item="Tenaga warga membersihkan lumpur dan sampah (60 orang x 5 jam)",
                jumlah=1200,
                satuan="orang-jam",
                nilai=112_500_000,
                sumber="donatur",
                donatur_nama="Paguyuban Pedagang Pasar Pagi Pangkalbalam",
            )
    return requests[0]  # Ampui's, which the lurah sees too


@pytest.mark.parametrize("username", ["admin", "lurah"])
def test_stakeholder_lists_fit_a_360_px_phone(browser, live_server, pangkalbalam, username):
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    page = phone.new_page()
    sign_in(page, username)
    paths = [
        "/stakeholder/",
        "/stakeholder/permintaan/",
        "/stakeholder/swadaya/",
        "/stakeholder/ringkasan/",
        pangkalbalam.get_absolute_url(),
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert page.evaluate(SCROLLING_SIDEWAYS) == [], path
    # What matters is on the phone's swadaya list: what, where and when, and the value.
    page.goto("/stakeholder/swadaya/")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Tenaga warga membersihkan lumpur")
    expect(first_row).to_contain_text("RT 003 / RW 002 · Ampui")
    expect(first_row).to_contain_text("Rp 112.500.000")
    phone.close()


def test_a_delivery_with_a_mistake_keeps_its_photo_and_asks_before_going_above_the_pledge(
    browser, live_server, pangkalbalam, tmp_path
):
    photo = tmp_path / "serah-terima.jpg"
    photo.write_bytes(camera_jpeg(width=1200, height=900))
    pledge = Pledge.objects.get(
        recipient__request=pangkalbalam,
        recipient__stakeholder__nama__startswith="Dinas",
        item__item="Karung sampah",
    )  # 2.400 sacks pledged, 1.200 received
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    page = phone.new_page()
    sign_in(page, "admin")
    page.goto(f"/stakeholder/janji/{pledge.pk}/terima/")
    page.get_by_label("Jumlah diterima").fill("1500")
    page.get_by_label("Diterima oleh").fill("")
    page.get_by_label("Foto (tidak wajib)").set_input_files(str(photo))
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Bidang ini tidak boleh kosong.")).to_be_visible()
    expect(page.get_by_text("Tinggal 1.200 buah yang belum diterima")).to_be_visible()
    expect(page.get_by_test_id("kept-photo")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The photo is not chosen again; the office confirms the stakeholder gave more.
    page.get_by_label("Diterima oleh").fill("Pak Rahmat, Ketua RT 003")
    page.get_by_label("Ya, stakeholder memberi lebih dari yang dijanjikan").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Penyerahan telah dicatat.")).to_be_visible()
    delivery = Delivery.objects.get(diterima_oleh="Pak Rahmat, Ketua RT 003")
    pledge.refresh_from_db()
    assert delivery.foto is not None and delivery.jumlah == 1500
    assert (pledge.jumlah_dijanjikan, pledge.jumlah_diterima) == (2700, 2700)
    phone.close()
