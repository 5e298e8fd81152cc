"""sigoro.access: the one door to area-scoped data. In/out for every role and level."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from sigoro import access, selectors
from sigoro.models import RT, RW, Kecamatan, Kelurahan, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible_rt(user):
    return set(access.scope_queryset(RT.objects.all(), user))


def test_each_role_sees_exactly_its_area(world):
    home = world.home_rt
    all_a = set(RT.objects.filter(kelurahan__kecamatan=home.kelurahan.kecamatan))
    assert visible_rt(world.users[Role.ADMIN_KECAMATAN]) == all_a
    assert visible_rt(world.users[Role.CAMAT]) == all_a
    assert visible_rt(world.users[Role.LURAH]) == set(RT.objects.filter(kelurahan=home.kelurahan))
    assert visible_rt(world.users[Role.KETUA_RW]) == set(RT.objects.filter(rw=home.rw))
    assert visible_rt(world.users[Role.KETUA_RT]) == {home}


@pytest.mark.parametrize("role", [Role.ADMIN_KECAMATAN, Role.LURAH, Role.KETUA_RW, Role.KETUA_RT])
def test_foreign_object_is_404_not_403(world, role):
    user = world.users[role]
    with pytest.raises(Http404):
        access.get_or_404(RT.objects.all(), user, pk=world.foreign_rt[role].pk)
    assert access.get_or_404(RT.objects.all(), user, pk=world.home_rt.pk) == world.home_rt


def test_missing_and_foreign_look_the_same(world):
    user = world.users[Role.KETUA_RT]
    for pk in (world.foreign_rt[Role.KETUA_RT].pk, 987654):
        with pytest.raises(Http404):
            selectors.rt_get(user=user, pk=pk)


def test_fail_closed_without_area_or_role(world):
    no_area = UserFactory(role=Role.LURAH, kelurahan=None)
    no_role = UserFactory(role="", rt=world.home_rt)
    inactive = UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=world.home_rt.kelurahan.kecamatan)
    inactive.is_active = False
    for user in (no_area, no_role, inactive):
        assert visible_rt(user) == set()
        assert not access.has_perm(user, "region.view")


def test_stakeholder_sees_no_region_data(world):
    user = world.users[Role.STAKEHOLDER]
    assert visible_rt(user) == set()
    assert not access.has_perm(user, "region.view")


def test_levels_a_model_does_not_list_see_nothing(world):
    """An RT head has no business with Kelurahan or Kecamatan rows, even their own."""
    user = world.users[Role.KETUA_RT]
    assert list(access.scope_queryset(Kelurahan.objects.all(), user)) == []
    assert list(access.scope_queryset(Kecamatan.objects.all(), user)) == []
    assert set(access.scope_queryset(RW.objects.all(), world.users[Role.KETUA_RW])) == {
        world.home_rt.rw
    }


def test_superuser_sees_everything(world):
    root = User.objects.create_superuser("root", "root@example.org", "x")
    assert visible_rt(root) == set(RT.objects.all())


def test_unscopable_model_is_a_programming_error(world):
    from sigoro.models import Photo

    with pytest.raises(ImproperlyConfigured):
        access.scope_queryset(Photo.objects.all(), world.users[Role.LURAH])


def test_require_checks_role_then_area(world):
    lurah = world.users[Role.LURAH]
    access.require(lurah, "region.edit_rt", world.home_rt)
    with pytest.raises(Http404):
        access.require(lurah, "region.edit_rt", world.foreign_rt[Role.LURAH])
    with pytest.raises(PermissionDenied):
        access.require(world.users[Role.CAMAT], "region.edit_rt", world.home_rt)
    with pytest.raises(ImproperlyConfigured):
        access.has_perm(lurah, "no.such.action")
