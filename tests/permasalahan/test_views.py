import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import page_not_found
from PIL import Image

from permasalahan.models import Problem, ProblemEvent, Status
from sigoro.models import Photo, Role
from tests.permasalahan.factories import (
    REPORTER_KEY,
    NeedFactory,
    ProblemFactory,
    ResolvedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, is_upright_marked, upload

pytestmark = pytest.mark.django_db

REPORT = reverse("permasalahan:report")


def report_data(home_rt, **extra):
    data = {
        "kategori": category().pk,
        "rt": home_rt.pk,
        "alamat": "Gg. Melati, depan masjid",
        "deskripsi": "Sampah menumpuk sudah seminggu",
        "nama": "Budi",
        "hp": "0812-3456-7890",
        "idempotency_key": "k-1",
        "website": "",
    }
    data.update(extra)
    return data


def post_report(client, data, photos=(), **extra):
    files = {"foto": list(photos)} if photos else {}
    return client.post(REPORT, {**data, **files}, **extra)


# -- the public report ----------------------------------------------------------------------


def test_report_form_is_indonesian_with_camera_input(client, world):
    html = client.get(REPORT, follow=True).content.decode()
    assert "Laporkan masalah kebersihan" in html
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'name="idempotency_key"' in html
    assert "RT 001 / RW 001" in html  # RT listed, grouped by kelurahan and RW


def test_report_with_rotated_photo_is_upright_and_stripped_on_the_public_page(client, world):
    jpeg = camera_jpeg(orientation=6, lat=-2.0921, lon=106.1389)
    data = report_data(world.home_rt, pakai_lokasi_foto="on")
    response = post_report(client, data, [upload(jpeg)])
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert response["Location"] == reverse("permasalahan:track", args=[problem.kode]) + "?baru=1"
    assert (problem.pelapor_nama, problem.pelapor_hp) == ("Budi", "6281234567890")
    assert problem.lat == pytest.approx(-2.0921, abs=1e-4)  # from the photo's EXIF GPS, ticked

    page = client.get(response["Location"]).content.decode()
    assert problem.kode in page
    assert "Budi" not in page and "3456" not in page  # reporter stays private
    src = re.search(r'<img src="([^"]+)"[^>]*data-testid="public-photo"', page).group(1)
    served = Image.open(io.BytesIO(b"".join(client.get(src).streaming_content)))
    assert is_upright_marked(served)
    assert not served.getexif() and "exif" not in served.info and "icc_profile" not in served.info


@pytest.mark.parametrize(
    ("change", "photos", "field", "message"),
    [
        ({}, "none", "foto", "Tambahkan minimal satu foto masalahnya."),
        ({"rt": ""}, "good", "rt", "Pilih RT (kelurahan, RW, RT), atau tandai titiknya di peta."),
        ({"alamat": ""}, "good", "alamat", "Bidang ini tidak boleh kosong."),
        ({"hp": "12345"}, "good", "hp", "Masukkan nomor HP Indonesia yang benar"),
        ({}, "html", "foto", "bukan foto"),
        ({}, "truncated", "foto", "rusak"),
    ],
)
def test_bad_input_gets_indonesian_error_and_keeps_what_was_typed(
    client, world, change, photos, field, message
):
    files = {
        "good": [upload(camera_jpeg(1))],
        "html": [upload(b"<html><body>not a photo</body></html>", "foto.jpg")],
        "truncated": [upload(camera_jpeg(1)[:2000])],
    }.get(photos, [])
    data = report_data(world.home_rt, deskripsi="Got tersumbat di Jl. Kenanga", **change)
    response = post_report(client, data, files)
    html = response.content.decode()
    assert response.status_code == 200
    assert message.lower() in html.lower(), html[:3000]
    assert "Got tersumbat di Jl. Kenanga" in html
    assert Problem.objects.count() == 0


def test_oversized_photo_is_refused(client, world, settings):
    settings.PHOTO_MAX_BYTES = 20_000
    big = camera_jpeg(1, width=1200, height=900)
    assert len(big) > 20_000
    response = post_report(client, report_data(world.home_rt), [upload(big)])
    html = response.content.decode()
    assert "melebihi batas" in html
    assert Problem.objects.count() == 0 and Photo.objects.count() == 0


def test_a_good_photo_is_kept_when_another_field_fails(client, world):
    data = report_data(world.home_rt, alamat="")
    html = post_report(client, data, [upload(camera_jpeg(1))]).content.decode()
    kept = re.search(r'name="foto_tersimpan" value="([0-9a-f,]+)"', html).group(1)
    assert "1 foto sudah tersimpan" in html
    response = post_report(client, {**data, "alamat": "Gg. Mawar", "foto_tersimpan": kept})
    assert response.status_code == 302
    assert Problem.objects.get().photos.count() == 1


def test_double_submit_makes_one_report(client, world):
    data = report_data(world.home_rt)
    first = post_report(client, data, [upload(camera_jpeg(1))])
    second = post_report(client, data, [upload(camera_jpeg(1))])
    assert first["Location"] == second["Location"]
    assert Problem.objects.count() == 1


def test_rate_limit_per_address(client, world, settings):
    settings.PUBLIC_REPORT_RATE = "2/h"
    for n in range(2):
        post_report(
            client, report_data(world.home_rt, idempotency_key=f"k{n}"), [upload(camera_jpeg(1))]
        )
    response = post_report(
        client,
        report_data(world.home_rt, idempotency_key="k3", deskripsi="Ketiga"),
        [upload(camera_jpeg(1))],
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak laporan" in html and "Ketiga" in html
    assert Problem.objects.count() == 2
    other = post_report(
        client,
        report_data(world.home_rt, idempotency_key="k4"),
        [upload(camera_jpeg(1))],
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


def test_honeypot_filled_by_a_robot_creates_nothing(client, world):
    response = post_report(
        client, report_data(world.home_rt, website="http://spam.example"), [upload(camera_jpeg(1))]
    )
    assert response.status_code == 200 and Problem.objects.count() == 0


def test_map_point_finds_the_rt(client, world):
    world.home_rt.lat, world.home_rt.lon = -2.0921, 106.1389
    world.home_rt.save()
    data = report_data(world.home_rt, rt="", lat="-2.0925", lon="106.1391")
    response = post_report(client, data, [upload(camera_jpeg(1))])
    assert response.status_code == 302
    assert Problem.objects.get().rt == world.home_rt


def test_similar_open_problems_are_offered(client, world):
    near = ProblemFactory(rt=world.home_rt, lat=-2.0921, lon=106.1389)
    ProblemFactory(rt=world.foreign_rt[Role.LURAH], lat=-2.2, lon=106.3)
    url = reverse("permasalahan:report-similar")
    html = client.get(url, {"kategori": category().pk, "lat": "-2.0923", "lon": "106.1390"}).content
    assert near.kode in html.decode()
    assert "Saya juga melihat ini" in html.decode()


# -- tracking page --------------------------------------------------------------------------


def test_track_shows_status_changes_to_the_reporter(client, world):
    problem = ProblemFactory(rt=world.home_rt, pelapor_nama="Rahasia", pelapor_hp="6281299990000")
    client.force_login(world.users[Role.LURAH])
    client.post(
        reverse("permasalahan:problem-verify", args=[problem.kode]),
        {"catatan": "Dicek", "publik": "on"},
    )
    client.logout()
    html = client.get(reverse("permasalahan:track", args=[problem.kode.lower()])).content.decode()
    assert "Diverifikasi" in html or "diverifikasi" in html
    assert "Dicek" in html
    assert "Rahasia" not in html and "99990000" not in html
    assert world.users[Role.LURAH].first_name not in html  # officers stay anonymous


def test_unknown_code_is_404(client, world):
    assert client.get(reverse("permasalahan:track", args=["SGR-ZZZZZZ"])).status_code == 404


def test_slip_has_a_qr_code_to_the_tracking_page(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    html = client.get(reverse("permasalahan:track-slip", args=[problem.kode])).content.decode()
    assert "<svg" in html and problem.kode in html
    assert f"http://testserver/lacak/{problem.kode}/" in html


def test_reopen_needs_a_note_and_a_resolved_problem(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    client.get(reverse("permasalahan:track-reporter", args=[problem.kode, REPORTER_KEY]))
    url = reverse("permasalahan:track-reopen", args=[problem.kode])
    html = client.post(url, {"catatan": ""}).content.decode()
    assert "Bidang ini tidak boleh kosong" in html
    response = client.post(url, {"catatan": "Masih ada sampah"}, follow=True)
    assert "Permasalahan dibuka kembali" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == Status.DIVERIFIKASI
    again = client.post(url, {"catatan": "Lagi"}, follow=True).content.decode()
    assert "Hanya permasalahan yang sudah selesai yang dapat dibuka kembali." in again


# -- staff pages ----------------------------------------------------------------------------


def test_staff_actions_show_errors_in_indonesian(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.LURAH])
    response = client.post(reverse("permasalahan:problem-reject", args=[problem.kode]), {})
    assert response.status_code == 400
    assert "Tuliskan alasan laporan ini ditolak." in response.content.decode()
    response = client.post(
        reverse("permasalahan:problem-duplicate", args=[problem.kode]), {"asli": "SGR-ZZZZZZ"}
    )
    assert (
        "Tidak ada permasalahan dengan kode SGR-ZZZZZZ di wilayah Anda."
        in response.content.decode()
    )
    problem.refresh_from_db()
    assert problem.status == Status.DILAPORKAN


def test_duplicate_in_another_kelurahan_is_not_found(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    other = ProblemFactory(rt=world.foreign_rt[Role.LURAH])
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        reverse("permasalahan:problem-duplicate", args=[problem.kode]), {"asli": other.kode}
    )
    assert response.status_code == 400
    assert other.kode in response.content.decode()  # named in the error, nothing else shown


def test_rt_head_records_a_problem_with_needs(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    data = {
        "kategori": category("drainase").pk,
        "rt": world.home_rt.pk,
        "alamat": "Jl. Kenanga",
        "deskripsi": "Got tersumbat",
        "keparahan": 3,
        "idempotency_key": "staff-1",
        "kebutuhan-TOTAL_FORMS": 3,
        "kebutuhan-INITIAL_FORMS": 0,
        "kebutuhan-0-jenis": "alat",
        "kebutuhan-0-item": "Cangkul",
        "kebutuhan-0-jumlah": 12,
        "kebutuhan-0-satuan": "buah",
        "kebutuhan-1-jenis": "tenaga",
        "kebutuhan-1-item": "Orang",
        "kebutuhan-1-jumlah": 30,
        "kebutuhan-1-satuan": "orang",
    }
    response = client.post(reverse("permasalahan:problem-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    problem = Problem.objects.get()
    assert problem.sumber == "rt" and problem.keparahan == 3
    assert sorted(problem.needs.values_list("item", "jumlah")) == [("Cangkul", 12), ("Orang", 30)]


def test_overdue_problems_are_flagged(client, world):
    import datetime

    from django.utils import timezone

    late = ProblemFactory(
        rt=world.home_rt, tenggat_verifikasi=timezone.localdate() - datetime.timedelta(days=1)
    )
    ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("permasalahan:problem-list")).content.decode()
    assert "1 permasalahan terlambat" in html
    only_late = client.get(
        reverse("permasalahan:problem-list"), {"terlambat": "on"}
    ).content.decode()
    assert late.kode in only_late
    assert Problem.objects.exclude(pk=late.pk).get().kode not in only_late
    home = client.get(reverse("home")).content.decode()
    assert "1 permasalahan terlambat" in home and "2 laporan menunggu verifikasi" in home


def test_needs_summary_adds_up_per_kelurahan(client, world):
    open_problem = ProblemFactory(rt=world.home_rt)
    NeedFactory(problem=open_problem, item="Karung", jumlah=40, satuan="buah")
    NeedFactory(problem=ProblemFactory(rt=world.home_rt), item="karung", jumlah=10, satuan="Buah")
    NeedFactory(
        problem=ProblemFactory(rt=world.home_rt, status=Status.SELESAI), item="Karung", jumlah=99
    )
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("permasalahan:needs-summary")).content.decode()
    row = re.search(r'<td class="wrap">karung<.*?</tr>', html, re.S).group(0)
    assert '<td class="text-end">50<span class="d-md-none"> buah</span></td>' in row
    assert ">99<" not in html  # the resolved problem's need is not counted


def test_public_map_data_has_public_fields_only(client, world):
    ProblemFactory(rt=world.home_rt, lat=-2.09, lon=106.14, pelapor_nama="Rahasia")
    ProblemFactory(rt=world.home_rt, status=Status.DITOLAK, lat=-2.09, lon=106.14)
    data = client.get(reverse("permasalahan:public-map-data")).json()
    assert len(data["features"]) == 1
    assert "Rahasia" not in str(data)
    assert set(data["features"][0]["properties"]) == {
        "kode",
        "kategori",
        "status",
        "status_label",
        "lokasi",
        "alamat",
        "laporan",
        "url",
    }


def test_staff_map_data_is_scoped(client, world):
    mine = ProblemFactory(rt=world.home_rt, lat=-2.09, lon=106.14)
    ProblemFactory(rt=world.foreign_rt[Role.KETUA_RT], lat=-2.09, lon=106.14)
    client.force_login(world.users[Role.KETUA_RT])
    data = client.get(reverse("permasalahan:problem-map-data")).json()
    assert [f["properties"]["kode"] for f in data["features"]] == [mine.kode]


# -- query counts ---------------------------------------------------------------------------


def bulk_problems(rt, n, prefix="A"):
    cat = category()
    Problem.objects.bulk_create(
        [
            Problem(
                kategori=cat,
                rt=rt,
                kelurahan_id=rt.kelurahan_id,
                alamat=f"Jl. {i}",
                deskripsi="x",
                sumber="warga",
                kode=f"SGR-{prefix}{i:05d}",
                lat=-2.09 + i / 10000,
                lon=106.14,
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize(
    "name",
    [
        "permasalahan:problem-list",
        "permasalahan:problem-map-data",
        "permasalahan:public-map-data",
        "permasalahan:problem-map",
        "permasalahan:needs-summary",
    ],
)
def test_query_count_does_not_grow_with_1000_problems(
    client, world, name, django_assert_max_num_queries
):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    bulk_problems(world.home_rt, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    bulk_problems(world.foreign_rt[Role.LURAH], 1000, prefix="B")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(20):
        client.get(reverse(name))


def test_problem_detail_query_count_is_bounded(client, world, django_assert_max_num_queries):
    problem = ProblemFactory(rt=world.home_rt)
    for _ in range(10):
        ProblemEvent.objects.create(problem=problem, catatan="catatan")
        NeedFactory(problem=problem)
    client.force_login(world.users[Role.LURAH])
    with django_assert_max_num_queries(20):
        assert client.get(problem.get_absolute_url()).status_code == 200


def test_photo_bytes_served_have_no_exif(world):
    jpeg = camera_jpeg(orientation=8, lat=-2.1, lon=106.1)
    from permasalahan import services
    from sigoro.photos import process_photo

    problem = services.problem_create(
        user=None,
        kategori=category(),
        rt=world.home_rt,
        alamat="a",
        deskripsi="b",
        processed_photos=[process_photo(upload(jpeg))],
    )
    photo = problem.photos.get().photo
    for field in photo.files:
        data = field.read()
        assert b"Exif" not in data[:4096] and b"CAM-SERIAL" not in data
        assert is_upright_marked(Image.open(io.BytesIO(data)))


def test_reporter_contact_only_for_the_office_that_follows_up(client, world):
    problem = ProblemFactory(rt=world.home_rt, pelapor_nama="Budi", pelapor_hp="6281234567890")
    client.force_login(world.users[Role.LURAH])
    assert "0812-3456-7890" in client.get(problem.get_absolute_url()).content.decode()
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(problem.get_absolute_url()).content.decode()
    assert "0812-3456-7890" not in html and "Budi" not in html


# -- back, then send again (issue 9, §6.1) --------------------------------------------------


def form_key(html):
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html).group(1)


def test_a_report_form_keeps_its_one_time_key_in_its_address(client, world):
    response = client.get(REPORT)
    assert response.status_code == 302
    key = re.fullmatch(r"/lapor/\?kunci=([0-9a-f]{32})", response["Location"]).group(1)
    assert form_key(client.get(response["Location"]).content.decode()) == key
    assert client.get(REPORT)["Location"] != response["Location"]  # a new form, a new key


def test_the_form_sent_again_after_going_back_returns_the_first_report(client, world):
    address = client.get(REPORT)["Location"]
    key = form_key(client.get(address).content.decode())
    data = report_data(world.home_rt, idempotency_key=key)
    first = post_report(client, data, [upload(camera_jpeg(1))])
    problem = Problem.objects.get()
    assert first["Location"] == f"/lacak/{problem.kode}/?baru=1"

    # Back: the browser loads the form's address again and puts back what was typed.
    html = client.get(address).content.decode()
    assert problem.kode in html and "Formulir ini sudah terkirim" in html
    resent = {**data, "idempotency_key": form_key(html)}
    again = post_report(client, resent, [upload(camera_jpeg(1))])

    assert again["Location"] == first["Location"]
    assert Problem.objects.count() == 1
    assert problem.photos.count() == 1 and Photo.objects.count() == 1


def test_a_bookmarked_form_whose_report_is_old_gets_a_new_key(client, world):
    address = client.get(REPORT)["Location"]
    key = address.rsplit("=", 1)[1]
    post_report(client, report_data(world.home_rt, idempotency_key=key), [upload(camera_jpeg(1))])
    Problem.objects.update(dibuat=timezone.now() - datetime.timedelta(days=2))
    response = client.get(address)
    assert response.status_code == 302 and key not in response["Location"]


def test_the_staff_form_sent_again_after_going_back_returns_the_first_problem(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    url = reverse("permasalahan:problem-create")
    address = client.get(url)["Location"]
    assert address.startswith(url + "?kunci=")
    data = {
        "kategori": category("drainase").pk,
        "rt": world.home_rt.pk,
        "alamat": "Jl. Kenanga",
        "deskripsi": "Got tersumbat",
        "keparahan": 2,
        "idempotency_key": form_key(client.get(address).content.decode()),
        "kebutuhan-TOTAL_FORMS": 0,
        "kebutuhan-INITIAL_FORMS": 0,
    }
    first = client.post(address, {**data, "foto": [upload(camera_jpeg(1))]})
    html = client.get(address).content.decode()
    again = client.post(
        address, {**data, "idempotency_key": form_key(html), "foto": [upload(camera_jpeg(1))]}
    )
    problem = Problem.objects.get()
    assert first["Location"] == again["Location"] == problem.get_absolute_url()
    assert problem.photos.count() == 1 and Photo.objects.count() == 1


# -- looking a report up (issue 9, §6.2) ----------------------------------------------------

LOOKUP = reverse("permasalahan:track-lookup")


def test_a_wrong_code_is_answered_on_the_lookup_form(client, world):
    response = client.get(LOOKUP, {"kode": "sgr-zzzzzz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kode SGR-ZZZZZZ tidak ditemukan. Periksa lagi kode pada slip Anda." in html
    assert 'value="sgr-zzzzzz"' in html  # what was typed stays in the box
    assert 'class="textinput form-control is-invalid"' in html or "is-invalid" in html


def test_a_malformed_code_is_explained_and_a_right_one_opens_the_tracking_page(client, world):
    html = client.get(LOOKUP, {"kode": "12345"}).content.decode()
    assert "Kode lacak terdiri dari SGR- dan enam huruf atau angka" in html
    problem = ProblemFactory(rt=world.home_rt)
    code = problem.kode.removeprefix("SGR-").lower()
    response = client.get(LOOKUP, {"kode": code})
    assert response.status_code == 302 and response["Location"] == problem.get_public_url()


def test_lookups_are_rate_limited(client, world, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    for _ in range(2):
        client.get(LOOKUP, {"kode": "SGR-ZZZZZZ"})
    response = client.get(LOOKUP, {"kode": "SGR-ZZZZZY"})
    assert response.status_code == 429
    assert "Terlalu banyak pencarian" in response.content.decode()


def test_a_lookup_counts_once_and_the_limit_is_said_as_such(client, world, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    problem = ProblemFactory(rt=world.home_rt)
    # Through the form to the tracking page: one lookup, not two.
    first = client.get(LOOKUP, {"kode": problem.kode}, follow=True)
    assert first.status_code == 200 and problem.kode in first.content.decode()
    assert client.get(problem.get_public_url()).status_code == 200  # the second
    over = client.get(problem.get_public_url())
    assert over.status_code == 429
    html = over.content.decode()
    assert "Terlalu banyak pencarian" in html and "tidak ditemukan" not in html


def main_content(response):
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


@override_settings(DEBUG=False)
def test_the_404_page_offers_the_public_pages(client, world):
    response = client.get("/halaman-yang-tidak-ada/")
    html = main_content(response)  # not the menu, which lists the public pages too
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    for url in ("/lapor/", "/lacak/", "/peta/", "/jadwal/"):
        assert f'href="{url}"' in html, url
    assert "Petugas: masuk" in html


def test_the_404_template_renders_with_debug_off(rf, world):
    request = rf.get("/tidak-ada/")
    request.user = AnonymousUser()
    with override_settings(DEBUG=False):
        response = page_not_found(request, Http404())
    html = main_content(response)
    assert response.status_code == 404
    assert all(f'href="{url}"' in html for url in ("/lapor/", "/lacak/", "/peta/", "/jadwal/"))


# -- ages, the slip, the action area (issue 9, §6.9) ----------------------------------------


def test_a_problem_reported_today_is_today_old_not_0_days(client, world):
    today = ProblemFactory(rt=world.home_rt)
    older = ProblemFactory(rt=world.home_rt)
    Problem.objects.filter(pk=older.pk).update(dibuat=timezone.now() - datetime.timedelta(days=3))
    client.force_login(world.users[Role.LURAH])
    listing = client.get(reverse("permasalahan:problem-list")).content.decode()
    assert not re.search(r"\b0 hari", listing)
    assert listing.count("hari ini") == 2  # the phone cell and the age column of one row
    assert listing.count(">3 hari<") == 1
    assert "(hari ini)" in client.get(today.get_absolute_url()).content.decode()
    tracking = client.get(older.get_public_url()).content.decode()
    assert "(3 hari lalu)" in tracking


def test_the_slip_keeps_the_code_on_one_line(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    html = client.get(reverse("permasalahan:track-slip", args=[problem.kode])).content.decode()
    code = re.search(r'<div class="([^"]*)" data-testid="tracking-code">([^<]*)</div>', html)
    assert "tracking-code" in code.group(1).split() and code.group(2) == problem.kode
    css = (settings.BASE_DIR / "static/css/sigoro.css").read_text()
    rule = re.search(r"\.tracking-code \{([^}]*)\}", css).group(1)
    assert "white-space: nowrap" in rule


OPEN_TO_MERGE = (Status.DILAPORKAN, Status.DIVERIFIKASI)


def buttons(html):
    area = re.search(r'data-testid="actions".*?</form>', html, re.S).group(0)
    return re.findall(r"<button[^>]*>(?:<i[^>]*></i>)?\s*([^<]+?)\s*</button>", area)


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        (Role.LURAH, Status.DILAPORKAN, ["Verifikasi", "Tambah catatan", "Tolak"]),
        (
            Role.LURAH,
            Status.DIVERIFIKASI,
            ["Mulai tangani", "Tandai selesai", "Tambah catatan", "Tolak"],
        ),
        (Role.LURAH, Status.DITANGANI, ["Tandai selesai", "Tambah catatan"]),
        (Role.LURAH, Status.SELESAI, ["Tambah catatan"]),
        (Role.KETUA_RT, Status.DIVERIFIKASI, ["Tambah catatan"]),
    ],
)
def test_the_detail_page_has_one_action_area_with_what_is_allowed_now(
    client, world, role, status, expected
):
    problem = ProblemFactory(rt=world.home_rt, status=status, selesai_pada=timezone.now())
    client.force_login(world.users[role])
    html = client.get(problem.get_absolute_url()).content.decode()
    assert buttons(html) == expected
    assert html.count("<textarea") == 1  # one note ...
    assert html.count('type="file"') == 1  # ... and one photo input, not three such boxes
    duplicate = 'action="{}"'.format(reverse("permasalahan:problem-duplicate", args=[problem.kode]))
    assert (duplicate in html) == (role == Role.LURAH and status in OPEN_TO_MERGE)


def test_a_failed_action_keeps_the_note_and_the_photo(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.LURAH])
    url = reverse("permasalahan:problem-reject", args=[problem.kode])
    response = client.post(url, {"catatan": "  ", "foto": upload(camera_jpeg(1))})
    html = response.content.decode()
    assert response.status_code == 400 and "Tuliskan alasan laporan ini ditolak." in html
    assert "1 foto sudah tersimpan" in html
    kept = re.search(r'name="foto_tersimpan" value="([0-9a-f]{32})"', html).group(1)
    response = client.post(url, {"catatan": "Bukan wilayah kelurahan", "foto_tersimpan": kept})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == Status.DITOLAK
    assert problem.photos.get().photo.uuid.hex == kept
    assert problem.events.last().foto.uuid.hex == kept


def test_the_map_legend_lists_what_the_map_shows(client, world):
    html = client.get(reverse("permasalahan:public-map")).content.decode()
    legend = re.search(r'data-testid="map-legend">(.*?)</div>', html, re.S).group(1)
    shown = re.findall(r"status-(\w+)", legend)
    assert shown == ["dilaporkan", "diverifikasi", "direncanakan", "ditangani"]
    assert "selesai" not in legend  # resolved problems are not on the map


def test_an_unknown_code_in_the_address_is_answered_on_the_lookup_form(client):
    response = client.get(reverse("permasalahan:track", args=["SGR-ZZZZZZ"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Kode SGR-ZZZZZZ tidak ditemukan. Periksa lagi kode pada slip Anda." in html
    assert 'value="SGR-ZZZZZZ"' in html  # what was in the address is kept in the form
