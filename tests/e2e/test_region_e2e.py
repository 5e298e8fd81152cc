"""The region pages on a 360 px phone: nothing scrolls sideways, neither the page nor a
table inside it, and the edit button of every RT is on screen."""

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every element that scrolls sideways: the page itself or a box inside it (a table wrapper).
SIDEWAYS = """() => [document.documentElement, ...document.querySelectorAll('body *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden'
                 && (e === document.documentElement || getComputedStyle(e).overflowX !== 'visible'))
    .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""


def test_region_and_kelurahan_pages_fit_a_phone(phone_page, pangkalbalam):
    page = phone_page
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna atau nomor HP").fill("admin")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Kata sandi")).to_have_count(0)

    page.goto("/wilayah/")
    expect(page.get_by_role("heading", name="Wilayah")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(SIDEWAYS) == []
    expect(page.get_by_text("RT 013 / RW 012").first).to_be_visible()
    edit = page.get_by_role("link", name="Ubah RT 013 / RW 012").first
    box = edit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360

    page.get_by_role("link", name="Lontong Pancur").first.click()
    expect(page.get_by_role("heading", name="Kelurahan Lontong Pancur")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(SIDEWAYS) == []
