import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from sigoro.models import RT, Kelurahan, Role, User

pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_demo_loads_pangkalbalam_with_a_user_per_role_and_is_idempotent(capsys):
    call_command("load_demo")
    first = row_counts()
    call_command("load_demo")
    assert row_counts() == first  # including history tables: nothing written twice

    names = set(Kelurahan.objects.values_list("nama", flat=True))
    assert names == {"Ampui", "Ketapang", "Lontong Pancur", "Pasir Garam", "Rejosari"}
    assert RT.objects.count() == 110
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert RT.objects.filter(jumlah_kk=0).count() == 3
    from permasalahan.models import Problem

    assert Problem.objects.count() == 36
    assert Problem.objects.filter(photos__isnull=False).distinct().count() == 36
    assert Problem.objects.filter(lat__isnull=True).count() == 6
    assert set(Problem.objects.values_list("status", flat=True)) >= {
        "dilaporkan",
        "diverifikasi",
        "ditangani",
        "selesai",
        "ditolak",
    }
    assert not RT.objects.filter(lat__isnull=True).exists()
    from kegiatan.models import PlanSeries, RencanaAksi

    assert PlanSeries.objects.count() == 5  # a Jumat Bersih per kelurahan
    assert set(RencanaAksi.objects.values_list("status", flat=True)) == {
        "draft",
        "diajukan",
        "dikembalikan",
        "disetujui",
        "terlaksana",
        "dibatalkan",
    }
    jumat_bersih = RencanaAksi.objects.filter(series__isnull=False)
    assert {d.weekday() for d in jumat_bersih.values_list("tanggal", flat=True)} == {4}
    upcoming = jumat_bersih.filter(tanggal__gte=timezone.localdate())
    assert upcoming.filter(status="disetujui").count() == 10  # two per kelurahan
    # The schedules started three months ago: their past Fridays were approved and held.
    assert jumat_bersih.filter(status="terlaksana").count() >= 25
    assert RencanaAksi.objects.filter(problems__status="direncanakan").exists()
    out = capsys.readouterr().out
    assert "sigoro-demo" in out and "ketuart" in out
    assert User.objects.get(username="ketuart").check_password("sigoro-demo")
    # The city monitor reads Kota Pangkal Pinang; every other account carries it too.
    pemantau = User.objects.get(username="pemantau")
    assert (pemantau.role, pemantau.kota.nama, pemantau.kecamatan) == (
        "pemantau_kota",
        "Kota Pangkal Pinang",
        None,
    )
    assert set(User.objects.values_list("kota__nama", flat=True)) == {"Kota Pangkal Pinang"}
    assert "pemantau" in out
