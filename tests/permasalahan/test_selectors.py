import datetime

import pytest
from django.utils import timezone

from permasalahan import selectors
from permasalahan.models import Problem, Status
from sigoro.models import Role
from tests.permasalahan.factories import NeedFactory, ProblemFactory, category

pytestmark = pytest.mark.django_db


def backdate(problem, days):
    Problem.objects.filter(pk=problem.pk).update(
        dibuat=timezone.now() - datetime.timedelta(days=days)
    )


def test_resolution_rate_leaves_out_rejected_and_duplicates(world):
    rt = world.home_rt
    for status in [
        Status.SELESAI,
        Status.SELESAI,
        Status.SELESAI,
        Status.DITANGANI,
        Status.DITOLAK,
        Status.DUPLIKAT,
    ]:
        ProblemFactory(rt=rt, status=status)
    ProblemFactory(rt=world.foreign_rt[Role.LURAH], status=Status.DILAPORKAN)
    rows = selectors.resolution_figures(user=world.users[Role.LURAH], by_month=False)
    assert len(rows) == 1
    row = rows[0]
    assert (row.total, row.selesai, row.ditolak_duplikat) == (6, 3, 2)
    assert row.resolution_rate == 75.0  # 3 / (6 - 2)


def test_resolution_rate_per_month(world):
    old = ProblemFactory(rt=world.home_rt, status=Status.SELESAI)
    backdate(old, 40)
    ProblemFactory(rt=world.home_rt, status=Status.DILAPORKAN)
    rows = selectors.resolution_figures(user=world.users[Role.ADMIN_KECAMATAN])
    assert [(r.total, r.selesai) for r in rows] == [(1, 1), (1, 0)]
    assert rows[0].month < rows[1].month


def test_median_age_of_open_problems(world):
    for days in (2, 10, 30):
        backdate(ProblemFactory(rt=world.home_rt), days)
    backdate(ProblemFactory(rt=world.home_rt, status=Status.SELESAI), 100)
    ages = selectors.median_open_age_days(user=world.users[Role.LURAH])
    assert ages == {world.home_rt.kelurahan_id: 10}


def test_similar_problems_within_radius_or_same_rt(world):
    here = (-2.09210, 106.13890)
    near = ProblemFactory(rt=world.foreign_rt[Role.KETUA_RT], lat=-2.09230, lon=106.13900)  # ~25 m
    far = ProblemFactory(rt=world.foreign_rt[Role.LURAH], lat=-2.09300, lon=106.14000)  # ~150 m
    same_rt = ProblemFactory(rt=world.home_rt)
    other_kind = ProblemFactory(rt=world.home_rt, kategori=category("drainase"))
    closed = ProblemFactory(rt=world.home_rt, status=Status.SELESAI)
    found = selectors.similar_open_problems(
        kategori=category(), rt=world.home_rt, lat=here[0], lon=here[1]
    )
    assert set(found) == {near, same_rt}
    assert found[0] == near and 15 < found[0].jarak < 40
    assert far not in found and other_kind not in found and closed not in found


def test_nearest_rt_from_a_map_point(world):
    world.home_rt.lat, world.home_rt.lon = -2.0921, 106.1389
    world.home_rt.save()
    other = world.foreign_rt[Role.KETUA_RT]
    other.lat, other.lon = -2.0990, 106.1450
    other.save()
    assert selectors.nearest_rt(lat=-2.0925, lon=106.1392) == world.home_rt
    assert selectors.nearest_rt(lat=-2.5, lon=106.5) is None


def test_needs_summary_per_kelurahan_only_open_and_in_area(world):
    NeedFactory(problem=ProblemFactory(rt=world.home_rt), item="Karung", jumlah=40)
    NeedFactory(problem=ProblemFactory(rt=world.home_rt), item="karung ", jumlah=2)
    NeedFactory(problem=ProblemFactory(rt=world.foreign_rt[Role.LURAH]), item="Karung", jumlah=7)
    summary = selectors.needs_summary(user=world.users[Role.LURAH])
    assert list(summary) == [world.home_rt.kelurahan]
    rows = summary[world.home_rt.kelurahan]
    assert sum(r.jumlah for r in rows) == 42
    admin_summary = selectors.needs_summary(user=world.users[Role.ADMIN_KECAMATAN])
    assert len(admin_summary) == 2
