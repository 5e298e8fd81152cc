"""A lurah drafts and submits a Rencana Aksi on a phone; the camat returns it with a note on
the office desktop; the lurah edits and resubmits; the camat approves; residents see it on
the public schedule (and never the person in charge's phone)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kegiatan.defaults import ensure_default_activity_types
from kegiatan.models import ActivityType, RencanaAksi
from sigoro.models import Role
from tests.e2e.helpers import sign_in
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ampui():
    # A transactional test elsewhere may have flushed the migrated rows: put them back.
    ensure_default_activity_types(ActivityType)
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    UserFactory(username="lurah", first_name="Hendra", role=Role.LURAH, kelurahan=kelurahan)
    UserFactory(username="camat", first_name="Purnamawan", role=Role.CAMAT,
                kecamatan=kelurahan.kecamatan)  # fmt: skip
    return rt


def test_lurah_submits_camat_returns_lurah_resubmits_camat_approves_public_sees_it(
    browser, live_server, ampui
):
    day = timezone.localdate() + datetime.timedelta(days=5)
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    office = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live_server.url, locale="id-ID"
    )
    lurah, camat = phone.new_page(), office.new_page()

    # The lurah drafts the plan on a phone, then submits it.
    sign_in(lurah, "lurah")
    lurah.goto("/rencana/baru/")
    expect(lurah.get_by_role("heading", name="Rencana Aksi baru")).to_be_visible()
    lurah.get_by_label("Judul").fill("Kerja bakti got Gg. Melati")
    lurah.get_by_label("Tanggal").fill(day.isoformat())
    lurah.get_by_label("Jam mulai").fill("07:00")
    lurah.get_by_label("Jam selesai").fill("09:00")
    lurah.get_by_label("Normalisasi drainase").check()
    lurah.locator("select[name='lokasi-0-rt']").select_option(label="RT 003 / RW 002")
    lurah.locator("input[name='lokasi-0-titik_kumpul']").fill("Depan Musala Al-Ikhlas")
    lurah.get_by_label("Warga", exact=True).fill("30")
    lurah.get_by_label("Penanggung jawab", exact=True).fill("Pak Rahmat")
    lurah.get_by_label("HP penanggung jawab").fill("0812-3456-7890")
    assert lurah.evaluate("document.documentElement.scrollWidth") <= 360
    lurah.get_by_role("button", name="Simpan sebagai draf").click()
    expect(lurah.get_by_text("Rencana Aksi disimpan sebagai draf.")).to_be_visible()
    expect(lurah.get_by_test_id("plan-status")).to_have_text("draf")
    lurah.get_by_role("button", name="Ajukan", exact=True).click()
    expect(lurah.get_by_test_id("plan-status")).to_have_text("diajukan")
    plan = RencanaAksi.objects.get()

    # The camat finds it in the queue and returns it with a note.
    sign_in(camat, "camat")
    expect(camat.get_by_text("1 Rencana Aksi menunggu persetujuan.")).to_be_visible()
    camat.goto("/rencana/persetujuan/")
    camat.get_by_test_id("queue").get_by_role("link", name="Periksa").click()
    camat.get_by_label("Apa yang perlu diperbaiki kelurahan?").fill(
        "Titik kumpul kurang jelas, mohon sebutkan nama jalan."
    )
    camat.get_by_role("button", name="Kembalikan dengan catatan ini").click()
    expect(camat.get_by_test_id("plan-status")).to_have_text("dikembalikan")

    # The lurah reads the note, edits and resubmits in one go.
    lurah.goto(plan.get_absolute_url())
    expect(lurah.get_by_test_id("return-note")).to_contain_text("Titik kumpul kurang jelas")
    lurah.get_by_role("link", name="Ubah rencana").click()
    lurah.locator("input[name='lokasi-0-titik_kumpul']").fill("Depan Musala Al-Ikhlas, Jl. Melati")
    lurah.get_by_role("button", name="Simpan dan ajukan ke camat").click()
    expect(lurah.get_by_text("Rencana Aksi sudah diajukan ke camat.")).to_be_visible()
    expect(lurah.get_by_test_id("plan-status")).to_have_text("diajukan")

    # The camat approves it.
    camat.goto("/rencana/persetujuan/")
    camat.get_by_test_id("queue").get_by_role("link", name="Periksa").click()
    expect(camat.get_by_text("Depan Musala Al-Ikhlas, Jl. Melati")).to_be_visible()
    camat.get_by_role("button", name="Setujui rencana").click()
    expect(camat.get_by_text("Rencana Aksi disetujui.")).to_be_visible()
    expect(camat.get_by_test_id("plan-status")).to_have_text("disetujui")
    timeline = camat.get_by_test_id("timeline")
    expect(timeline).to_contain_text("diajukan → dikembalikan")
    expect(timeline).to_contain_text("dikembalikan → diajukan")
    expect(timeline).to_contain_text("diajukan → disetujui")

    # A resident sees it on the public schedule of Ampui, without personal data.
    warga = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    public = warga.new_page()
    public.goto("/jadwal/")
    public.get_by_role("link", name="Kelurahan Ampui").click()
    upcoming = public.get_by_test_id("public-upcoming")
    expect(upcoming).to_contain_text("Kerja bakti got Gg. Melati")
    expect(upcoming).to_contain_text("RT 003 / RW 002 · Depan Musala Al-Ikhlas, Jl. Melati")
    expect(upcoming).to_contain_text("07.00–09.00 WIB")
    expect(public.get_by_text("0812-3456-7890")).to_have_count(0)
    expect(public.get_by_text("Pak Rahmat")).to_have_count(0)
    assert public.evaluate("document.documentElement.scrollWidth") <= 360
    for context in (phone, office, warga):
        context.close()
