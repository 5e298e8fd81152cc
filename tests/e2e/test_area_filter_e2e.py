"""Choosing a kelurahan in a list filter fills the RT select with that kelurahan's RT, from
the JSON endpoint, without a page reload (issue 14; ``static/js/sigoro.js``)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_choosing_a_kelurahan_fills_the_rt_filter(phone_page, pangkalbalam):
    page = phone_page
    sign_in(page, "admin")
    page.goto("/permasalahan/")
    page.locator("details.filter-card summary").click()
    rt = page.locator("select[name=rt] option")
    expect(rt).to_have_count(1 + 12)  # a small area: every RT at first
    page.locator("select[name=kelurahan]").select_option(label="Kelurahan Lontong Pancur")
    expect(rt).to_have_count(1 + 6)
    labels = rt.all_inner_texts()[1:]
    assert all(label.endswith("/ Kelurahan Lontong Pancur") for label in labels), labels
    assert page.url.endswith("/permasalahan/")  # no reload
