"""The core of notifications: who covers an area, one row per event and recipient."""

import pytest
from django.http import Http404

from notifikasi import selectors, services
from notifikasi.models import Kind, Notifikasi
from sigoro import access
from sigoro.models import Role
from tests.permasalahan.factories import ProblemFactory

pytestmark = pytest.mark.django_db

EVERY_ROLE = list(Role)


def names(users) -> set[str]:
    return {user.username for user in users}


def test_users_for_an_rt_are_the_accounts_whose_area_holds_it(world, outsiders):
    users = access.users_for_area(world.home_rt, EVERY_ROLE)

    # The city monitor reads, the stakeholder contact is an organisation: both are areas
    # too, but only the roles asked for come back.
    assert names(users) == {"admin", "camat", "lurah", "ketuarw", "ketuart", "pemantau"}
    assert names(access.users_for_area(world.home_rt, [Role.LURAH, Role.KETUA_RT])) == {
        "lurah",
        "ketuart",
    }


def test_an_rt_head_does_not_cover_a_whole_kelurahan(world, outsiders):
    kelurahan = world.home_rt.kelurahan

    assert names(access.users_for_area(kelurahan, [Role.LURAH, Role.KETUA_RT])) == {"lurah"}


def test_users_for_a_record_follow_its_area_lookups(world, outsiders):
    problem = ProblemFactory(rt=world.foreign_rt[Role.LURAH])

    assert names(access.users_for_area(problem, [Role.LURAH, Role.CAMAT])) == {
        "lurah_ketapang",
        "camat",
    }


def test_inactive_accounts_are_never_recipients(world):
    lurah = world.users[Role.LURAH]
    lurah.is_active = False
    lurah.save()

    assert names(access.users_for_area(world.home_rt, [Role.LURAH])) == set()


def test_the_same_event_twice_is_one_row_per_recipient(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    kwargs = {"kind": Kind.PLAN_SUBMITTED, "title": "Menunggu persetujuan", "dedupe_key": "e:1"}

    first = services.notify(recipients=[lurah, camat, lurah], **kwargs)
    second = services.notify(recipients=[lurah, camat], **kwargs)

    assert len(first) == 2 and second == []
    assert Notifikasi.objects.count() == 2


def test_an_unknown_kind_is_a_programming_error(world):
    with pytest.raises(ValueError):
        services.notify(
            kind="gossip", recipients=[world.users[Role.LURAH]], title="x", dedupe_key="x"
        )


def test_a_user_reads_only_their_own(world):
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    (row,) = services.notify(
        kind=Kind.PLAN_SUBMITTED, recipients=[camat], title="Untuk camat", dedupe_key="e:2"
    )

    assert list(selectors.notification_list(user=lurah)) == []
    assert selectors.unread_count(user=lurah) == 0
    assert selectors.unread_count(user=camat) == 1
    with pytest.raises(Http404):
        selectors.notification_get(user=lurah, pk=row.pk)
    with pytest.raises(Http404):
        services.notification_open(user=lurah, notification=row)


def test_email_goes_only_to_an_address_that_wants_it(world):
    lurah = world.users[Role.LURAH]
    assert not selectors.email_wanted(user=lurah, kind=Kind.PLAN_APPROVED)  # no address
    lurah.email = "lurah@example.id"
    lurah.save()
    assert selectors.email_wanted(user=lurah, kind=Kind.PLAN_APPROVED)
    services.preferences_save(user=lurah, email_kinds=[Kind.PLAN_REMINDER])
    assert not selectors.email_wanted(user=lurah, kind=Kind.PLAN_APPROVED)
    assert selectors.email_wanted(user=lurah, kind=Kind.PLAN_REMINDER)


def test_links_become_absolute_under_site_url(settings):
    settings.SITE_URL = "https://sigoro.example.go.id/"
    assert selectors.absolute_url("/rencana/3/") == "https://sigoro.example.go.id/rencana/3/"
    settings.SITE_URL = ""
    assert selectors.absolute_url("/rencana/3/", base="http://10.0.0.5:8313/") == (
        "http://10.0.0.5:8313/rencana/3/"
    )
