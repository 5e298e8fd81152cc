"""The admin kecamatan issues an Open311 API key in the browser: the key is shown once,
the page passes axe-core at 360 px and 1366 px, and revoking it marks the row."""

import pytest
from playwright.sync_api import expect

from open311.models import ApiClient
from open311.selectors import api_key_hash
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility_e2e import AXE, RUN_AXE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_admin_issues_and_revokes_a_key(axe_page, world):
    page = axe_page
    sign_in(page, "admin")
    page.goto("/open311/klien/")
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []

    page.locator("#id_nama").fill("Adapter SP4N-LAPOR!")
    page.get_by_test_id("client-form").get_by_role("button").click()
    key = page.locator("#new-api-key").inner_text().strip()
    created = ApiClient.objects.get()
    assert created.kunci_hash == api_key_hash(key)
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []
    # No wider than the screen, even with the long key.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.reload()
    expect(page.locator("#new-api-key")).to_have_count(0)
    page.get_by_test_id(f"client-{created.pk}").get_by_role("button").click()
    created.refresh_from_db()
    assert not created.aktif
    expect(page.get_by_test_id(f"client-{created.pk}").get_by_role("button")).to_have_count(0)
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []
