"""Stage 2 on top of the shared world: stakeholders in and out of each area."""

from dataclasses import dataclass

import pytest

from sigoro.models import Role
from stakeholder import services
from stakeholder.models import Stakeholder
from tests.factories import UserFactory
from tests.stakeholder.factories import StakeholderFactory, stakeholder_type


@dataclass
class Stk:
    world: object
    koramil: Stakeholder  # the world's "mitra" contact answers for it; serves kelurahan A1
    dlh: Stakeholder  # serves the whole kecamatan A; has its own contact "dlh"
    karang_taruna: Stakeholder  # serves kelurahan A2 only
    gerunggang: Stakeholder  # in the other kecamatan

    def user(self, role):
        return self.world.users[role]

    @property
    def admin(self):
        return self.user(Role.ADMIN_KECAMATAN)

    @property
    def lurah(self):
        return self.user(Role.LURAH)

    @property
    def mitra(self):
        return self.user(Role.STAKEHOLDER)

    @property
    def kelurahan(self):
        """Kelurahan A1, the lurah's."""
        return self.world.home_rt.kelurahan

    @property
    def other_kelurahan(self):
        return self.world.foreign_rt[Role.LURAH].kelurahan

    @property
    def kecamatan(self):
        return self.kelurahan.kecamatan

    def request(self, *, user=None, kelurahan=None, stakeholders=None, items=None, **fields):
        """A request made through the service (by the lurah of A1 unless told)."""
        user = user or self.lurah
        return services.request_create(
            user=user,
            kecamatan=self.kecamatan,
            kelurahan=kelurahan if kelurahan is not None else self.kelurahan,
            perihal=fields.pop("perihal", "Dukungan Jumat Bersih RW 001"),
            items=[
                services.ItemRow(*row)
                for row in (items or [("material", "Karung sampah", 200, "buah")])
            ],
            stakeholders=stakeholders or [self.koramil],
            **fields,
        )


@pytest.fixture
def stk(world):
    kecamatan = world.home_rt.kelurahan.kecamatan
    other_kelurahan = world.foreign_rt[Role.LURAH].kelurahan
    dlh = StakeholderFactory(
        kecamatan=kecamatan,
        nama="Dinas Lingkungan Hidup",
        jenis=stakeholder_type("instansi-pemerintah"),
    )
    UserFactory(username="dlh", role=Role.STAKEHOLDER, kecamatan=kecamatan, stakeholder=dlh)
    return Stk(
        world=world,
        koramil=world.users[Role.STAKEHOLDER].stakeholder_contact.stakeholder,
        dlh=dlh,
        karang_taruna=StakeholderFactory(
            kecamatan=kecamatan,
            nama="Karang Taruna Ketapang",
            jenis=stakeholder_type("ormas"),
            kelurahan=[other_kelurahan],
        ),
        gerunggang=StakeholderFactory(
            kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan,
            nama="Polsek Gerunggang",
            jenis=stakeholder_type("polri"),
        ),
    )
