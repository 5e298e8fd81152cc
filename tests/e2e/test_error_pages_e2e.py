"""The plain error pages (404, 503) pass axe-core's WCAG 2 A and AA rules at 360 and
1366 px, like every other page. The 503 page is met through a view that finds the
database unreachable (tests/sigoro/unavailable_urls.py)."""

import pytest

from tests.e2e.test_accessibility_e2e import AXE, RUN_AXE

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.sigoro.unavailable_urls")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("path", "status", "test_id"),
    [
        ("/uji/db-mati/", 503, "service-unavailable"),
        ("/tidak-ada-halaman-ini/", 404, None),
    ],
)
def test_error_pages_have_no_wcag_a_or_aa_violation(axe_page, path, status, test_id):
    response = axe_page.goto(path)
    assert response.status == status
    if test_id:
        assert axe_page.get_by_test_id(test_id).is_visible()
    axe_page.add_script_tag(content=AXE)
    assert axe_page.evaluate(RUN_AXE) == []
