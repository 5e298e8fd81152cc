"""Stage 3 on a 360 px phone: every plan list shows status, date, place and clash flag
without sideways scrolling, and a failed action form shows its error in view, focused."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kegiatan.defaults import ensure_default_activity_types
from kegiatan.models import ActivityType, PlanStatus
from sigoro.models import Role
from tests.e2e.helpers import sign_in
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.kegiatan.factories import plan_in, series_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Elements (visible, with a size) whose right edge lies beyond the viewport.
OFF_SCREEN = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > window.innerWidth + 1
    && getComputedStyle(e).visibility !== 'hidden';
}).map(e => e.tagName + '.' + e.className).slice(0, 5)"""

IN_VIEW = """(e) => { const r = e.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0
    && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }"""


@pytest.fixture
def ampui():
    ensure_default_activity_types(ActivityType)
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    UserFactory(username="lurah", first_name="Hendra", role=Role.LURAH, kelurahan=kelurahan)
    UserFactory(username="camat", first_name="Purnamawan", role=Role.CAMAT,
                kecamatan=kelurahan.kecamatan)  # fmt: skip
    day = timezone.localdate() + datetime.timedelta(days=3)
    # A long title, two plans clashing in the same RT, a recurring schedule.
    plan_in(rt, judul="Kerja bakti normalisasi drainase dan pembersihan saluran Gg. Melati "
            "sampai ujung Jl. Kenanga", status=PlanStatus.DISETUJUI, tanggal=day)  # fmt: skip
    plan_in(rt, judul="Senam dan bersih lapangan voli", status=PlanStatus.DIAJUKAN, tanggal=day)
    series_in(rt, judul="Jumat Bersih RW 002")
    return rt


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert page.evaluate(OFF_SCREEN) == [], page.url


def test_plan_lists_show_what_matters_without_sideways_scrolling(phone_page, ampui):
    page = phone_page
    sign_in(page, "lurah")
    page.goto("/rencana/")
    fits(page)
    first = page.get_by_test_id("plan-row-phone").first
    status = first.get_by_test_id("plan-row-status")
    expect(status).to_be_visible()
    assert status.evaluate(IN_VIEW)
    expect(status).to_have_text("disetujui")
    expect(first.get_by_test_id("plan-row-clash")).to_be_visible()
    assert first.get_by_test_id("plan-row-clash").evaluate(IN_VIEW)
    expect(first).to_contain_text("07.00–09.00 WIB")
    expect(first).to_contain_text("Ampui · RT 003 / RW 002")
    for url in ("/rencana/rutin/", "/rencana/kalender/", "/rencana/kalender/?tampilan=minggu"):
        page.goto(url)
        fits(page)
    page.context.clear_cookies()
    sign_in(page, "camat")
    page.goto("/rencana/persetujuan/")
    expect(page.get_by_test_id("queue")).to_contain_text("bentrok")
    fits(page)
    page.goto(f"/jadwal/{ampui.kelurahan_id}/")
    expect(page.get_by_test_id("public-upcoming")).to_contain_text("Gg. Melati")
    fits(page)
    page.goto("/jadwal/")
    fits(page)


def test_a_failed_return_shows_its_error_in_view_and_focused(phone_page, ampui):
    page = phone_page
    sign_in(page, "camat")
    page.goto("/rencana/persetujuan/")
    page.get_by_test_id("queue").get_by_role("link", name="Periksa").click()
    page.get_by_role("button", name="Kembalikan dengan catatan ini").click()
    page.wait_for_load_state("load")
    error = page.locator(".is-invalid").first
    expect(error).to_be_focused()
    # In view once the page has settled (sigoro.js scrolls again on "load").
    page.wait_for_function(IN_VIEW, arg=error.element_handle(), timeout=5000)
    message = page.get_by_text("Tuliskan apa yang perlu diperbaiki kelurahan.")
    expect(message).to_be_visible()
    assert message.evaluate(IN_VIEW)
    expect(page.get_by_test_id("plan-status")).to_have_text("diajukan")
