"""Stage 6 pages in the browser: the document archive refreshes a document being made, and
the archive, document, export and verification pages pass axe-core (WCAG 2 A/AA) at 360 px
and 1366 px on the demo data."""

import pytest
from playwright.sync_api import expect

from laporan.models import DocumentStatus
from sigoro.demo import DEMO_PASSWORD
from sigoro.models import RT
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility_e2e import AXE, RUN_AXE, violations
from tests.laporan.factories import document_in

# The demo is loaded once for the module, committed (tests/e2e/conftest.py); each test adds
# its own documents beside it and reads only those.
pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _live_server_helper(committed_live_server_helper):
    """Replace pytest-django's helper of the same name: no flush after each test."""


@pytest.fixture
def demo(committed_demo):
    """The demo, loaded once for the module."""


def test_document_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    rt = RT.objects.filter(rw__kelurahan__nama="Ampui").first()
    done = document_in(rt, signed=True)
    failed = document_in(rt, status=DocumentStatus.FAILED)
    running = document_in(rt, status=DocumentStatus.RUNNING, progres=40)
    page = axe_page
    found = {
        path: violations(page, path)
        for path in (f"/verifikasi/{done.kode}/", "/verifikasi/", "/verifikasi/?kode=12")
    }
    sign_in(page, "lurah", DEMO_PASSWORD)
    for path in (
        "/laporan/dokumen/",
        f"/laporan/dokumen/{done.pk}/",
        f"/laporan/dokumen/{failed.pk}/",
        f"/laporan/dokumen/{running.pk}/",
        "/laporan/dokumen/ekspor/",
    ):
        found[path] = violations(page, path)
    sign_in(page, "admin", DEMO_PASSWORD)
    found["admin /laporan/dokumen/kop-surat/"] = violations(page, "/laporan/dokumen/kop-surat/")
    # The "Make the monthly report" form with an error, and the city monitor's archive.
    page.goto("/laporan/dokumen/")
    page.get_by_test_id("monthly-report-form").locator("select").first.select_option(index=1)
    page.evaluate(
        "() => { const s = document.querySelectorAll("
        "'[data-testid=monthly-report-form] select')[1];"
        " s.options[0].value = '2999-01'; s.selectedIndex = 0; }"
    )
    page.get_by_test_id("monthly-report-submit").click()
    assert page.locator(".invalid-feedback").count() == 1
    page.add_script_tag(content=AXE)
    found["admin monthly report form error"] = page.evaluate(RUN_AXE)
    sign_in(page, "pemantau", DEMO_PASSWORD)
    found["pemantau /laporan/dokumen/"] = violations(page, "/laporan/dokumen/")
    assert {where: v for where, v in found.items() if v} == {}


def test_the_archive_refreshes_a_document_being_made(phone_page, demo):
    rt = RT.objects.filter(rw__kelurahan__nama="Ampui").first()
    document = document_in(rt, status=DocumentStatus.QUEUED)
    # Another document still being made must not hold back the news of this one.
    document_in(rt, status=DocumentStatus.RUNNING, progres=40)
    page = phone_page
    sign_in(page, "lurah", DEMO_PASSWORD)
    page.goto("/laporan/dokumen/")
    row = page.get_by_test_id(f"document-{document.pk}")
    expect(row.get_by_test_id("status")).to_have_attribute("data-status", "antre")

    document.status = DocumentStatus.FAILED  # the worker gave up: the page must say so
    document.galat = "RuntimeError: test"
    document.save()

    expect(row.get_by_test_id("status")).to_have_attribute("data-status", "gagal", timeout=15000)
    expect(row.get_by_role("button")).to_be_visible()
    row.get_by_role("button").click()  # "Coba lagi"
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED and document.percobaan == 1
