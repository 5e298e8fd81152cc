"""The installable web app: the service worker at the site root, the manifest, the offline
page, and which pages the worker may keep (the RT head's plan and attendance form, never a
POST answer, a private photo or a sign-in page)."""

import json

from django.templatetags.static import static
from django.urls import reverse

from sigoro import offline
from sigoro.models import Role
from tests.kegiatan.factories import execution_in


def test_the_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    # Browsers must ask again for a new version: no max-age, no "immutable".
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("self.SIGORO_SW = ").rstrip(";"))
    assert static("js/outbox.js") in config["precache"]
    assert static("js/attendance-form.js") in config["precache"]
    assert static("img/icon-192.png") in config["precache"]
    assert static("sigoro/js/photo-upload.js") in config["precache"]
    assert reverse("offline") in config["precache"]
    assert config["offlineUrl"] == "/luring/"
    assert "/foto/" in config["neverCache"]
    assert len(config["version"]) == 12
    assert 'self.addEventListener("fetch"' in source


def test_the_worker_version_follows_the_files_it_precaches(tmp_path, settings):
    """A changed precached file gives a new version (so phones drop the old cache)."""
    before = offline.service_worker_config()["version"]
    changed = tmp_path / "js"
    changed.mkdir()
    (changed / "outbox.js").write_text("/* a new outbox */")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        assert offline.service_worker_config()["version"] != before
    finally:
        finders.get_finder.cache_clear()


def test_the_manifest_is_indonesian_and_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "SIGORO"
    assert manifest["lang"] == "id"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#14532d"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    assert manifest["icons"][0]["src"] == static("img/icon-192.png")


def test_every_page_links_the_manifest(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_the_offline_page_is_the_same_for_everyone(client, world):
    """One copy serves every user of the phone: no name, no menu of the signed-in user."""
    anonymous = client.get("/luring/")
    assert anonymous.status_code == 200
    user = world.users[Role.KETUA_RT]
    client.force_login(user)
    signed_in = client.get("/luring/")
    assert signed_in.status_code == 200
    page = signed_in.content.decode()
    assert 'data-testid="offline-page"' in page
    assert user.username not in page and "data-user-id" not in page


def test_the_rt_heads_pages_may_be_kept_offline_and_nothing_else(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    form_url = reverse("kegiatan:attendance-record", args=[plan.pk, world.home_rt.pk])
    assert client.get(form_url)[offline.OFFLINE_HEADER] == offline.OFFLINE_KEEP
    assert client.get(plan.get_absolute_url())[offline.OFFLINE_HEADER] == offline.OFFLINE_KEEP
    # A POST answer (here a refused form) is never marked.
    refused = client.post(form_url, {"hadir_warga": "-1"})
    assert refused.status_code == 400
    assert offline.OFFLINE_HEADER not in refused
    # Another page of the user, the list of plans, is not kept.
    assert offline.OFFLINE_HEADER not in client.get(reverse("kegiatan:plan-list"))


def test_the_attendance_form_goes_through_the_outbox_with_steps(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(
        reverse("kegiatan:attendance-record", args=[plan.pk, world.home_rt.pk])
    ).content.decode()
    assert "data-outbox-form" in page
    assert page.count("data-step ") == 4
    assert static("js/attendance-form.js") in page
    assert static("js/outbox.js") in page
    assert 'data-testid="outbox-status"' in page
    assert f'data-user-id="{world.users[Role.KETUA_RT].pk}"' in page
