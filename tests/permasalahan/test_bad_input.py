"""Hostile input on the stage 1 pages: a clear answer, never a 500 (issue #10, finding 3)."""

import pytest
from django.urls import reverse

from sigoro.models import Role
from tests.permasalahan.factories import category


@pytest.fixture
def no_raise(client):
    client.raise_request_exception = False
    return client


def _report_url(client):
    return client.get(reverse("permasalahan:report"))["Location"]


def _report_data(world, **changes):
    data = {
        "kategori": category().pk,
        "rt": world.home_rt.pk,
        "alamat": "Gg. Melati",
        "deskripsi": "Sampah menumpuk di pinggir jalan sejak seminggu.",
        "lat": "",
        "lon": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lat", "lon"), [("x", ""), ("99", "106"), ("-2.1", "x"), ("-2.1", "200"), ("nan", "inf")]
)
def test_report_with_a_bad_point_answers_on_the_form(no_raise, world, lat, lon):
    response = no_raise.post(_report_url(no_raise), _report_data(world, lat=lat, lon=lon))
    assert response.status_code == 200
    assert response.context["form"].errors
    # What was typed is kept.
    assert "Gg. Melati" in response.content.decode()


@pytest.mark.django_db
def test_staff_problem_form_with_a_bad_point_answers_on_the_form(no_raise, world):
    no_raise.force_login(world.users[Role.ADMIN_KECAMATAN])
    url = no_raise.get(reverse("permasalahan:problem-create"))["Location"]
    response = no_raise.post(url, _report_data(world, lat="99", lon="106"))
    assert response.status_code == 200
    assert "lat" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"kategori": "x"},
        {"kategori": "1", "rt": "abc"},
        {"kategori": "99999999999999999999999", "rt": "1"},
        {"kategori": "1", "rt": "-1", "lat": "nan", "lon": "inf"},
        {"kategori": "1e400"},
    ],
)
def test_similar_problems_with_bad_ids_lists_nothing(no_raise, world, query):
    response = no_raise.get(reverse("permasalahan:report-similar"), query)
    assert response.status_code == 200
    assert response.context["similar"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("kode", ["a/b", "SGR-ABCDEF\n", "SGR-A/BCDE", "\x00", "ß" * 10])
def test_track_lookup_with_a_malformed_code_answers_on_the_form(no_raise, world, kode):
    response = no_raise.get(reverse("permasalahan:track-lookup"), {"kode": kode})
    assert response.status_code == 200
    assert response.context["form"].errors
