import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from sigoro.models import Photo, Role, User
from stakeholder import services
from stakeholder.models import Delivery, Pledge, PledgeStatus, Stakeholder, SupportRequest, Swadaya
from tests.factories import TEST_PASSWORD, RTFactory, RWFactory
from tests.permasalahan.factories import NeedFactory, ProblemFactory
from tests.stakeholder.factories import StakeholderFactory, SwadayaFactory, stakeholder_type

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def pledge_of(support_request, stakeholder):
    """The stakeholder's answer to the request's first row."""
    return (
        Pledge.objects.filter(
            recipient__request=support_request, recipient__stakeholder=stakeholder
        )
        .order_by("item_id")
        .first()
    )


def pledged(stk, support_request, stakeholder, jumlah=200, nilai=600_000):
    pledge = pledge_of(support_request, stakeholder)
    services.recipient_answer(
        user=stk.admin,
        recipient=pledge.recipient,
        answers=[services.PledgeAnswer(pledge=pledge, jumlah=jumlah, nilai=nilai)],
    )
    pledge.refresh_from_db()
    return pledge


# -- registry -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"jenis": "TYPE:ormas"}, ["Karang Taruna Ketapang"], ["Dinas Lingkungan Hidup"]),
        ({"kelurahan": "OTHER"}, ["Karang Taruna Ketapang", "Dinas Lingkungan"], ["Koramil"]),
        ({"aktif": "0"}, ["Dinas Lingkungan Hidup"], ["Koramil", "Karang Taruna"]),
        ({"q": "koram"}, ["Koramil Pangkalbalam"], ["Dinas Lingkungan", "Karang Taruna"]),
    ],
)
def test_the_registry_filters(client, stk, query, shown, hidden):
    Stakeholder.objects.filter(pk=stk.dlh.pk).update(aktif=False)
    query = dict(query)
    if query.get("jenis"):
        query["jenis"] = stakeholder_type(query["jenis"].removeprefix("TYPE:")).pk
    if query.get("kelurahan"):
        query["kelurahan"] = stk.other_kelurahan.pk
    client.force_login(stk.admin)
    page = html(client.get(reverse("stakeholder:stakeholder-list"), query))
    for name in shown:
        assert name in page
    for name in hidden:
        assert name not in page


def test_the_lurah_reads_the_registry_but_does_not_edit_it(client, stk):
    client.force_login(stk.lurah)
    page = html(client.get(reverse("stakeholder:stakeholder-list")))
    assert "Koramil Pangkalbalam" in page and "Karang Taruna" not in page
    assert reverse("stakeholder:stakeholder-create") not in page
    detail = html(client.get(stk.koramil.get_absolute_url()))
    assert reverse("stakeholder:stakeholder-update", args=[stk.koramil.pk]) not in detail


