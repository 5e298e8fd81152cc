"""The inbox: the bell's count, the list, opening, marking all read, the email settings."""

import pytest
from django.urls import reverse

from notifikasi import services
from notifikasi.models import Kind, Notifikasi, PreferensiNotifikasi
from sigoro.models import Role

pytestmark = pytest.mark.django_db


def give(user, n=1, *, kind=Kind.PLAN_APPROVED, link="/rencana/"):
    rows = []
    for i in range(n):
        rows += services.notify(
            kind=kind,
            recipients=[user],
            title=f"Rencana Aksi {i + 1} disetujui",
            body="Kerja bakti Gg. Melati",
            link=link,
            dedupe_key=f"test:{user.pk}:{kind}:{i}",
        )
    return rows


def bell_count(page: str) -> str:
    marker = 'data-testid="notification-bell" data-unread="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_the_bell_counts_the_unread_of_this_user_only(client, world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    give(lurah, 3)
    give(camat, 5)
    client.force_login(lurah)

    page = client.get(reverse("home")).content.decode()

    assert bell_count(page) == "3"


def test_the_list_is_newest_first_with_links_and_a_whatsapp_button(client, world):
    lurah = world.users[Role.LURAH]
    first, second = give(lurah, 2)
    client.force_login(lurah)

    response = client.get(reverse("notifikasi:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(second.title) < page.index(first.title)
    assert reverse("notifikasi:open", args=[second.pk]) in page
    assert page.count('data-testid="whatsapp-button"') == 2
    assert (
        "https://wa.me/?text=Rencana%20Aksi%202%20disetujui%0Ahttp%3A%2F%2Ftestserver%2Frencana%2F"
        in page
    )


def test_the_list_pages_by_twenty(client, world):
    lurah = world.users[Role.LURAH]
    give(lurah, 23)
    client.force_login(lurah)

    first = client.get(reverse("notifikasi:list")).content.decode()
    second = client.get(reverse("notifikasi:list"), {"page": 2}).content.decode()

    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 3


def test_opening_marks_read_and_follows_the_link(client, world):
    lurah = world.users[Role.LURAH]
    (row,) = give(lurah, link="/rencana/12/")
    client.force_login(lurah)

    response = client.get(reverse("notifikasi:open", args=[row.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/rencana/12/"
    row.refresh_from_db()
    assert row.read_at is not None
    first_read = row.read_at
    client.get(reverse("notifikasi:open", args=[row.pk]))
    row.refresh_from_db()
    assert row.read_at == first_read  # opened again: still the first time


def test_a_link_to_another_site_is_not_followed(client, world):
    lurah = world.users[Role.LURAH]
    (row,) = give(lurah, link="https://example.com/phish")
    client.force_login(lurah)

    response = client.get(reverse("notifikasi:open", args=[row.pk]))

    assert response["Location"] == reverse("notifikasi:list")


def test_another_users_notification_is_404_and_stays_unread(client, world):
    (row,) = give(world.users[Role.CAMAT])
    client.force_login(world.users[Role.LURAH])

    response = client.get(reverse("notifikasi:open", args=[row.pk]))

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read_is_idempotent_and_touches_only_this_user(client, world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    give(lurah, 4)
    give(camat, 2)
    client.force_login(lurah)

    for _ in range(2):
        response = client.post(reverse("notifikasi:mark-all-read"))
        assert response.status_code == 302

    assert Notifikasi.objects.filter(recipient=lurah, read_at__isnull=True).count() == 0
    assert Notifikasi.objects.filter(recipient=camat, read_at__isnull=True).count() == 2
    page = client.get(reverse("home")).content.decode()
    assert bell_count(page) == "0"


def test_preferences_turn_email_off_per_kind_and_keep_the_choice(client, world):
    lurah = world.users[Role.LURAH]
    client.force_login(lurah)

    response = client.post(
        reverse("notifikasi:preferences"), {"email": [Kind.PLAN_APPROVED, Kind.PLAN_REMINDER]}
    )

    assert response.status_code == 302
    off = set(
        PreferensiNotifikasi.objects.filter(user=lurah, email=False).values_list("kind", flat=True)
    )
    assert off == set(Kind.values) - {Kind.PLAN_APPROVED, Kind.PLAN_REMINDER}
    page = client.get(reverse("notifikasi:preferences")).content.decode()
    assert page.count("checked") == 2


def test_a_bad_preference_value_is_refused_without_a_500(client, world):
    lurah = world.users[Role.LURAH]
    client.force_login(lurah)

    response = client.post(reverse("notifikasi:preferences"), {"email": ["no-such-kind"]})

    assert response.status_code == 200
    assert not PreferensiNotifikasi.objects.filter(user=lurah).exists()
    assert "is-invalid" in response.content.decode() or "text-danger" in response.content.decode()


def test_the_bell_costs_one_query_whatever_the_number_of_notifications(
    client, world, django_assert_max_num_queries
):
    lurah = world.users[Role.LURAH]
    client.force_login(lurah)
    url = reverse("notifikasi:list")
    (one,) = give(lurah)
    Notifikasi.objects.filter(pk=one.pk).update(dedupe_key="first")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    give(lurah, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
