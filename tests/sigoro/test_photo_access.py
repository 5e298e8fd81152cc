"""Finding 10: photo files are served only through a view that asks who may see them.

A delivery photo, a hidden problem photo and a photo kept for a retry are private; a
public problem photo is public. The raw MEDIA_URL serves nothing, whatever SERVE_MEDIA says.
"""

import datetime
import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from permasalahan.models import ProblemPhoto
from permasalahan.services import problem_add_note
from sigoro.models import Role
from sigoro.photos import process_photo
from sigoro.services import photo_create
from stakeholder.services import delivery_record
from tests.factories import UserFactory
from tests.permasalahan.factories import ProblemFactory
from tests.photo_samples import camera_jpeg, upload
from tests.stakeholder.factories import pledged_in

pytestmark = pytest.mark.django_db


def delivery_photo(world):
    pledge = pledged_in(world.home_rt)
    delivery = delivery_record(
        user=world.users[Role.LURAH],
        pledge=pledge,
        jumlah=10,
        tanggal=datetime.date.today(),
        diterima_oleh="Pak RT 001",
        upload=upload(camera_jpeg(orientation=1)),
    )
    return delivery.foto


def problem_photo(world, *, rt=None):
    problem = ProblemFactory(rt=rt or world.home_rt)
    problem_add_note(
        user=world.users[Role.ADMIN_KECAMATAN] if rt else world.users[Role.LURAH],
        problem=problem,
        note="Truk DLH datang Senin",
        processed_photo=process_photo(upload(camera_jpeg(orientation=1))),
    )
    return problem.photos.get().photo


def fetch(client, photo, rendition="thumb"):
    return client.get(reverse("photo", args=[photo.uuid, rendition]))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_delivery_photo_is_private_to_the_area_staff_and_the_stakeholder(client, world):
    photo = delivery_photo(world)
    assert fetch(client, photo).status_code == 404  # anonymous: as if it did not exist
    for role in (Role.LURAH, Role.CAMAT, Role.ADMIN_KECAMATAN, Role.STAKEHOLDER):
        client.force_login(world.users[role])
        response = fetch(client, photo, "web")
        assert response.status_code == 200, role
        assert body(response) == photo.web.open("rb").read()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # RT and RW heads have no business with deliveries; a lurah of another kelurahan neither.
    for user in (
        world.users[Role.KETUA_RT],
        world.users[Role.KETUA_RW],
        UserFactory(role=Role.LURAH, kelurahan=world.foreign_rt[Role.LURAH].kelurahan),
    ):
        client.force_login(user)
        assert fetch(client, photo).status_code == 404


def test_a_public_problem_photo_is_served_to_anyone_with_cache_headers(client, world):
    photo = problem_photo(world)
    response = fetch(client, photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert body(response) == photo.thumb.open("rb").read()
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Cookie" not in response.get("Vary", "")


def test_a_hidden_problem_photo_is_seen_only_by_the_area_staff(client, world):
    photo = problem_photo(world)
    ProblemPhoto.objects.filter(photo=photo).update(publik=False)
    assert fetch(client, photo).status_code == 404
    client.force_login(world.users[Role.KETUA_RT])
    assert fetch(client, photo).status_code == 200
    client.force_login(world.users[Role.STAKEHOLDER])
    assert fetch(client, photo).status_code == 404
    client.force_login(UserFactory(role=Role.KETUA_RT, rt=world.foreign_rt[Role.KETUA_RT]))
    assert fetch(client, photo).status_code == 404


def test_a_photo_kept_for_a_retry_is_seen_only_by_its_uploader(client, world):
    lurah = world.users[Role.LURAH]
    photo = photo_create(user=lurah, upload=upload(camera_jpeg(orientation=1)))
    assert fetch(client, photo).status_code == 404
    client.force_login(world.users[Role.CAMAT])
    assert fetch(client, photo).status_code == 404
    client.force_login(lurah)
    assert fetch(client, photo).status_code == 200


def test_unknown_photos_and_renditions_are_404(client, world):
    photo = problem_photo(world)
    assert client.get(f"/foto/{photo.uuid}/original/").status_code == 404
    assert client.get("/foto/00000000-0000-0000-0000-000000000000/thumb/").status_code == 404


def test_templates_link_photos_through_the_checking_view(client, world):
    photo = problem_photo(world)
    page = client.get(reverse("permasalahan:track", args=[photo.problem_link.problem.kode]))
    html = page.content.decode()
    assert photo.thumb_url in html and photo.web_url in html
    assert photo.thumb.url not in html


@pytest.fixture
def media_urls_served():
    """The URL configuration as a laptop demo builds it (SERVE_MEDIA on)."""
    import sigoro.urls

    with override_settings(SERVE_MEDIA=True, DEBUG=True):
        importlib.reload(sigoro.urls)
        clear_url_caches()
        yield
    importlib.reload(sigoro.urls)
    clear_url_caches()


def test_the_raw_media_url_serves_no_photo_even_in_the_demo(client, world, media_urls_served):
    photo = delivery_photo(world)
    assert client.get(photo.thumb.url).status_code == 404
    assert client.get(photo.web.url).status_code == 404


def test_in_production_nginx_sends_the_file_after_the_check(client, world, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    public, private = problem_photo(world), delivery_photo(world)
    response = fetch(client, public, "web")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{public.web.name}"
    assert response["Content-Type"] == "image/jpeg" and response.content == b""
    assert fetch(client, private).status_code == 404
    client.force_login(world.users[Role.LURAH])
    response = fetch(client, private)
    assert response["X-Accel-Redirect"] == f"/protected-media/{private.thumb.name}"
    assert response["Cache-Control"] == "private, no-store"
