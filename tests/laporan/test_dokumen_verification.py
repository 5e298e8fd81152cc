"""The public verification page (/verifikasi/<kode>/), signed copies, the archive's scope,
and ``terbilang``."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laporan.dokumen import selectors
from laporan.models import DocumentStatus, GeneratedDocument
from sigoro.formats import tanggal_terbilang, terbilang
from sigoro.models import Role
from tests.laporan.factories import PDF_BYTES, document_in
from tests.photo_samples import camera_jpeg, upload


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (15, "lima belas"),
        (20, "dua puluh"),
        (31, "tiga puluh satu"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1945, "seribu sembilan ratus empat puluh lima"),
        (2026, "dua ribu dua puluh enam"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (1250000, "satu juta dua ratus lima puluh ribu"),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_tanggal_terbilang():
    assert tanggal_terbilang(datetime.date(2026, 11, 20)) == (
        "Jumat tanggal dua puluh bulan November tahun dua ribu dua puluh enam"
    )
    assert tanggal_terbilang(datetime.date(2027, 1, 1)) == (
        "Jumat tanggal satu bulan Januari tahun dua ribu dua puluh tujuh"
    )


def test_codes_are_typed_forgivingly_and_carry_50_bits():
    assert len(selectors.CODE_ALPHABET) ** selectors.CODE_LENGTH == 2**50
    assert selectors.normalise_code("7kq2m xd9pa") == "7KQ2M-XD9PA"
    assert selectors.normalise_code("7KQ2M-XD9PA") == "7KQ2M-XD9PA"
    assert selectors.normalise_code("7KQ2M-XD9P") == ""  # too short
    assert selectors.normalise_code("7KQ2M-XD9P0") == ""  # 0 is not in the alphabet


@pytest.mark.django_db
def test_verification_page_shows_the_document(client, world):
    document = document_in(world.home_rt)
    response = client.get(reverse("verification", kwargs={"kode": document.kode}))
    page = response.content.decode()
    assert response.status_code == 200
    assert document.title in page
    assert document.sha256 in page
    assert world.home_rt.kelurahan.nama in page
    assert document.diminta_oleh.username in page or document.diminta_oleh.get_full_name() in page


@pytest.mark.django_db
def test_a_made_up_code_is_404_and_so_is_an_unfinished_document(client, world):
    assert client.get(reverse("verification", kwargs={"kode": "ABCDE-FGHJK"})).status_code == 404
    assert client.get(reverse("verification", kwargs={"kode": "nonsense"})).status_code == 404
    queued = document_in(world.home_rt, status=DocumentStatus.QUEUED)
    assert client.get(reverse("verification", kwargs={"kode": queued.kode})).status_code == 404


@pytest.mark.django_db
def test_uploading_the_file_checks_its_hash(client, world):
    document = document_in(world.home_rt)
    url = reverse("verification", kwargs={"kode": document.kode})
    same = client.post(url, {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    assert 'data-match="1"' in same.content.decode()
    forged = client.post(url, {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES + b" ")})
    page = forged.content.decode()
    assert 'data-match="0"' in page
    assert hashlib.sha256(PDF_BYTES + b" ").hexdigest() in page
    assert GeneratedDocument.objects.get().sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


@pytest.mark.django_db
def test_lookup_form_redirects_to_the_code(client):
    response = client.get(reverse("verification-lookup"), {"kode": "7kq2m xd9pa"})
    assert response.status_code == 302
    assert response["Location"] == reverse("verification", kwargs={"kode": "7KQ2M-XD9PA"})
    bad = client.get(reverse("verification-lookup"), {"kode": "123"})
    assert bad.status_code == 200 and 'id="id_kode"' in bad.content.decode()


@pytest.mark.django_db
def test_signed_copy_pdf_is_kept_beside_the_document(client, world):
    document = document_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    scan = PDF_BYTES + b"% signed and stamped\n"
    response = client.post(
        reverse("laporan:document-attach-copy", kwargs={"pk": document.pk}),
        {"berkas": SimpleUploadedFile("scan.pdf", scan)},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.salinan_sha256 == hashlib.sha256(scan).hexdigest()
    assert document.salinan_oleh == world.users[Role.LURAH]
    archive = client.get(reverse("laporan:document-list")).content.decode()
    assert 'data-testid="signed-copy"' in archive
    public = client.get(reverse("verification", kwargs={"kode": document.kode})).content.decode()
    assert document.salinan_sha256 in public
    copy = client.get(reverse("laporan:document-signed-copy", kwargs={"pk": document.pk}))
    assert b"".join(copy.streaming_content) == scan


@pytest.mark.django_db
def test_signed_copy_photo_goes_through_the_photo_pipeline(client, world):
    document = document_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    client.post(
        reverse("laporan:document-attach-copy", kwargs={"pk": document.pk}),
        {"berkas": upload(camera_jpeg(orientation=1))},
    )
    document.refresh_from_db()
    assert document.salinan_foto is not None
    photo_url = document.salinan_foto.web_url
    assert client.get(photo_url).status_code == 200
    client.force_login(world.users[Role.KETUA_RT])  # not an office role: no documents
    assert client.get(photo_url).status_code == 404


@pytest.mark.django_db
def test_a_bad_signed_copy_is_refused_in_indonesian_without_a_500(client, world):
    document = document_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        reverse("laporan:document-attach-copy", kwargs={"pk": document.pk}),
        {"berkas": SimpleUploadedFile("scan.txt", b"not a scan at all")},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    document.refresh_from_db()
    assert not document.has_signed_copy


@pytest.mark.django_db
def test_archive_lists_only_the_users_area(client, world):
    home = document_in(world.home_rt)
    other_kelurahan = document_in(world.foreign_rt[Role.LURAH])
    other_kecamatan = document_in(world.other_kecamatan_rt)
    lurah, admin = world.users[Role.LURAH], world.users[Role.ADMIN_KECAMATAN]
    assert set(selectors.document_list(user=lurah)) == {home}
    assert set(selectors.document_list(user=admin)) == {home, other_kelurahan}
    assert not selectors.document_list(user=world.users[Role.KETUA_RT]).exists()
    assert other_kecamatan not in selectors.document_list(user=admin)


@pytest.mark.django_db
def test_stalled_documents_may_be_retried(world, settings):
    settings.DOCUMENT_STALLED_AFTER = 600
    document = document_in(world.home_rt, status=DocumentStatus.RUNNING)
    start = document.diminta_pada
    assert not selectors.document_can_retry(document, now=start + datetime.timedelta(minutes=5))
    assert selectors.document_can_retry(document, now=start + datetime.timedelta(minutes=10))
    done = document_in(world.home_rt)
    assert not selectors.document_can_retry(done, now=start + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_archive_queries_do_not_grow_with_documents(client, world, django_assert_max_num_queries):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    for _ in range(3):
        document_in(world.home_rt)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("laporan:document-list"))
    for _ in range(30):
        document_in(world.foreign_rt[Role.LURAH], status=DocumentStatus.FAILED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("laporan:document-list")).content.decode()
    assert page.count('data-testid="document-') == 33


@pytest.mark.django_db
def test_the_kecamatan_administrator_keeps_the_letterhead(client, world):
    from laporan.dokumen.selectors import kop_surat_for
    from laporan.models import KopSurat

    url = reverse("laporan:letterhead-update")
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.post(
        url,
        {
            "pemerintah": "PEMERINTAH KOTA PANGKALPINANG",
            "nama_kantor": "KECAMATAN PANGKALBALAM",
            "kota_surat": "Pangkalpinang",
            "logo": upload(camera_jpeg(orientation=1), name="logo.jpg"),
        },
    )
    assert response.status_code == 302
    kop = KopSurat.objects.get(kecamatan=world.home_rt.kelurahan.kecamatan)
    letterhead = kop_surat_for(kop.kecamatan)
    assert letterhead.nama_kantor == "KECAMATAN PANGKALBALAM"
    assert letterhead.logo_path.endswith(".jpg")
    # A form without the office name keeps what was typed and says what is missing.
    again = client.post(url, {"pemerintah": "PEMERINTAH KOTA PANGKALPINANG", "nama_kantor": ""})
    assert again.status_code == 200
    assert 'value="PEMERINTAH KOTA PANGKALPINANG"' in again.content.decode()
    client.force_login(world.users[Role.LURAH])
    assert client.get(url).status_code == 403
