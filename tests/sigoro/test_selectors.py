import pytest

from sigoro import selectors
from sigoro.models import Role
from tests.factories import RTFactory, RWFactory

pytestmark = pytest.mark.django_db


def test_kelurahan_totals_add_up_without_double_counting(world):
    kelurahan = world.home_rt.kelurahan  # RW 1 (RT 1, RT 2) and RW 2 (RT 1), 100 KK each
    rw3 = RWFactory(kelurahan=kelurahan, nomor=3)
    RTFactory(rw=rw3, nomor=1, jumlah_kk=50, jumlah_jiwa=170)
    row = next(k for k in selectors.kelurahan_list(user=world.users[Role.LURAH]))
    assert (row.n_rw, row.n_rt, row.total_kk, row.total_jiwa) == (3, 4, 350, 1250)


def test_area_summary_per_role(world):
    summary = selectors.area_summary(user=world.users[Role.ADMIN_KECAMATAN])
    assert (summary.kelurahan, summary.rw, summary.rt, summary.kk) == (2, 3, 4, 400)
    summary = selectors.area_summary(user=world.users[Role.KETUA_RT])
    assert (summary.rt, summary.kk, summary.jiwa) == (1, 100, 360)


def test_rt_without_head_counts_only_active_heads(world):
    admin = world.users[Role.ADMIN_KECAMATAN]
    assert set(selectors.rt_without_head(user=admin)) == {
        world.foreign_rt[Role.KETUA_RT],
        world.foreign_rt[Role.KETUA_RW],
        world.foreign_rt[Role.LURAH],
    }
    head = world.users[Role.KETUA_RT]
    head.is_active = False
    head.save()
    assert world.home_rt in set(selectors.rt_without_head(user=admin))
