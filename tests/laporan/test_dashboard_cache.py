"""The data-versioned cache of the dashboard (laporan.dashboard.cache, issue 14): a change
in an area shows on the next view, a change elsewhere leaves the cached figures in use, and
one area's figures never show in another's page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kegiatan import services as kegiatan_services
from kegiatan.models import Pelaksanaan, PelaksanaanStatus, PlanStatus
from laporan.dashboard.cache import area_data_changed_listener
from laporan.periods import Period
from sigoro.changes import AREA_DATA_LISTENERS, area_data_changed
from sigoro.models import Role
from tests.factories import UserFactory
from tests.kegiatan.factories import plan_in
from tests.laporan.factories import event_on

pytestmark = pytest.mark.django_db

JUNE = Period.month(2026, 6).key


def d(day):
    return datetime.date(2026, 6, day)


def _testid(html: str, testid: str) -> str:
    """Return the text of the element ``testid`` (of a table row: of its link)."""
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    if match and not match[1].strip():
        match = re.search(rf'data-testid="{testid}".*?<a [^>]*>([^<]*)<', html, re.S)
    assert match, testid
    return match[1].strip()


def _figure(client, user, testid="kpi-held-value") -> str:
    client.force_login(user)
    response = client.get(reverse("laporan:dashboard"), {"periode": JUNE})
    assert response.status_code == 200
    return _testid(response.content.decode(), testid)


def _open_execution(rt, day):
    """An approved plan of ``day`` whose execution is open (in progress: not counted)."""
    plan = plan_in(rt, status=PlanStatus.DISETUJUI, tanggal=day)
    Pelaksanaan.objects.create(
        plan=plan, tanggal=day, lokasi="Pos ronda", status=PelaksanaanStatus.DIBUKA
    )
    return plan


def test_the_listener_is_registered():
    assert area_data_changed_listener in AREA_DATA_LISTENERS


def test_a_held_event_shows_at_once_on_the_lurah_and_camat_dashboards(
    client, world, django_capture_on_commit_callbacks
):
    """Ampui held 1 event; a second one, closed by the lurah, makes it 2 on the next view
    of both the lurah (kelurahan) and the camat (kecamatan)."""
    event_on(d(5), world.home_rt, warga=20)
    plan = _open_execution(world.home_rt, d(12))
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    assert _figure(client, lurah) == "1"
    assert _figure(client, camat) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        kegiatan_services.pelaksanaan_close(
            user=lurah, plan=plan, today=d(12), now=timezone.now().replace(2026, 6, 12)
        )
    assert _figure(client, lurah) == "2"
    assert _figure(client, camat) == "2"


def test_a_change_in_another_kelurahan_leaves_the_cached_figures_in_use(
    client, world, django_capture_on_commit_callbacks
):
    """A record written behind the services' back (no signal) in Ampui stays unseen by the
    lurah while only another kelurahan changes; the camat, whose kecamatan holds that other
    kelurahan, gets fresh figures (2 events) at once."""
    event_on(d(5), world.home_rt, warga=20)
    lurah, camat = world.users[Role.LURAH], world.users[Role.CAMAT]
    assert _figure(client, lurah) == "1"
    assert _figure(client, camat) == "1"
    event_on(d(6), world.home_rt, warga=10)  # no signal: the cached entry is still current
    foreign = world.foreign_rt[Role.LURAH]
    assert foreign.kelurahan.kecamatan_id == world.home_rt.kelurahan.kecamatan_id
    with django_capture_on_commit_callbacks(execute=True):
        area_data_changed(kelurahan_id=foreign.kelurahan_id, days=[d(6)])
    assert _figure(client, lurah) == "1"  # the cached entry of Ampui was used
    assert _figure(client, camat) == "2"  # the kecamatan's version moved on
    with django_capture_on_commit_callbacks(execute=True):
        area_data_changed(kelurahan_id=world.home_rt.kelurahan_id, days=[d(6)])
    assert _figure(client, lurah) == "2"


def test_two_kelurahan_never_see_each_others_cached_figures(client, world):
    """Ampui: 20 participants; the other kelurahan: 40. Each lurah sees their own, in
    either order, from a warm cache."""
    event_on(d(5), world.home_rt, warga=20)
    foreign = world.foreign_rt[Role.LURAH]
    event_on(d(7), foreign, warga=40)
    lurah = world.users[Role.LURAH]
    other_lurah = UserFactory(role=Role.LURAH, kelurahan=foreign.kelurahan)
    for _round in range(2):
        assert _figure(client, lurah, "kpi-participants-value") == "20"
        assert _figure(client, other_lurah, "kpi-participants-value") == "40"


def test_a_new_report_moves_the_open_problems_at_once(
    client, world, django_capture_on_commit_callbacks
):
    """A problem reported today (``problem_create``) adds one open problem of 0-7 days."""
    from permasalahan import services as problem_services
    from tests.permasalahan.factories import category

    lurah = world.users[Role.LURAH]
    before = int(_figure(client, lurah, "age-0-7"))
    with django_capture_on_commit_callbacks(execute=True):
        problem_services.problem_create(
            user=lurah,
            kategori=category(),
            rt=world.home_rt,
            alamat="Jl. Melati 3",
            deskripsi="Sampah menumpuk di parit",
        )
    assert int(_figure(client, lurah, "age-0-7")) == before + 1


def test_a_cached_view_asks_the_database_little(client, world, django_assert_max_num_queries):
    """A second view of the same area and period reads the figures from the cache: the
    session, the user, the notification bell, the versions and the entry, the plans
    waiting; none of the aggregate queries."""
    event_on(d(5), world.home_rt, warga=20)
    client.force_login(world.users[Role.CAMAT])
    url = reverse("laporan:dashboard")
    with django_assert_max_num_queries(100) as first:
        client.get(url, {"periode": JUNE})
    with django_assert_max_num_queries(len(first.captured_queries) - 10) as second:
        response = client.get(url, {"periode": JUNE})
    assert _testid(response.content.decode(), "kpi-participants-value") == "20"
    assert len(second.captured_queries) <= 7


def _kendala_total(client, user, kategori="cuaca") -> str:
    client.force_login(user)
    response = client.get(reverse("laporan:kendala"), {"periode": JUNE})
    assert response.status_code == 200
    row = response.content.decode().split(f'data-testid="by-category-{kategori}"')[1]
    return re.findall(r">(\d+)</(?:a|span)>", row.split("</tr>")[0])[-1]


def test_a_new_kendala_shows_at_once_on_the_kendala_page(
    client, world, django_capture_on_commit_callbacks
):
    """Rain once in June; a second rain recorded at an open execution (``kendala_add``)
    makes it 2 on the lurah's next view, and the other kelurahan's lurah still sees 0."""
    from kegiatan.models import KategoriKendala
    from tests.laporan.factories import kendala_on

    kendala_on(event_on(d(5), world.home_rt), KategoriKendala.CUACA)
    plan = _open_execution(world.home_rt, d(12))
    lurah = world.users[Role.LURAH]
    other_lurah = UserFactory(role=Role.LURAH, kelurahan=world.foreign_rt[Role.LURAH].kelurahan)
    assert _kendala_total(client, lurah) == "1"
    assert _kendala_total(client, other_lurah) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        kegiatan_services.kendala_add(
            user=lurah, plan=plan, kategori=KategoriKendala.CUACA, uraian="Hujan lagi"
        )
    assert _kendala_total(client, lurah) == "2"
    assert _kendala_total(client, other_lurah) == "0"


def test_a_new_swadaya_shows_at_once_on_the_dashboard(
    client, world, django_capture_on_commit_callbacks
):
    """Swadaya is a KPI figure of the dashboard: recording one moves the cached figures."""
    from stakeholder import services as stakeholder_services

    lurah = world.users[Role.LURAH]
    before = _figure(client, lurah, "kpi-swadaya-value")
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.swadaya_create(
            user=world.users[Role.KETUA_RT],
            rt=world.home_rt,
            tanggal=d(10),
            jenis="konsumsi",
            item="Nasi kotak",
            jumlah=60,
            satuan="kotak",
            nilai=900_000,
            sumber="warga",
            today=d(20),
        )
    after = _figure(client, lurah, "kpi-swadaya-value")
    assert (before, after) == ("Rp 0", "Rp 900.000")


def test_a_refresh_of_the_stored_figures_gives_the_area_a_new_version(
    world, django_capture_on_commit_callbacks
):
    """The stored figures of a closed month change when the worker's refresh runs, after the
    change itself was committed: pages cached in between must not outlive the refresh."""
    from django.core.cache import cache

    from laporan.dashboard.cache import _version_key
    from laporan.indeks.services import index_refresh

    key = _version_key("kelurahan", world.home_rt.kelurahan_id)
    cache.delete(key)
    with django_capture_on_commit_callbacks(execute=True):
        index_refresh(
            kelurahan_id=world.home_rt.kelurahan_id,
            day=d(10),
            today=d(20) + datetime.timedelta(days=40),
        )
    assert cache.get(key) is not None
