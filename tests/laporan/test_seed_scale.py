"""``manage.py seed_scale`` at a small scale: the city's shape, determinism, valid rows."""

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from kegiatan.models import (
    FotoDokumentasi,
    HasilKegiatan,
    Kehadiran,
    Kendala,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanSeries,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from permasalahan.models import Problem, ProblemEvent, Status
from sigoro.models import RT, RW, Kecamatan, Kelurahan, Kota, User
from stakeholder.models import (
    Delivery,
    Pledge,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    SupportRequest,
    Swadaya,
)

pytestmark = pytest.mark.django_db

SMALL = ["--scale", "0.002", "--years", "1"]
END = datetime.date(2026, 11, 30)

CHECKED_MODELS = [
    Kecamatan,
    Kelurahan,
    RW,
    RT,
    User,
    Stakeholder,
    SupportRequest,
    RequestItem,
    RequestRecipient,
    Pledge,
    Delivery,
    Swadaya,
    PlanSeries,
    RencanaAksi,
    PlanLocation,
    PlanEvent,
    Pelaksanaan,
    Kehadiran,
    HasilKegiatan,
    Kendala,
    TitikDokumentasi,
    FotoDokumentasi,
    Problem,
    ProblemEvent,
]


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_scale", *SMALL, *args, stdout=out)
    return out.getvalue()


def fingerprint() -> tuple[dict, str]:
    """Return the row count of each checked table and a checksum of rows a person can read."""
    counts = {model._meta.label: model.objects.count() for model in CHECKED_MODELS}
    digest = hashlib.sha256()
    for row in Problem.objects.order_by("kode").values_list(
        "kode", "status", "dibuat", "selesai_pada", "jumlah_laporan", "rt__nomor"
    ):
        digest.update(repr(row).encode())
    for row in RencanaAksi.objects.order_by("tanggal", "judul").values_list(
        "judul", "tanggal", "status", "target_total"
    ):
        digest.update(repr(row).encode())
    for row in Kehadiran.objects.order_by("pelaksanaan__tanggal", "rt__nomor").values_list(
        "pelaksanaan__tanggal", "rt__nomor", "hadir_warga"
    ):
        digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def seed_and_roll_back(*args) -> tuple[dict, str]:
    """Seed, read the fingerprint, and undo the seed (the next run starts from the same state)."""
    with transaction.atomic():
        seed(*args)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_the_city_has_seven_kecamatan_and_42_kelurahan_with_people():
    output = seed()
    kota = Kota.objects.get(nama="Kota Pangkal Pinang")
    assert Kecamatan.objects.filter(kota=kota).count() == 7
    assert Kelurahan.objects.filter(kecamatan__kota=kota).count() == 42
    assert set(Kecamatan.objects.values_list("nama", flat=True)) >= {
        "Bukit Intan",
        "Gabek",
        "Gerunggang",
        "Girimaya",
        "Pangkalbalam",
        "Rangkui",
        "Taman Sari",
    }
    # At this scale each kelurahan has one RW of 3 to 5 RT.
    assert RW.objects.count() == 42
    assert 42 * 3 <= RT.objects.count() <= 42 * 5
    assert User.objects.filter(role="lurah").count() == 42
    assert User.objects.filter(role="camat").count() == 7
    assert "rows in" in output and "permasalahan.Problem" in output
    # One year of 300,000 problems per five years, at 0.002: 120 problems.
    assert Problem.objects.count() == 120


def test_every_seeded_photo_opens_as_a_real_jpeg():
    """The bulk-inserted Photo rows share two files; the pages and the PDFs open them, so
    seed_scale writes both to the media storage (a littered street, then a clean one)."""
    from PIL import Image

    seed()
    names = set(FotoDokumentasi.objects.values_list("foto__web", flat=True))
    assert names == {"foto/scale/sebelum.jpg", "foto/scale/sesudah.jpg"}
    photo = FotoDokumentasi.objects.select_related("foto").first().foto
    for field in (photo.web, photo.thumb):
        with field.open("rb") as handle, Image.open(handle) as image:
            assert (image.format, image.size) == ("JPEG", (800, 600))


def test_the_same_seed_writes_the_same_rows_and_another_seed_other_rows():
    first = seed_and_roll_back("--seed", "7")
    second = seed_and_roll_back("--seed", "7")
    other = seed_and_roll_back("--seed", "8")
    assert first == second
    assert first[1] != other[1]
    assert first[0]["permasalahan.Problem"] == 120


def test_rows_pass_full_clean_and_statuses_follow_the_dates_as_the_services_write_them():
    seed()
    for model in CHECKED_MODELS:
        sample = list(model.objects.order_by("pk")[:15]) + list(model.objects.order_by("-pk")[:15])
        assert sample, model
        for row in sample:
            row.full_clean()
    end = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    for problem in Problem.objects.all():
        assert problem.dibuat < end
        assert problem.kelurahan_id == problem.rt.kelurahan_id
        assert (problem.selesai_pada is not None) == (problem.status == Status.SELESAI)
        if problem.selesai_pada:
            assert problem.diverifikasi_pada <= problem.selesai_pada
        assert (problem.duplikat_dari_id is not None) == (problem.status == Status.DUPLIKAT)
        timeline = list(problem.events.order_by("waktu", "pk"))
        assert timeline[0].ke_status == Status.DILAPORKAN
        assert timeline[-1].ke_status == problem.status
    for plan in RencanaAksi.objects.select_related("pelaksanaan"):
        execution = getattr(plan, "pelaksanaan", None)
        if plan.status == PlanStatus.TERLAKSANA:
            assert execution.status == PelaksanaanStatus.DITUTUP
            assert plan.disetujui_pada is not None and plan.tanggal <= END
        if execution is not None and execution.status == PelaksanaanStatus.TIDAK_TERLAKSANA:
            assert plan.status == PlanStatus.DIBATALKAN
        assert plan.events.order_by("waktu", "pk").last().ke_status == plan.status
    # Every problem resolved at an event is one of that event's plan's problems.
    for execution in Pelaksanaan.objects.filter(masalah_diselesaikan__isnull=False).distinct():
        resolved = set(execution.masalah_diselesaikan.values_list("pk", flat=True))
        assert resolved <= set(execution.plan.problems.values_list("pk", flat=True))
    for pledge in Pledge.objects.all():
        delivered = sum(d.jumlah for d in pledge.deliveries.all())
        assert pledge.jumlah_diterima == delivered


def test_a_database_that_already_has_the_kota_is_refused():
    Kota.objects.create(nama="Kota Pangkal Pinang")
    with pytest.raises(CommandError):
        seed()
    assert not Kecamatan.objects.filter(kota__nama="Kota Pangkal Pinang").exists()
