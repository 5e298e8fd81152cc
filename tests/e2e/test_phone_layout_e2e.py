"""Stage 1 pages on a 360 px phone: nothing scrolls sideways (issue 9, §6.3); the tracking
code on the printed slip stays on one line (§6.9)."""

import pytest
from playwright.sync_api import expect

from permasalahan import services
from permasalahan.defaults import ensure_default_categories
from permasalahan.models import ProblemCategory
from sigoro.models import Role
from tests.e2e.helpers import sign_in
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_ITEMS = [
    ("alat", "Gerobak sampah roda dua dengan bak besi", 3, "unit"),
    ("material", "Karung goni ukuran besar untuk sampah organik", 40, "buah"),
    ("tenaga", "Warga RT 003 dan pemuda karang taruna", 30, "orang"),
    ("konsumsi", "Nasi kotak dan air mineral untuk relawan", 30, "kotak"),
]


@pytest.fixture
def ampui():
    ensure_default_categories(ProblemCategory)
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    lurah = UserFactory(username="lurah", role=Role.LURAH, kelurahan=kelurahan)
    problems = []
    for n, slug in enumerate(["sampah", "drainase", "fasilitas-umum"]):
        problems.append(
            services.problem_create(
                user=lurah,
                kategori=ProblemCategory.objects.get(slug=slug),
                rt=rt,
                alamat="Jl. Depati Hamzah, Gg. Melati, di samping Musala Al-Ikhlas",
                deskripsi="Tumpukan sampah rumah tangga di lahan kosong.",
                lat=-2.0921 + n / 1000 if n else None,
                lon=106.1389 if n else None,
                needs=[services.NeedRow(*row) for row in LONG_ITEMS],
            )
        )
    return problems


def test_stage_1_pages_do_not_scroll_sideways_on_a_phone(phone_page, ampui):
    page = phone_page
    sign_in(page, "lurah")
    for path, text in [
        ("/permasalahan/kebutuhan/", "Karung goni ukuran besar"),
        ("/permasalahan/", ampui[0].kode),
        ("/permasalahan/peta/", "Tanpa titik peta"),
        (ampui[0].get_absolute_url(), "Tambah catatan"),
        ("/peta/", "Tanpa titik peta"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")  # the map data too
        expect(page.get_by_text(text).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
        assert page.evaluate(SIDEWAYS_BOXES) == [], f"{path} has a box that scrolls sideways"


# Boxes that scroll sideways inside the page (a .table-responsive wider than the phone).
SIDEWAYS_BOXES = """() => Array.from(document.querySelectorAll("body *"))
  .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.className)"""

LINES_OF_CODE = """() => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(".slip .tracking-code"));
  return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size;
}"""


@pytest.mark.parametrize("width", [360, 420, 794])  # a phone, a narrow print, A4 at 96 dpi
def test_the_tracking_code_on_the_slip_stays_on_one_line(browser, live_server, ampui, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url, locale="id-ID"
    )
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"/lacak/{ampui[0].kode}/cetak/")
    expect(page.locator(".slip .tracking-code")).to_have_text(ampui[0].kode)
    assert page.evaluate(LINES_OF_CODE) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
