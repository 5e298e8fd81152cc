"""CSV and Excel exports: scoped like the list pages, with their filters, real cell types,
and large ones made by the task worker into the archive."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from laporan.dokumen import exports
from laporan.models import DocumentKind, GeneratedDocument
from sigoro.models import Role
from stakeholder.models import Pledge, PledgeStatus
from tests.kegiatan.factories import closed_execution_in, indicator
from tests.permasalahan.factories import ProblemFactory
from tests.stakeholder.factories import make_request, stakeholder_serving

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_a_lurah_exports_only_the_kelurahan_with_the_list_filters(client, world):
    home = ProblemFactory(rt=world.home_rt, alamat="Gg. Melati")
    resolved = ProblemFactory(rt=world.home_rt, alamat="Gg. Mawar", status="selesai")
    ProblemFactory(rt=world.foreign_rt[Role.LURAH], alamat="Kelurahan lain")
    client.force_login(world.users[Role.LURAH])

    rows = _csv(client.get(reverse("laporan:export", args=["masalah", "csv"])))
    assert rows[0][0] == str(exports.PROBLEMS.columns[0].label)
    assert sorted(r[0] for r in rows[1:]) == sorted([home.kode, resolved.kode])

    filtered = _csv(
        client.get(reverse("laporan:export", args=["masalah", "csv"]), {"status": "selesai"})
    )
    assert [r[0] for r in filtered[1:]] == [resolved.kode]


def test_the_admin_export_holds_the_kecamatan(client, world):
    ProblemFactory(rt=world.home_rt)
    ProblemFactory(rt=world.foreign_rt[Role.LURAH])
    ProblemFactory(rt=world.other_kecamatan_rt)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    rows = _csv(client.get(reverse("laporan:export", args=["masalah", "csv"])))
    assert len(rows) == 1 + 2


def test_excel_has_types_formats_widths_frozen_header_and_filter(client, world):
    stakeholder = stakeholder_serving(world.home_rt)
    support = make_request(kelurahan=world.home_rt.kelurahan, stakeholders=[stakeholder])
    Pledge.objects.filter(recipient__request=support).update(
        jumlah_dijanjikan=60,
        nilai_dijanjikan=1_250_000,
        nilai_diterima=750_000,
        status=PledgeStatus.DIJANJIKAN,
    )
    client.force_login(world.users[Role.LURAH])

    sheet = _xlsx(client.get(reverse("laporan:export", args=["stakeholder", "xlsx"])))

    header = [c.value for c in sheet[1]]
    assert header == [str(column.label) for column in exports.STAKEHOLDERS.columns]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == stakeholder.nama)
    assert row[6].value == 1_250_000 and isinstance(row[6].value, int)
    assert row[6].number_format == exports.RUPIAH_FORMAT
    assert row[7].value == 750_000
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:H")
    assert sheet.column_dimensions["A"].width == 32
    assert sheet[1][0].font.bold


def test_events_export_sums_attendance_and_dates_are_dates(client, world):
    from kegiatan.models import HasilKegiatan, Kehadiran

    pelaksanaan = closed_execution_in(world.home_rt, days_ago=3, judul="Jumat Bersih RW 001")
    Kehadiran.objects.create(
        pelaksanaan=pelaksanaan, rt=world.home_rt, hadir_warga=30, hadir_tni_polri=4
    )
    HasilKegiatan.objects.create(pelaksanaan=pelaksanaan, indikator=indicator(), jumlah=120)
    closed_execution_in(world.foreign_rt[Role.LURAH], judul="Kelurahan lain")
    client.force_login(world.users[Role.LURAH])

    sheet = _xlsx(client.get(reverse("laporan:export", args=["pelaksanaan", "xlsx"])))

    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    row = rows[0]
    assert row[0] == datetime.datetime.combine(pelaksanaan.tanggal, datetime.time())
    assert sheet["A2"].number_format == exports.DATE_FORMAT
    assert row[1] == "Jumat Bersih RW 001"
    assert (row[5], row[10], row[11]) == (30, 4, 34)
    assert "120" in row[13]


def test_plans_export_follows_the_list_default(client, world):
    from tests.kegiatan.factories import plan_in

    upcoming = plan_in(
        world.home_rt, judul="Besok", tanggal=datetime.date.today() + datetime.timedelta(days=3)
    )
    plan_in(
        world.home_rt, judul="Dulu", tanggal=datetime.date.today() - datetime.timedelta(days=30)
    )
    client.force_login(world.users[Role.LURAH])
    rows = _csv(client.get(reverse("laporan:export", args=["rencana-aksi", "csv"])))
    assert [r[0] for r in rows[1:]] == [upcoming.judul]
    rows = _csv(
        client.get(reverse("laporan:export", args=["rencana-aksi", "csv"]), {"waktu": "semua"})
    )
    assert sorted(r[0] for r in rows[1:]) == ["Besok", "Dulu"]


def test_a_large_export_runs_as_a_task_into_the_archive(client, world, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    for _ in range(3):
        ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.LURAH])

    response = client.get(reverse("laporan:export", args=["masalah", "xlsx"]))

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.kind == DocumentKind.EXPORT
    assert document.kelurahan == world.home_rt.kelurahan
    from laporan.dokumen import services

    services.document_run(document_id=document.pk)  # what the worker does
    document.refresh_from_db()
    sheet = load_workbook(document.file.path).active
    assert sheet.max_row == 1 + 3


def test_unknown_dataset_or_format_is_404_and_roles_without_export_403(client, world):
    client.force_login(world.users[Role.LURAH])
    assert client.get(reverse("laporan:export", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("laporan:export", args=["masalah", "pdf"])).status_code == 404
    client.force_login(world.users[Role.KETUA_RT])
    assert client.get(reverse("laporan:export", args=["masalah", "csv"])).status_code == 403


def test_list_pages_carry_the_export_buttons_with_their_filters(client, world):
    client.force_login(world.users[Role.LURAH])
    page = client.get(reverse("permasalahan:problem-list"), {"status": "baru"}).content.decode()
    assert reverse("laporan:export", args=["masalah", "xlsx"]) + "?status=baru" in page
    page = client.get(reverse("stakeholder:stakeholder-list")).content.decode()
    assert reverse("laporan:export", args=["stakeholder", "csv"]) in page
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(reverse("permasalahan:problem-list")).content.decode()
    assert 'data-testid="export-buttons"' not in page
