"""Notifications on top of the shared world: a few more accounts just outside each area."""

import pytest

from notifikasi.models import Notifikasi
from sigoro.models import Role
from tests.factories import UserFactory


@pytest.fixture
def outsiders(world):
    """Accounts that must never hear of the home RT's events: the lurah of the other
    kelurahan, the head of the sibling RT, the camat of the other kecamatan."""
    return {
        "other_lurah": UserFactory(
            username="lurah_ketapang",
            role=Role.LURAH,
            kelurahan=world.foreign_rt[Role.LURAH].kelurahan,
            email="lurah.ketapang@example.id",
        ),
        "sibling_rt_head": UserFactory(
            username="ketuart_002", role=Role.KETUA_RT, rt=world.foreign_rt[Role.KETUA_RT]
        ),
        "other_camat": UserFactory(
            username="camat_gerunggang",
            role=Role.CAMAT,
            kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan,
        ),
    }


def notified(kind=None) -> set[str]:
    """The usernames holding a notification (of ``kind``)."""
    rows = Notifikasi.objects.all()
    if kind is not None:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient__username", flat=True))