def stakeholder_data(**overrides):
    data = {
        "jenis": stakeholder_type("bumn").pk,
        "nama": "PT Timah Tbk",
        "alamat": "Jl. Jenderal Sudirman 51",
        "kontak_nama": "Bagian CSR",
        "telepon": "0717 425202",
        "email": "csr@timah.example",
        "seluruh_kecamatan": "on",
        "aktif": "on",
        "idempotency_key": "form-1",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_stakeholder_and_a_double_submit_makes_one(client, stk):
    client.force_login(stk.admin)
    url = reverse("stakeholder:stakeholder-create")
    first = client.post(url, stakeholder_data())
    second = client.post(url, stakeholder_data())
    timah = Stakeholder.objects.get(nama="PT Timah Tbk")
    assert first["Location"] == second["Location"] == timah.get_absolute_url()
    assert (timah.kecamatan, timah.telepon, timah.jenis.kode) == (
        stk.kecamatan,
        "62717425202",
        "bumn",
    )
    assert timah.history.get().history_user == stk.admin


def test_a_duplicate_name_is_refused_in_indonesian_and_the_form_keeps_the_input(client, stk):
    client.force_login(stk.admin)
    response = client.post(
        reverse("stakeholder:stakeholder-create"),
        stakeholder_data(nama="dinas lingkungan hidup", idempotency_key="form-2"),
    )
    page = html(response)
    assert response.status_code == 200
    assert "Kecamatan ini sudah memiliki stakeholder dengan nama ini." in page
    assert 'value="dinas lingkungan hidup"' in page and 'value="Bagian CSR"' in page


def test_a_stakeholder_without_area_of_work_gets_a_field_error(client, stk):
    client.force_login(stk.admin)
    data = stakeholder_data()
    del data["seluruh_kecamatan"]
    page = html(client.post(reverse("stakeholder:stakeholder-create"), data))
    assert "Pilih paling sedikit satu kelurahan" in page
    data["kelurahan_layanan"] = [stk.kelurahan.pk]
    response = client.post(reverse("stakeholder:stakeholder-create"), data)
    assert response.status_code == 302
    timah = Stakeholder.objects.get(nama="PT Timah Tbk")
    assert list(timah.kelurahan_layanan.all()) == [stk.kelurahan]


def test_admin_edits_a_stakeholder(client, stk):
    client.force_login(stk.admin)
    url = reverse("stakeholder:stakeholder-update", args=[stk.dlh.pk])
    Stakeholder.objects.filter(pk=stk.dlh.pk).update(telepon="62717421101")
    page = html(client.get(url))
    assert 'value="Dinas Lingkungan Hidup"' in page and 'value="(0717) 421101"' in page
    data = stakeholder_data(jenis=stk.dlh.jenis.pk, nama="DLH Kota Pangkalpinang")
    del data["aktif"]
    assert client.post(url, data).status_code == 302
    stk.dlh.refresh_from_db()
    assert (stk.dlh.nama, stk.dlh.aktif) == ("DLH Kota Pangkalpinang", False)


def test_a_contact_login_is_created_and_sees_its_requests(client, stk):
    stk.request(stakeholders=[stk.dlh], perihal="Truk untuk RW 001")
    stk.request(stakeholders=[stk.koramil], perihal="Personel untuk RW 001")
    client.force_login(stk.admin)
    response = client.post(
        reverse("stakeholder:stakeholder-account", args=[stk.dlh.pk]),
        {
            "username": "kabid.dlh",
            "first_name": "Rahmat",
            "phone": "0813 7777 1234",
            "password": "Kerja-Bakti-Bersama-2026",
        },
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("login"), {"username": "0813-7777-1234", "password": "Kerja-Bakti-Bersama-2026"}
    )
    assert response.status_code == 302
    page = html(client.get(reverse("stakeholder:request-list")))
    assert "Truk untuk RW 001" in page and "Personel untuk RW 001" not in page


def test_a_taken_username_is_refused(client, stk):
    client.force_login(stk.admin)
    page = html(
        client.post(
            reverse("stakeholder:stakeholder-account", args=[stk.dlh.pk]),
            {"username": "MITRA", "first_name": "X", "password": "Kerja-Bakti-Bersama-2026"},
        )
    )
    assert "Nama pengguna ini sudah dipakai." in page


# -- requests -------------------------------------------------------------------------------


def request_data(stk, **overrides):
    data = {
        "kelurahan": stk.kelurahan.pk,
        "perihal": "Dukungan Jumat Bersih RW 001",
        "nomor_surat": "005/12/Kel/2026",
        "tanggal": "2026-11-02",
        "stakeholders": [stk.koramil.pk, stk.dlh.pk],
        "idempotency_key": "req-1",
        "baris-TOTAL_FORMS": "3",
        "baris-INITIAL_FORMS": "0",
        "baris-0-jenis": "tenaga",
        "baris-0-item": "Personel",
        "baris-0-jumlah": "20",
        "baris-0-satuan": "orang",
        "baris-1-jenis": "material",
        "baris-1-item": "Karung sampah",
        "baris-1-jumlah": "200",
        "baris-1-satuan": "buah",
    }
    data.update(overrides)
    return data


def test_the_lurah_makes_a_request_and_a_double_submit_makes_one(client, stk):
    client.force_login(stk.lurah)
    url = reverse("stakeholder:request-create")
    first = client.post(url, request_data(stk))
    second = client.post(url, request_data(stk))
    support_request = SupportRequest.objects.get()
    assert first["Location"] == second["Location"] == support_request.get_absolute_url()
    assert support_request.items.count() == 2
    assert Pledge.objects.filter(recipient__request=support_request).count() == 4
    assert support_request.dibuat_oleh == stk.lurah


def test_a_bad_request_row_gets_an_indonesian_error_and_keeps_the_input(client, stk):
    client.force_login(stk.lurah)
    response = client.post(
        reverse("stakeholder:request-create"),
        request_data(stk, **{"baris-1-jumlah": "banyak", "stakeholders": []}),
    )
    page = html(response)
    assert response.status_code == 200
    assert "Masukkan bilangan bulat" in page
    assert "Bidang ini tidak boleh kosong." in page  # no stakeholder chosen
    assert 'value="banyak"' in page and 'value="Dukungan Jumat Bersih RW 001"' in page
    assert not SupportRequest.objects.exists()


def test_a_request_without_rows_says_what_is_missing(client, stk):
    client.force_login(stk.lurah)
    empty_rows = {
        f"baris-{n}-{f}": "" for n in (0, 1) for f in ("jenis", "item", "jumlah", "satuan")
    }
    response = client.post(reverse("stakeholder:request-create"), request_data(stk, **empty_rows))
    page = html(response)
    assert "Tambahkan paling sedikit satu baris: apa yang diminta." in page
    assert 'value="Dukungan Jumat Bersih RW 001"' in page
    assert not SupportRequest.objects.exists()


def test_a_request_started_from_a_problem_takes_its_needs(client, stk):
    problem = ProblemFactory(rt=stk.world.home_rt)
    NeedFactory(problem=problem, jenis="alat", item="Cangkul", jumlah=12, satuan="buah")
    client.force_login(stk.lurah)
    page = html(client.get(reverse("stakeholder:request-create"), {"masalah": problem.kode}))
    assert 'value="Cangkul"' in page and 'value="12"' in page
    assert re.search(
        rf'<input type="checkbox"[^>]* name="problems" value="{problem.pk}"[^>]* checked', page
    )


def test_the_request_page_shows_each_answer_to_staff_and_only_its_own_to_a_contact(client, stk):
    support_request = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    pledged(stk, support_request, stk.dlh, 200, 600_000)
    client.force_login(stk.lurah)
    page = html(client.get(support_request.get_absolute_url()))
    assert "Koramil Pangkalbalam" in page and "Dinas Lingkungan Hidup" in page
    assert "Rp 600.000" in page
    client.force_login(stk.mitra)
    page = html(client.get(support_request.get_absolute_url()))
    assert "Koramil Pangkalbalam" in page
    assert "Dinas Lingkungan Hidup" not in page and "Rp 600.000" not in page


def test_a_contact_gets_404_for_another_stakeholders_request(client, stk):
    theirs = stk.request(user=stk.admin, stakeholders=[stk.dlh])
    recipient = theirs.recipients.get()
    client.force_login(stk.mitra)
    for url in (
        theirs.get_absolute_url(),
        reverse("stakeholder:recipient-letter", args=[recipient.pk]),
        reverse("stakeholder:recipient-answer", args=[recipient.pk]),
        reverse("stakeholder:stakeholder-detail", args=[stk.dlh.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("stakeholder:recipient-answer", args=[recipient.pk]),
        {"jawab-TOTAL_FORMS": "0", "jawab-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 404


def answer_data(pledge, jumlah, nilai, **extra):
    data = {
        "jawab-TOTAL_FORMS": "1",
        "jawab-INITIAL_FORMS": "1",
        "jawab-0-pledge": pledge.pk,
        "jawab-0-jumlah": jumlah,
        "jawab-0-nilai": nilai,
        "jawab-0-catatan": "",
        "jawaban": "Siap membantu.",
    }
    data.update(extra)
    return data


def test_a_contact_answers_through_its_login(client, stk):
    support_request = stk.request()
    pledge = pledge_of(support_request, stk.koramil)
    client.force_login(stk.mitra)
    url = reverse("stakeholder:recipient-answer", args=[pledge.recipient_id])
    page = html(client.get(url))
    assert "Karung sampah" in page and 'name="cara"' not in page  # no channel to choose
    response = client.post(url, answer_data(pledge, "150", "Rp 450.000"))
    assert response["Location"] == support_request.get_absolute_url()
    pledge.refresh_from_db()
    assert (pledge.status, pledge.jumlah_dijanjikan, pledge.nilai_dijanjikan) == (
        PledgeStatus.DIJANJIKAN,
        150,
        450_000,
    )
    assert (pledge.cara, pledge.history.first().history_user) == ("portal", stk.mitra)
    assert (
        pledge.recipient.__class__.objects.get(pk=pledge.recipient_id).jawaban == "Siap membantu."
    )


def test_an_empty_answer_is_refused_and_keeps_what_was_typed(client, stk):
    support_request = stk.request(
        items=[("material", "Karung sampah", 200, "buah"), ("alat", "Truk", 2, "unit")]
    )
    first, second = Pledge.objects.filter(recipient__request=support_request).order_by("pk")
    client.force_login(stk.mitra)
    url = reverse("stakeholder:recipient-answer", args=[first.recipient_id])
    data = {
        "jawab-TOTAL_FORMS": "2",
        "jawab-INITIAL_FORMS": "2",
        "jawab-0-pledge": first.pk,
        "jawab-0-jumlah": "",
        "jawab-0-nilai": "",
        "jawab-0-catatan": "",
        "jawab-1-pledge": second.pk,
        "jawab-1-jumlah": "",
        "jawab-1-nilai": "Rp 500.000",
        "jawab-1-catatan": "",
        "jawaban": "",
    }
    response = client.post(url, data, follow=True)
    page = html(response)
    assert response.redirect_chain == []
    assert "Belum ada yang tersimpan: isi jumlah yang disanggupi" in page
    assert "Jawaban telah disimpan" not in page
    assert 'value="Rp 500.000"' in page
    # A row's note without its quantity would be lost: the row asks for the quantity.
    data["jawab-1-catatan"] = "Menunggu persetujuan pimpinan"
    page = html(client.post(url, data))
    assert "Isi jumlah yang disanggupi untuk catatan ini (0 berarti menolak baris)." in page
    assert 'value="Menunggu persetujuan pimpinan"' in page
    assert set(Pledge.objects.values_list("status", flat=True)) == {PledgeStatus.DIMINTA}


def test_pledging_more_than_asked_is_confirmed_and_shown_on_the_request(client, stk):
    support_request = stk.request()  # 200 sacks asked
    pledge = pledge_of(support_request, stk.koramil)
    client.force_login(stk.mitra)
    url = reverse("stakeholder:recipient-answer", args=[pledge.recipient_id])
    page = html(client.post(url, answer_data(pledge, "1250", "Rp 3.750.000")))
    assert "Ini 1.050 buah lebih banyak daripada 200 buah yang diminta." in page
    assert "Ya, sanggupi lebih dari yang diminta" in page and 'value="1250"' in page
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DIMINTA

    response = client.post(
        url, answer_data(pledge, "1250", "Rp 3.750.000", **{"jawab-0-lebih": "on"})
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.jumlah_dijanjikan == 1250
    page = html(client.get(support_request.get_absolute_url()))
    assert "1.050 buah lebih dari yang diminta" in page
    # Opened again, the confirmation stays ticked: saving again needs no new question.
    assert re.search(r'name="jawab-0-lebih"[^>]* checked', html(client.get(url)))


def test_numbers_in_error_messages_are_grouped(client, stk):
    client.force_login(stk.lurah)
    page = html(
        client.post(
            reverse("stakeholder:request-create"),
            request_data(stk, **{"baris-1-jumlah": "2000000"}),
        )
    )
    assert "Isi paling banyak 1.000.000." in page and "1000000." not in page
    support_request = stk.request(items=[("material", "Karung sampah", 5000, "buah")])
    pledge = pledged(stk, support_request, stk.koramil, 5000, 5_000_000)
    services.delivery_record(
        user=stk.lurah,
        pledge=pledge,
        jumlah=2500,
        tanggal=pledge.tanggal_janji,
        diterima_oleh="Pak RT",
    )
    client.force_login(stk.mitra)
    page = html(
        client.post(
            reverse("stakeholder:recipient-answer", args=[pledge.recipient_id]),
            answer_data(pledge, "1000", "Rp 1.000.000"),
        )
    )
    assert "Sudah diserahkan 2.500 buah; sanggupi paling sedikit sebanyak itu." in page


def test_stakeholder_forms_render_through_crispy(client, stk):
    templates = Path(__file__).parents[2] / "stakeholder" / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "sigoro/_form.html" not in text and "sigoro/_field.html" not in text, template
    client.force_login(stk.admin)
    page = html(client.get(reverse("stakeholder:stakeholder-create")))
    # Crispy's wrapper and required mark; the kelurahan served in the scrolling box.
    assert '<div id="div_id_nama" class="mb-3">' in page
    assert 'Nama<span class="asteriskField">*</span>' in page
    box = r'<div class="choice-list">\s*<div class="form-check"><input type="checkbox" '
    assert re.search(box + r'class="form-check-input" name="kelurahan_layanan"', page)
    failed = html(client.post(reverse("stakeholder:stakeholder-create"), {"nama": ""}))
    assert failed.count("Mohon perbaiki isian yang ditandai di bawah.") == 1  # one alert, not two


@pytest.mark.parametrize("bad", ["1,5", "450.00", "Rp -5.000", "empat ratus ribu"])
def test_a_bad_rupiah_amount_is_refused_in_indonesian_and_kept_as_typed(client, stk, bad):
    pledge = pledge_of(stk.request(), stk.koramil)
    client.force_login(stk.mitra)
    response = client.post(
        reverse("stakeholder:recipient-answer", args=[pledge.recipient_id]),
        answer_data(pledge, "150", bad),
    )
    page = html(response)
    assert response.status_code == 200
    assert "Masukkan jumlah dalam Rupiah, misalnya 1.250.000." in page
    assert f'value="{bad}"' in page and 'value="150"' in page
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DIMINTA


def test_staff_record_an_answer_by_phone(client, stk):
    pledge = pledge_of(stk.request(), stk.koramil)
    client.force_login(stk.lurah)
    response = client.post(
        reverse("stakeholder:recipient-answer", args=[pledge.recipient_id]),
        answer_data(pledge, "0", "", tanggal="2026-11-01", cara="telepon"),
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.cara, str(pledge.tanggal_janji)) == (
        PledgeStatus.DITOLAK,
        "telepon",
        "2026-11-01",
    )


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("serah.jpg", buffer.getvalue(), content_type="image/jpeg")


def delivery_data(**overrides):
    data = {
        "jumlah": "120",
        "tanggal": "2026-11-03",
        "diterima_oleh": "Pak RT 001",
        "nilai": "",
        "catatan": "",
        "idempotency_key": "del-1",
    }
    data.update(overrides)
    return data


def test_the_lurah_records_a_partial_delivery_with_a_photo(client, stk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    support_request = stk.request()
    pledge = pledged(stk, support_request, stk.koramil)
    client.force_login(stk.lurah)
    url = reverse("stakeholder:delivery-create", args=[pledge.pk])
    assert 'value="200"' in html(client.get(url))  # what is still to come
    response = client.post(url, {**delivery_data(), "foto": jpeg()})
    assert response["Location"] == support_request.get_absolute_url()
    pledge.refresh_from_db()
    assert (pledge.status, pledge.jumlah_diterima, pledge.nilai_diterima) == (
        PledgeStatus.SEBAGIAN,
        120,
        360_000,
    )
    page = html(client.get(support_request.get_absolute_url()))
    assert "diterima sebagian" in page and "Rp 360.000" in page
    assert Delivery.objects.get().foto.thumb_url in page


def test_a_delivery_beyond_the_pledge_asks_for_a_confirmation_then_raises_the_pledge(client, stk):
    pledge = pledged(stk, stk.request(), stk.koramil)
    client.force_login(stk.lurah)
    url = reverse("stakeholder:delivery-create", args=[pledge.pk])
    assert 'name="lebih"' not in html(client.get(url))  # asked only when it is needed
    response = client.post(url, delivery_data(jumlah="250", nilai="Rp 1.000.000"))
    page = html(response)
    assert response.status_code == 200
    assert (
        "Tinggal 200 buah yang belum diterima (dijanjikan 200, sudah diterima 0). Jika "
        "stakeholder memang memberi 250 buah, konfirmasikan: janjinya lalu dinaikkan menjadi "
        "250 buah."
    ) in page
    assert "Ya, stakeholder memberi lebih dari yang dijanjikan: naikkan janjinya" in page
    assert 'value="Rp 1.000.000"' in page and 'value="Pak RT 001"' in page
    assert not Delivery.objects.exists()

    response = client.post(url, delivery_data(jumlah="250", nilai="Rp 1.000.000", lebih="on"))
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.jumlah_dijanjikan, pledge.jumlah_diterima, pledge.status) == (
        250,
        250,
        PledgeStatus.DITERIMA,
    )
    assert (pledge.nilai_dijanjikan, pledge.nilai_diterima) == (1_000_000, 1_000_000)


def test_a_good_photo_is_kept_when_the_delivery_form_comes_back(client, stk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    support_request = stk.request()
    pledge = pledged(stk, support_request, stk.koramil)
    # An earlier delivery without a photo (a NULL link) must not hide the kept photo.
    services.delivery_record(
        user=stk.lurah, pledge=pledge, jumlah=10, tanggal=pledge.tanggal_janji, diterima_oleh="X"
    )
    client.force_login(stk.lurah)
    url = reverse("stakeholder:delivery-create", args=[pledge.pk])
    response = client.post(url, {**delivery_data(diterima_oleh=""), "foto": jpeg()})
    page = html(response)
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong." in page
    kept = Photo.objects.get()
    assert f'name="foto_tersimpan" value="{kept.uuid.hex}"' in page
    assert 'data-testid="kept-photo"' in page and kept.thumb_url in page
    assert Delivery.objects.count() == 1

    # Sent again without choosing the photo again: the delivery takes the kept one.
    response = client.post(url, delivery_data(foto_tersimpan=kept.uuid.hex))
    assert response["Location"] == support_request.get_absolute_url()
    assert Delivery.objects.get(jumlah=120).foto == kept and Photo.objects.count() == 1


def test_another_users_kept_photo_is_not_taken(client, stk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = pledged(stk, stk.request(), stk.koramil)
    client.force_login(stk.admin)
    url = reverse("stakeholder:delivery-create", args=[pledge.pk])
    client.post(url, {**delivery_data(diterima_oleh=""), "foto": jpeg()})
    admins = Photo.objects.get()
    client.force_login(stk.lurah)
    client.post(url, delivery_data(foto_tersimpan=admins.uuid.hex, idempotency_key="del-2"))
    assert Delivery.objects.get().foto is None


def test_a_bad_photo_is_a_field_error_and_nothing_is_saved(client, stk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = pledged(stk, stk.request(), stk.koramil)
    client.force_login(stk.lurah)
    bad = SimpleUploadedFile("foto.jpg", b"bukan foto", content_type="image/jpeg")
    response = client.post(
        reverse("stakeholder:delivery-create", args=[pledge.pk]),
        {**delivery_data(), "foto": bad},
    )
    page = html(response)
    assert "Berkas ini bukan foto." in page and 'value="120"' in page
    assert not Delivery.objects.exists()


def test_the_request_letter_says_the_subject_once(client, stk):
    support_request = stk.request(perihal="Permohonan bantuan kerja bakti RW 001")
    client.force_login(stk.lurah)
    page = html(
        client.get(
            reverse("stakeholder:recipient-letter", args=[support_request.recipients.get().pk])
        )
    )
    assert "<strong>Permohonan bantuan kerja bakti RW 001</strong>" in page
    assert page.count("Permohonan") == 1


def test_the_request_letter(client, stk):
    support_request = stk.request(
        items=[("alat", "Truk sampah", 2, "unit"), ("konsumsi", "Nasi kotak", 100, "kotak")],
        nomor_surat="005/77/Kel/2026",
    )
    recipient = support_request.recipients.get()
    client.force_login(stk.mitra)
    page = html(client.get(reverse("stakeholder:recipient-letter", args=[recipient.pk])))
    for text in (
        "PEMERINTAH KOTA PANGKAL PINANG",
        "KELURAHAN AMPUI",
        "005/77/Kel/2026",
        "Kepada Yth.",
        "Koramil Pangkalbalam",
        "Dengan hormat,",
        "Truk sampah",
        "100 kotak",
        "Lurah Ampui",
    ):
        assert text in page, text
    assert "<script>" not in page and "style=" not in page  # the CSP allows neither


def test_the_summary_page(client, stk):
    support_request = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    pledged(stk, support_request, stk.dlh, 200, 1_250_000)
    SwadayaFactory(rt=stk.world.home_rt, nilai=750_000)
    client.force_login(stk.admin)
    page = html(client.get(reverse("stakeholder:summary")))
    assert "Rp 1.250.000" in page and "Rp 750.000" in page
    assert "Instansi pemerintah" in page and "Ampui" in page


# -- swadaya --------------------------------------------------------------------------------


def swadaya_data(rt, **overrides):
    data = {
        "rt": rt.pk,
        "tanggal": "2026-11-06",
        "acara": "Jumat Bersih",
        "jenis": "konsumsi",
        "item": "Nasi kotak",
        "jumlah": "60",
        "satuan": "kotak",
        "nilai": "900.000",
        "sumber": "warga",
        "idempotency_key": "sw-1",
    }
    data.update(overrides)
    return data


def test_an_rt_head_records_swadaya_once_and_sees_the_total(client, stk):
    client.force_login(stk.user(Role.KETUA_RT))
    url = reverse("stakeholder:swadaya-create")
    client.post(url, swadaya_data(stk.world.home_rt))
    client.post(url, swadaya_data(stk.world.home_rt))
    assert Swadaya.objects.get().nilai == 900_000
    page = html(client.get(reverse("stakeholder:swadaya-list")))
    assert "Nasi kotak" in page and "Rp 900.000" in page


def test_an_rt_head_cannot_record_swadaya_of_another_rt(client, stk):
    client.force_login(stk.user(Role.KETUA_RT))
    response = client.post(
        reverse("stakeholder:swadaya-create"),
        swadaya_data(stk.world.foreign_rt[Role.KETUA_RT], nilai="Rp 1,5 juta"),
    )
    page = html(response)
    assert "Pilih pilihan yang valid" in page or "Masukkan pilihan yang valid" in page
    assert "Masukkan jumlah dalam Rupiah" in page and 'value="Rp 1,5 juta"' in page
    assert not Swadaya.objects.exists()


def test_the_home_page_says_what_waits(client, stk):
    support_request = stk.request(stakeholders=[stk.koramil, stk.dlh])
    pledged(stk, support_request, stk.dlh)
    client.force_login(stk.mitra)
    assert "1 permintaan menunggu jawaban Anda." in html(client.get(reverse("home")))
    client.force_login(stk.lurah)
    page = html(client.get(reverse("home")))
    assert "1 barang yang dijanjikan stakeholder belum diterima." in page
    client.force_login(stk.user(Role.STAKEHOLDER))
    pledged(stk, support_request, stk.koramil)
    assert "menunggu jawaban" not in html(client.get(reverse("home")))


def test_menus_follow_the_role(client, stk):
    expectations = {
        Role.ADMIN_KECAMATAN: reverse("stakeholder:stakeholder-list"),
        Role.STAKEHOLDER: reverse("stakeholder:request-list"),
        Role.KETUA_RT: reverse("stakeholder:swadaya-list"),
    }
    for role, url in expectations.items():
        client.force_login(stk.user(role))
        assert f'href="{url}"' in html(client.get(reverse("home"))), role


# -- query counts do not grow with rows ------------------------------------------------------


def grow(stk, n=6):
    """More stakeholders, requests with answered and delivered rows, and swadaya."""
    kelurahan = stk.kelurahan
    rw = RWFactory(kelurahan=kelurahan, nomor=50)
    for i in range(n):
        stakeholder = StakeholderFactory(
            kecamatan=stk.kecamatan, nama=f"Mitra Tambahan {i}", kelurahan=[kelurahan]
        )
        support_request = stk.request(
            user=stk.admin,
            stakeholders=[stk.koramil, stk.dlh, stakeholder],
            items=[("alat", "Cangkul", 10, "buah"), ("material", "Karung", 50, "buah")],
        )
        pledge = pledged(stk, support_request, stk.koramil, 10, 100_000)
        services.delivery_record(
            user=stk.admin,
            pledge=pledge,
            jumlah=4,
            tanggal=pledge.tanggal_janji,
            diterima_oleh="Pak Lurah",
        )
        SwadayaFactory(rt=RTFactory(rw=rw, nomor=i + 1), nilai=100_000 * (i + 1))


PAGES = [
    ("stakeholder:stakeholder-list", Role.ADMIN_KECAMATAN, None),
    ("stakeholder:stakeholder-detail", Role.LURAH, "koramil"),
    ("stakeholder:stakeholder-detail", Role.STAKEHOLDER, "koramil"),
    ("stakeholder:request-list", Role.ADMIN_KECAMATAN, None),
    ("stakeholder:request-list", Role.STAKEHOLDER, None),
    ("stakeholder:request-detail", Role.LURAH, "request"),
    ("stakeholder:recipient-answer", Role.STAKEHOLDER, "recipient"),
    ("stakeholder:summary", Role.ADMIN_KECAMATAN, None),
    ("stakeholder:swadaya-list", Role.LURAH, None),
]


@pytest.mark.parametrize(("name", "role", "obj"), PAGES, ids=[f"{n}-{r}" for n, r, _ in PAGES])
def test_query_count_does_not_grow_with_rows(
    client, stk, django_assert_max_num_queries, name, role, obj
):
    support_request = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    pledged(stk, support_request, stk.koramil, 100, 300_000)
    SwadayaFactory(rt=stk.world.home_rt)
    kwargs = {
        None: None,
        "koramil": {"pk": stk.koramil.pk},
        "request": {"pk": support_request.pk},
        "recipient": {"pk": support_request.recipients.get(stakeholder=stk.koramil).pk},
    }[obj]
    url = reverse(name, kwargs=kwargs)
    client.force_login(stk.user(role))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(stk)
    if obj == "request":  # the same request, with more on it
        for extra in Stakeholder.objects.filter(nama__startswith="Mitra Tambahan")[:3]:
            services.request_update(
                user=stk.admin,
                support_request=support_request,
                items=[
                    services.ItemRow(i.jenis, i.item, i.jumlah, i.satuan, i.pk)
                    for i in support_request.items.all()
                ],
                stakeholders=[r.stakeholder for r in support_request.recipients.all()] + [extra],
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(16):
        client.get(url)


def test_the_demo_contact_signs_in_and_sees_the_koramil(client, db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    mitra = User.objects.get(username="mitra")
    assert mitra.stakeholder_contact.stakeholder.nama == "Koramil Pangkalbalam"
    # django-axes checks each sign-in against its request: give the test client's one.
    assert client.login(request=HttpRequest(), username="mitra", password="sigoro-demo")
    page = html(client.get(reverse("stakeholder:request-list")))
    assert "Dukungan Jumat Bersih RW 002 Ampui" in page
    assert "Normalisasi drainase" not in page  # asked of PT Timah and Bank Sumsel Babel only
    assert TEST_PASSWORD  # the shared factories' password is not the demo's


def test_a_kept_photo_is_taken_only_by_the_session_that_kept_it(client, stk, settings, tmp_path):
    """Issue #10 finding 4: a photo's uuid alone does not attach it, even for its uploader."""
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    pledge = pledged(stk, stk.request(), stk.koramil)
    url = reverse("stakeholder:delivery-create", args=[pledge.pk])
    other_browser = Client()
    other_browser.force_login(stk.lurah)
    other_browser.post(url, {**delivery_data(diterima_oleh=""), "foto": jpeg()})
    kept = Photo.objects.get()
    client.force_login(stk.lurah)
    response = client.post(url, delivery_data(foto_tersimpan=kept.uuid.hex))
    assert response.status_code == 302
    assert Delivery.objects.get().foto is None
