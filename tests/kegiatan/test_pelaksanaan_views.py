"""Stage 4 pages: the execution section of the plan page, the RT attendance form, the
results/services/kendala forms; area scoping (another RT or kelurahan: 404), double
submits, kept photos, and attendance photos private to the area's staff."""

import uuid

from django.urls import reverse
from django.utils import timezone

from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
)
from sigoro.models import Photo, Role
from tests.kegiatan.factories import execution_in, indicator, plan_in
from tests.photo_samples import camera_jpeg, upload


def attendance_url(plan, rt):
    return reverse("kegiatan:attendance-record", args=[plan.pk, rt.pk])


def test_an_rt_head_cannot_open_another_rts_attendance(client, world):
    """A plan over RT 001 and RT 002: the head of RT 001 opens RT 001's form, and gets 404
    for RT 002's, reading and writing."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    plan = execution_in(world.home_rt, rts=[sibling]).plan
    client.force_login(world.users[Role.KETUA_RT])
    assert client.get(attendance_url(plan, world.home_rt)).status_code == 200
    assert client.get(attendance_url(plan, sibling)).status_code == 404
    response = client.post(attendance_url(plan, sibling), {"hadir_warga": "5"})
    assert response.status_code == 404
    assert not Kehadiran.objects.exists()


def test_a_lurah_cannot_touch_another_kelurahans_execution(client, world):
    plan = plan_in(
        world.foreign_rt[Role.LURAH], status=PlanStatus.DISETUJUI, tanggal=timezone.localdate()
    )
    client.force_login(world.users[Role.LURAH])
    url = reverse("kegiatan:execution-open", args=[plan.pk])
    assert client.get(url).status_code == 404
    data = {"tanggal": timezone.localdate().isoformat(), "dipimpin_oleh": "X"}
    assert client.post(url, data).status_code == 404
    not_held = reverse("kegiatan:execution-not-held", args=[plan.pk])
    assert client.post(not_held, {"alasan": "Hujan"}).status_code == 404
    assert not Pelaksanaan.objects.exists()


def test_open_then_close_from_the_plan_page(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    client.force_login(world.users[Role.LURAH])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="execution-open"' in page
    response = client.post(
        reverse("kegiatan:execution-open", args=[plan.pk]),
        {
            "tanggal": timezone.localdate().isoformat(),
            "jam_mulai": "07:30",
            "jam_selesai": "10:00",
            "lokasi": "Lapangan voli RW 001",
            "dipimpin_oleh": "Bu Lurah",
        },
    )
    assert response.status_code == 302
    assert Pelaksanaan.objects.get(plan=plan).lokasi == "Lapangan voli RW 001"
    response = client.post(reverse("kegiatan:plan-done", args=[plan.pk]), {})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.TERLAKSANA
    assert plan.pelaksanaan.status == PelaksanaanStatus.DITUTUP


def test_a_bad_open_form_keeps_what_was_typed(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        reverse("kegiatan:execution-open", args=[plan.pk]),
        {
            "tanggal": timezone.localdate().isoformat(),
            "jam_mulai": "10:00",
            "jam_selesai": "08:00",
            "lokasi": "Lapangan voli RW 001",
        },
    )
    assert response.status_code == 400
    assert 'value="Lapangan voli RW 001"' in response.content.decode()
    assert not Pelaksanaan.objects.exists()


def test_not_held_from_its_page(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    client.force_login(world.users[Role.LURAH])
    url = reverse("kegiatan:execution-not-held", args=[plan.pk])
    assert client.post(url, {"alasan": ""}).status_code == 400
    assert client.post(url, {"alasan": "Banjir di RW 001"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIBATALKAN
    assert plan.pelaksanaan.alasan_tidak_terlaksana == "Banjir di RW 001"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="not-held-reason"' in page and "Banjir di RW 001" in page


def test_a_double_submit_of_the_attendance_makes_one_record_and_one_photo(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    key = uuid.uuid4().hex
    for _ in range(2):
        response = client.post(
            attendance_url(plan, world.home_rt),
            {
                "idempotency_key": key,
                "hadir_warga": "18",
                "hadir_tni_polri": "2",
                "foto": upload(camera_jpeg()),
            },
        )
        assert response.status_code == 302
    row = Kehadiran.objects.get()
    assert (row.total, row.foto.count(), Photo.objects.count()) == (20, 1, 1)


def test_a_failed_attendance_form_keeps_its_photo(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    url = attendance_url(plan, world.home_rt)
    failed = client.post(url, {"hadir_warga": "", "foto": upload(camera_jpeg())})
    assert failed.status_code == 400
    kept = Photo.objects.get()
    assert kept.uuid.hex in failed.content.decode()  # sent back in foto_tersimpan
    response = client.post(url, {"hadir_warga": "11", "foto_tersimpan": kept.uuid.hex})
    assert response.status_code == 302
    assert list(Kehadiran.objects.get().foto.all()) == [kept]
    assert Photo.objects.count() == 1


def test_attendance_photos_are_private_to_the_areas_staff(client, world):
    """Anonymous: 404. The lurah of the area: 200. The head of the sibling RT, who does
    not see this RT's attendance: 404."""
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    client.post(
        attendance_url(plan, world.home_rt), {"hadir_warga": "9", "foto": upload(camera_jpeg())}
    )
    photo = Kehadiran.objects.get().foto.get()
    client.logout()
    assert client.get(photo.thumb_url).status_code == 404
    assert client.get(photo.web_url).status_code == 404
    client.force_login(world.users[Role.LURAH])
    assert client.get(photo.thumb_url).status_code == 200
    sibling_head = world.users[Role.KETUA_RT].__class__.objects.create(
        username="rt2", role=Role.KETUA_RT, rt=world.foreign_rt[Role.KETUA_RT]
    )
    client.force_login(sibling_head)
    assert client.get(photo.thumb_url).status_code == 404
    client.force_login(world.users[Role.STAKEHOLDER])
    assert client.get(photo.thumb_url).status_code == 404


