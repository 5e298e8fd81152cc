"""Security headers on every kind of answer: HTML pages (public, staff, error), the photo
view, GeoJSON and an iCalendar feed."""

import pytest
from django.urls import reverse

from permasalahan.models import ProblemPhoto
from sigoro.models import Role
from sigoro.services import photo_create
from tests.permasalahan.factories import ProblemFactory
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def page_kinds(client, world):
    photo = photo_create(user=None, upload=upload(camera_jpeg(orientation=1)))
    ProblemPhoto.objects.create(problem=ProblemFactory(rt=world.home_rt), photo=photo)
    kelurahan = world.home_rt.kelurahan
    answers = {
        "public page": client.get(reverse("permasalahan:public-map")),
        "photo": client.get(photo.thumb_url),
        "geojson": client.get(reverse("permasalahan:public-map-data")),
        "ics feed": client.get(reverse("kegiatan:public-schedule-ics", args=[kelurahan.pk])),
        "error page": client.get("/tidak-ada/"),
    }
    client.force_login(world.users[Role.LURAH])
    answers["staff page"] = client.get(reverse("permasalahan:problem-map"))
    return answers


def test_every_kind_of_answer_carries_the_security_headers(client, world):
    for kind, response in page_kinds(client, world).items():
        assert response.status_code == (404 if kind == "error page" else 200), kind
        policy = response["Permissions-Policy"]
        for feature in ("camera=(self)", "geolocation=(self)", "microphone=()", "payment=()"):
            assert feature in policy, (kind, policy)
        directives = csp(response)
        assert directives["base-uri"] == ["'none'"], kind
        assert directives["form-action"] == ["'self'"], kind
        assert directives["frame-ancestors"] == ["'none'"], kind
        assert directives["object-src"] == ["'none'"], kind
        assert directives["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
        assert "'unsafe-inline'" not in directives["script-src"], kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["X-Frame-Options"] == "DENY", kind


def test_the_map_page_allows_exactly_the_configured_tile_server(client, world):
    page = client.get(reverse("permasalahan:public-map")).content.decode()
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        (
            "https://{s}.tile.example.go.id:8443/{z}/{x}/{y}.png",
            "https://*.tile.example.go.id:8443",
        ),
        ("/static/tiles/{z}/{x}/{y}.png", None),  # an offline folder: 'self' covers it
        ("", None),
    ],
)
def test_the_tile_server_source_for_the_csp(tile_url, source):
    from sigoro.settings import csp_tile_source

    assert csp_tile_source(tile_url) == source


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_are_nosniff_and_say_their_charset(client, world, fmt):
    """API documents need no page policy, but a browser must never guess their type."""
    kind = {"json": "application/json", "xml": "text/xml"}[fmt]
    jurisdiction = {"jurisdiction_id": "pangkalbalam"}
    answers = [
        client.get(reverse("open311:discovery", kwargs={"fmt": fmt})),
        client.get(reverse("open311:requests", kwargs={"fmt": fmt}), jurisdiction),
        client.get(reverse("open311:requests", kwargs={"fmt": fmt})),  # 400: no jurisdiction
        client.post(reverse("open311:requests", kwargs={"fmt": fmt})),  # 403: no api_key
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 400, 403]
    for answer in answers:
        assert answer["Content-Type"] == f"{kind}; charset=utf-8"
        assert answer["X-Content-Type-Options"] == "nosniff"
