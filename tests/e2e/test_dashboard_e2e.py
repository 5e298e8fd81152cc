"""The monitoring pages in a browser: no WCAG 2 A/AA violation at 360 and 1366 px (axe-core,
as tests/e2e/test_accessibility_e2e.py), and the dashboard's charts drawn under the real
Content-Security-Policy, each with its table."""

import pytest

from sigoro.demo import DEMO_PASSWORD
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility_e2e import violations

# Read-only pages: the demo is loaded once for the module, committed (tests/e2e/conftest.py).
pytestmark = [pytest.mark.e2e]

PAGES = ["/laporan/", "/laporan/rencana-vs-realisasi/", "/laporan/kendala/"]


@pytest.fixture(autouse=True)
def _live_server_helper(committed_live_server_helper):
    """Replace pytest-django's helper of the same name: no flush after each test."""


@pytest.fixture
def demo(committed_demo):
    """The demo, loaded once for the module."""


def _last_month() -> str:
    from laporan.periods import Period

    return Period.last_closed_month().key


def test_monitoring_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    page = axe_page
    found = {}
    period = _last_month()
    for username in ("camat", "lurah", "ketuart"):
        sign_in(page, username, DEMO_PASSWORD)
        for path in PAGES:
            found[f"{username} {path}"] = violations(page, f"{path}?periode={period}")
    assert {where: v for where, v in found.items() if v} == {}


def test_dashboard_draws_its_charts_under_the_csp(phone_page, demo):
    page = phone_page
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, "lurah", DEMO_PASSWORD)
    page.goto(f"/laporan/?periode={_last_month()}")
    for chart in ("chart-events", "chart-problems"):
        drawn = page.evaluate(
            "id => { const c = document.getElementById(id); return !!window.Chart"
            " && !!window.Chart.getChart(c) && c.width > 0; }",
            chart,
        )
        assert drawn, chart
    assert page.get_by_test_id("trend-events").locator("tbody tr").count() == 12
    assert page.get_by_test_id("trend-problems").locator("tbody tr").count() == 12
    assert errors == []


def test_report_pages_do_not_scroll_sideways_on_a_phone(phone_page, demo):
    """Wide tables scroll inside their own region; the page itself stays 360 px wide (the
    hidden "naik"/"turun" words of the ranking once widened it to 426 px)."""
    page = phone_page
    period = _last_month()
    sign_in(page, "camat", DEMO_PASSWORD)
    widths = {}
    for path in (
        *PAGES,
        "/laporan/indeks/",
        "/laporan/indeks/peringkat/",
        "/laporan/indeks/cara-menghitung/",
    ):
        page.goto(f"{path}?periode={period}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert {path: width for path, width in widths.items() if width > 360} == {}