def test_the_plan_page_shows_the_execution_and_its_checklist(client, world):
    """One RT, attendance recorded, no results: attendance and on time done -> 2/5 = 40 %."""
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    client.post(attendance_url(plan, world.home_rt), {"hadir_warga": "14"})
    client.force_login(world.users[Role.LURAH])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="attendance-total">14<' in page
    assert 'data-percent="40"' in page
    client.force_login(world.users[Role.STAKEHOLDER])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="execution"' not in page


def test_results_page_adds_rows_and_a_bad_row_keeps_what_was_typed(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RW])
    url = reverse("kegiatan:execution-results", args=[plan.pk])
    bank = indicator("sampah-bank-sampah")
    response = client.post(url, {"indikator": str(bank.pk), "jumlah": "12.5", "catatan": "Gg. X"})
    assert response.status_code == 400
    assert 'value="Gg. X"' in response.content.decode()
    response = client.post(
        url, {"indikator": str(bank.pk), "jumlah": "12.5", "jenis_sampah": "logam"}
    )
    assert response.status_code == 302
    row = HasilKegiatan.objects.get()
    assert (str(row.jumlah), row.jenis_sampah) == ("12.50", "logam")
    response = client.post(url, {"aksi": "lainnya", "lainnya-hasil_lainnya": "Taman dicat"})
    assert response.status_code == 302
    assert Pelaksanaan.objects.get().hasil_lainnya == "Taman dicat"
    assert "Taman dicat" in client.get(plan.get_absolute_url()).content.decode()


def test_forms_wait_for_the_execution_to_be_opened(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    client.force_login(world.users[Role.KETUA_RT])
    response = client.get(attendance_url(plan, world.home_rt))
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    response = client.post(
        reverse("kegiatan:execution-kendala", args=[plan.pk]),
        {"kategori": "cuaca", "uraian": "Hujan"},
    )
    assert response.status_code == 302
    assert not Pelaksanaan.objects.exists()


def test_the_attendance_form_shows_what_was_recorded(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    client.post(attendance_url(plan, world.home_rt), {"hadir_warga": "23", "hadir_rt_rw": "4"})
    page = client.get(attendance_url(plan, world.home_rt)).content.decode()
    assert 'name="hadir_warga" value="23"' in page
    assert 'name="hadir_rt_rw" value="4"' in page
