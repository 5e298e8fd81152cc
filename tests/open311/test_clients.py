"""API keys: issued and revoked by the admin kecamatan (shown once, stored hashed), in the
Django admin too, and scoped to the admin's kecamatan."""

import re

import pytest
from django.urls import reverse

from open311 import services
from open311.models import ApiClient
from open311.selectors import api_key_hash, client_for_key
from sigoro.models import Role
from tests.factories import UserFactory
from tests.open311.factories import ApiClientFactory

pytestmark = pytest.mark.django_db

LIST = reverse("open311:client-list")


def issue(client, world, nama="Sistem Kota Pangkalpinang", key="a" * 32):
    return client.post(
        LIST,
        {"nama": nama, "kecamatan": world.home_rt.kelurahan.kecamatan_id, "idempotency_key": key},
    )


def test_the_admin_issues_a_key_shown_once_and_stored_hashed(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    answer = issue(client, world)
    assert answer.status_code == 302
    page = client.get(LIST).content.decode()
    created = ApiClient.objects.get()
    assert created.nama == "Sistem Kota Pangkalpinang"
    assert created.kecamatan == world.home_rt.kelurahan.kecamatan
    assert created.dibuat_oleh == world.users[Role.ADMIN_KECAMATAN]
    key = re.search(r'\sid="new-api-key">([^<]+)<', page).group(1)
    assert key.startswith("sgr_") and len(key) > 40
    assert created.kunci_hash == api_key_hash(key)
    assert key not in str(ApiClient.objects.values_list())
    assert client_for_key(key) == created
    # Shown once: the next visit has no key.
    assert key not in client.get(LIST).content.decode()


def test_a_double_submit_issues_one_key(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    issue(client, world)
    issue(client, world)
    assert ApiClient.objects.count() == 1


def test_a_failed_form_keeps_what_was_typed(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    answer = client.post(LIST, {"nama": "   ", "kecamatan": "999999"})
    assert answer.status_code == 200
    assert not ApiClient.objects.exists()
    assert answer.context["form"].errors.keys() == {"nama", "kecamatan"}


def test_the_admin_of_another_kecamatan_can_neither_see_nor_revoke(client, world):
    ours = ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan, nama="Milik kami")
    theirs = ApiClientFactory(
        kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan, nama="Milik lain", key="sgr_b"
    )
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    page = client.get(LIST)
    assert list(page.context["page"]) == [ours]
    answer = client.post(reverse("open311:client-revoke", args=[theirs.pk]))
    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.aktif
    # Issuing for another kecamatan is refused by the form (not a choice).
    other = world.other_kecamatan_rt.kelurahan.kecamatan_id
    answer = client.post(LIST, {"nama": "X", "kecamatan": other})
    assert answer.status_code == 200
    assert ApiClient.objects.count() == 2


def test_revoking_stops_the_key(client, world):
    api_client = ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan, key="sgr_c")
    assert client_for_key("sgr_c") == api_client
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    assert client.post(reverse("open311:client-revoke", args=[api_client.pk])).status_code == 302
    api_client.refresh_from_db()
    assert not api_client.aktif and api_client.dicabut_pada is not None
    assert client_for_key("sgr_c") is None


def test_other_roles_may_not_issue(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.client_issue(
            user=world.users[Role.CAMAT], nama="X", kecamatan=world.home_rt.kelurahan.kecamatan
        )


def test_the_django_admin_issues_and_revokes(client, world):
    root = UserFactory(username="root", role="", is_superuser=True, is_staff=True)
    client.force_login(root)
    answer = client.post(
        reverse("admin:open311_apiclient_add"),
        {"nama": "Aplikasi warga", "kecamatan": world.home_rt.kelurahan.kecamatan_id},
        follow=True,
    )
    assert answer.status_code == 200
    created = ApiClient.objects.get()
    [message] = [
        str(m) for m in answer.context["messages"] if "hanya ditampilkan sekali ini" in str(m)
    ]
    key = message.rsplit(" ", 1)[-1]
    assert created.kunci_hash == api_key_hash(key)
    client.post(
        reverse("admin:open311_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [created.pk]},
    )
    created.refresh_from_db()
    assert not created.aktif
