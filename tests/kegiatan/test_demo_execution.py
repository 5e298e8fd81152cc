"""The demo loader gives stages 5 and 6 an execution history to show: three months of past
events, incomplete ones, one not held, private attendance photos, problems resolved."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
    RencanaAksi,
)
from kegiatan.services import pelaksanaan_completeness
from permasalahan.models import Status
from sigoro.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, demo_media):
    """Load the demo once for the module (it takes seconds), inside a transaction that is
    rolled back at the end; each test runs in a savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db, settings, demo_media):
    settings.MEDIA_ROOT = demo_media  # where the demo's photo files are


def test_demo_has_three_months_of_past_executions_some_incomplete_one_not_held(demo):
    today = timezone.localdate()
    executions = Pelaksanaan.objects.select_related("plan")
    dates = sorted(executions.values_list("tanggal", flat=True))
    # Weekly Jumat Bersih in each of the 5 kelurahan (Ampui for 13 weeks, the others joined
    # later), plus one-off events.
    assert len(dates) >= 30
    assert dates[0] <= today - datetime.timedelta(weeks=12)
    assert dates[-1] <= today
    kelurahan = set(executions.values_list("plan__kelurahan__nama", flat=True))
    assert len(kelurahan) == 5
    # Every month of the three has events.
    months = {(d.year, d.month) for d in dates if d >= today - datetime.timedelta(days=90)}
    assert len(months) >= 3

    not_held = executions.filter(status=PelaksanaanStatus.TIDAK_TERLAKSANA)
    assert [e.alasan_tidak_terlaksana for e in not_held] == ["Hujan deras"]
    assert not_held.get().plan.status == PlanStatus.DIBATALKAN
    closed = executions.filter(status=PelaksanaanStatus.DITUTUP)
    assert closed.count() >= 30
    assert all(e.plan.status == PlanStatus.TERLAKSANA for e in closed)

    held = executions.exclude(status=PelaksanaanStatus.TIDAK_TERLAKSANA)
    checklists = {e.pk: {i.key: i.done for i in pelaksanaan_completeness(e).items} for e in held}
    assert any(not items["attendance"] for items in checklists.values())  # an RT missing
    assert any(not items["results"] for items in checklists.values())
    assert any(items["attendance"] and not items["on_time"] for items in checklists.values())
    assert sum(items["attendance"] and items["results"] for items in checklists.values()) >= 20
    # Most held events have before/after pairs; some miss them, one has the before only.
    with_pairs = [e for e, items in checklists.items() if items["before_photos"]]
    assert len(with_pairs) >= 0.7 * len(checklists)
    assert any(
        items["before_photos"] and not items["after_photos"] for items in checklists.values()
    )
    complete = [e for e, items in checklists.items() if all(items.values())]
    assert len(complete) >= 15


def test_demo_attendance_is_realistic_with_private_photos(demo, client):
    rows = Kehadiran.objects.select_related("rt__kelurahan")
    assert rows.count() >= 100
    for execution in Pelaksanaan.objects.filter(kehadiran__isnull=False).distinct():
        counts = list(execution.kehadiran.all())
        warga = sum(row.hadir_warga for row in counts)
        assert warga > sum(row.total for row in counts) - warga  # warga the most
    assert rows.filter(hadir_tni_polri__gt=0).exists()
    assert rows.filter(hadir_kecamatan__gt=0).exists()
    assert rows.filter(stakeholders__isnull=False).exists()
    # Every event's attendance has the photo of a sheet; Ampui's has one for every RT.
    held = Pelaksanaan.objects.filter(kehadiran__isnull=False).distinct()
    assert not held.exclude(kehadiran__foto__isnull=False).exists()
    assert not rows.filter(rt__kelurahan__nama="Ampui", foto__isnull=True).exists()
    # The RT and RW heads recorded their own RTs.
    assert rows.filter(dicatat_oleh__username="ketuart").exists()
    assert rows.filter(dicatat_oleh__username="ketuarw").exists()

    ampui = rows.filter(rt__kelurahan__nama="Ampui").first().foto.first()
    ketapang = rows.filter(rt__kelurahan__nama="Ketapang").first().foto.first()
    url = reverse("photo", kwargs={"uuid": ampui.uuid, "rendition": "thumb"})
    assert client.get(url).status_code == 404  # never public
    client.force_login(User.objects.get(username="lurah"))  # lurah of Ampui
    assert client.get(url).status_code == 200
    other = reverse("photo", kwargs={"uuid": ketapang.uuid, "rendition": "thumb"})
    assert client.get(other).status_code == 404  # another kelurahan's sheet


def test_demo_results_services_kendala_and_problems_partly_resolved(demo):
    results = HasilKegiatan.objects.select_related("indikator")
    slugs = set(results.values_list("indikator__slug", flat=True))
    assert {"sampah-terangkut-kg", "drainase-dibersihkan", "pohon-ditanam"} <= slugs
    assert {"plastik", "kertas"} <= set(
        results.filter(indikator__slug="sampah-bank-sampah").values_list("jenis_sampah", flat=True)
    )
    kg = [r.jumlah for r in results.filter(indikator__slug="sampah-terangkut-kg")]
    assert all(50 <= q <= 1000 for q in kg)
    assert Pelaksanaan.objects.filter(layanan__isnull=False).exists()
    assert Pelaksanaan.objects.filter(kendala__isnull=False).exists()

    one_off = RencanaAksi.objects.filter(idempotency_key__startswith="demo-plan-past-")
    statuses = list(one_off.values_list("problems__status", flat=True))
    assert Status.SELESAI in statuses
    assert {Status.DIRENCANAKAN, Status.DITANGANI} & set(statuses)  # partly: some still open
