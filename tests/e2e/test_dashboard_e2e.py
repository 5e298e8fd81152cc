"""The monitoring pages in a browser: no WCAG 2 A/AA violation at 360 and 1366 px (axe-core,
as tests/e2e/test_accessibility_e2e.py), and the dashboard's charts drawn under the real
Content-Security-Policy, each with its table."""

import io

import pytest
from django.core.management import call_command

from sigoro.demo import DEMO_PASSWORD
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility_e2e import violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["/laporan/", "/laporan/rencana-vs-realisasi/", "/laporan/kendala/"]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


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
