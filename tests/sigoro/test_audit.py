import pytest
from django.urls import reverse

from sigoro import selectors, services
from sigoro.models import Role

pytestmark = pytest.mark.django_db


def test_audit_shows_who_changed_what(client, world):
    lurah = world.users[Role.LURAH]
    services.rt_update_counts(user=lurah, rt=world.home_rt, jumlah_kk=150, jumlah_jiwa=520)
    entries = selectors.audit_list(user=world.users[Role.ADMIN_KECAMATAN])
    change = next(e for e in entries if e.action == "diubah" and e.model == "RT")
    assert change.object_label == "RT 001 / RW 001"
    assert ("jumlah KK", 100, 150) in change.changes
    assert ("jumlah jiwa", 360, 520) in change.changes


def test_audit_view_is_scoped_to_the_kecamatan(client, world):
    other_rt = world.other_kecamatan_rt
    other_rt.jumlah_kk = 7
    other_rt.jumlah_jiwa = 7
    other_rt.save()
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    html = client.get(reverse("audit-list")).content.decode()
    assert "Gerunggang" not in html
    assert "Bukit Sari" not in html
    assert "Ampui" in html


def test_signing_in_is_not_an_account_change(client, world):
    from tests.factories import TEST_PASSWORD

    user = world.users[Role.KETUA_RT]
    before = user.history.count()
    client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before
