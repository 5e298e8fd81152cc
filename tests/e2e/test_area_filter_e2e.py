"""Choosing a kelurahan in a list filter fills the RT select with that kelurahan's RT, from
the JSON endpoint, without a page reload (issue 14; ``static/js/sigoro.js``)."""

import pytest
from playwright.sync_api import expect

from sigoro.models import Role
from tests.factories import (
    TEST_PASSWORD,
    KecamatanFactory,
    KelurahanFactory,
    RTFactory,
    RWFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def pangkalbalam():
    kecamatan = KecamatanFactory(nama="Pangkalbalam")
    for nama in ("Ampui", "Lontong Pancur"):
        kelurahan = KelurahanFactory(kecamatan=kecamatan, nama=nama)
        for rw_nomor in (1, 2):
            rw = RWFactory(kelurahan=kelurahan, nomor=rw_nomor)
            for rt_nomor in (1, 2, 3):
                RTFactory(rw=rw, nomor=rt_nomor)
    UserFactory(username="admin", role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    return kecamatan


def test_choosing_a_kelurahan_fills_the_rt_filter(phone_page, pangkalbalam):
    page = phone_page
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna atau nomor HP").fill("admin")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Kata sandi")).to_have_count(0)

    page.goto("/permasalahan/")
    page.locator("details.filter-card summary").click()
    rt = page.locator("select[name=rt] option")
    expect(rt).to_have_count(1 + 12)  # a small area: every RT at first
    page.locator("select[name=kelurahan]").select_option(label="Kelurahan Lontong Pancur")
    expect(rt).to_have_count(1 + 6)
    labels = rt.all_inner_texts()[1:]
    assert all(label.endswith("/ Kelurahan Lontong Pancur") for label in labels), labels
    assert page.url.endswith("/permasalahan/")  # no reload
