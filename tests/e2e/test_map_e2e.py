"""The problems map in a browser, loaded by viewport: with more problems in view than the
single-problem limit the server sends clusters, drawn as discs with their counts that zoom
in when selected; the page passes axe-core's WCAG 2 A/AA rules with clusters on it.

The limit is lowered for the module (the live server runs in this process) so that the
Pangkalbalam demo's few dozen open problems come as clusters.
"""

import pytest

from permasalahan import selectors
from permasalahan.models import Problem
from permasalahan.selectors import MAP_STATUSES
from tests.e2e.test_accessibility_e2e import AXE, RUN_AXE

pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _live_server_helper(committed_live_server_helper):
    """Replace pytest-django's helper of the same name: no flush after each test."""


@pytest.fixture
def demo(committed_demo):
    """The demo, loaded once for the module (tests/e2e/conftest.py)."""


@pytest.fixture
def few_points(monkeypatch):
    monkeypatch.setattr(selectors, "MAP_POINT_LIMIT", 3)


# The map fetches again (debounced) after it fits its bounds: wait until the discs drawn
# and the count shown come from the same answer.
SETTLED = """() => {
  const discs = [...document.querySelectorAll('[data-cluster-count]')];
  const sum = discs.reduce((total, disc) => total + Number(disc.textContent), 0);
  const shown = document.querySelector('[data-map-count]');
  return sum > 0 && shown !== null && shown.textContent.includes(String(sum));
}"""


def wait_for_map(page, *, clusters=False):
    page.wait_for_selector("#peta[data-loaded='1']")
    page.wait_for_load_state("networkidle")
    if clusters:
        page.wait_for_function(SETTLED)


def test_clusters_add_up_and_zoom_in_when_selected(phone_page, demo, few_points):
    page = phone_page
    on_map = Problem.objects.filter(status__in=MAP_STATUSES, lat__isnull=False).count()
    assert on_map > 3
    page.goto("/peta/")
    wait_for_map(page, clusters=True)
    counts = [int(t) for t in page.locator("[data-cluster-count]").all_inner_texts()]
    assert counts and sum(counts) <= on_map
    shown = page.locator("[data-map-count]").inner_text()
    assert shown.split(":")[1].split(".")[0].strip() == str(sum(counts))
    with page.expect_response(lambda r: "data.geojson" in r.url and "bbox=" in r.url) as answer:
        page.locator(".map-cluster").first.click()
    assert answer.value.status == 200
    assert "zoom=" in answer.value.url


def test_the_map_with_clusters_has_no_wcag_a_or_aa_violation(axe_page, demo, few_points):
    page = axe_page
    page.goto("/peta/")
    wait_for_map(page)
    assert page.locator(".map-cluster").count() > 0
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []
