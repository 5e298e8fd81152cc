"""Every error page is an Indonesian template without a traceback, and a request body over
the limit is refused (413) before anything reads it."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from permasalahan.models import Problem
from sigoro.models import Role
from tests.permasalahan.factories import category
from tests.photo_samples import camera_jpeg, upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.sigoro.error_urls")]

REPORT = "/lapor/"


def report_data(world):
    return {
        "kategori": category().pk,
        "rt": world.home_rt.pk,
        "alamat": "Gg. Melati, depan masjid",
        "deskripsi": "Sampah menumpuk sudah seminggu",
        "nama": "Budi",
        "hp": "0812-3456-7890",
        "idempotency_key": "k-1",
        "website": "",
        "foto": [upload(camera_jpeg(orientation=1))],
    }


def assert_error_page(response, status: int) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="id">' in page
    assert f">{status}<" in page  # the code, shown as the other error pages show it
    assert "SECRET-TRACEBACK-MARKER" not in page and "Traceback" not in page
    return page


def test_the_body_limit_is_derived_from_the_photo_limits():
    assert settings.MAX_REQUEST_BODY_SIZE == (
        settings.PROBLEM_MAX_PHOTOS * settings.PHOTO_MAX_BYTES + settings.REQUEST_BODY_MARGIN
    )
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BODY_SIZE
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= settings.PROBLEM_MAX_PHOTOS


def test_nginx_refuses_the_same_body_size_as_the_app():
    conf = (settings.BASE_DIR / "deploy" / "nginx" / "sigoro.conf").read_text()
    limit = re.search(r"^\s*client_max_body_size (\d+)m;", conf, re.MULTILINE)
    assert int(limit.group(1)) * 1024 * 1024 == settings.MAX_REQUEST_BODY_SIZE
    assert "internal;" in conf and "location /protected-media/" in conf


def test_a_body_announced_above_the_limit_is_refused_before_it_is_read(client, world):
    too_big = settings.MAX_REQUEST_BODY_SIZE + 1
    response = client.post(REPORT, report_data(world), CONTENT_LENGTH=str(too_big))
    page = assert_error_page(response, 413)
    limit_mb = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
    assert f"{limit_mb} MB" in page
    assert not Problem.objects.exists()


def test_a_real_body_above_a_small_limit_is_refused(client, world, settings):
    settings.MAX_REQUEST_BODY_SIZE = 2 * 1024 * 1024
    data = {**report_data(world), "deskripsi": "x" * (settings.MAX_REQUEST_BODY_SIZE + 10)}
    assert_error_page(client.post(REPORT, data), 413)
    assert not Problem.objects.exists()


def test_a_body_under_the_limit_goes_through(client, world):
    response = client.post(REPORT, report_data(world))
    assert response.status_code == 302
    assert Problem.objects.count() == 1


def test_the_500_page_with_debug_off(client):
    client.raise_request_exception = False
    page = assert_error_page(client.get("/uji/500/"), 500)
    assert "Terjadi kesalahan di sistem kami" in page


def test_the_400_page(client):
    assert_error_page(client.get("/uji/400/"), 400)


def test_the_403_page(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    page = assert_error_page(client.get("/uji/403/"), 403)
    assert "Anda tidak memiliki akses ke halaman ini" in page


def test_the_404_page(client):
    page = assert_error_page(client.get("/tidak-ada/"), 404)
    assert "Halaman tidak ditemukan" in page


def test_the_429_page_for_a_rate_limit(client):
    response = client.get("/uji/429/")
    assert_error_page(response, 429)


def test_the_csrf_failure_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    page = assert_error_page(response, 403)
    assert "CSRF verification failed" not in page
