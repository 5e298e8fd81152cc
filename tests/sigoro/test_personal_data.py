"""UU PDP 2022: the admin kecamatan exports and deletes one person's data on request."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from permasalahan import services as problem_services
from permasalahan.models import Problem
from sigoro.models import PersonalDataRequest, Role, User
from sigoro.photos import process_photo
from sigoro.selectors import audit_list
from tests.factories import UserFactory
from tests.permasalahan.factories import category
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db

URL = reverse("personal-data")
PHONE = "6281299990001"
TYPED_PHONE = "0812-9999-0001"
NAME = "Bu Sari Rahasia"
LABEL = str(PersonalDataRequest._meta.verbose_name)


def report(rt, *, name=NAME, phone=PHONE, gps=True):
    """A public report with the reporter's name and phone, and a photo with GPS."""
    photo = camera_jpeg(6, lat=-2.0921, lon=106.1389) if gps else camera_jpeg(6)
    return problem_services.problem_create(
        user=None,
        kategori=category(),
        rt=rt,
        alamat="Gg. Melati dekat masjid",
        deskripsi="Sampah menumpuk di depan masjid",
        processed_photos=[process_photo(upload(photo))],
        pelapor_nama=name,
        pelapor_hp=phone,
    )


def rows_holding(text: str) -> list[str]:
    """Every (model, field) of the database whose value contains ``text``."""
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        texts = [f for f in fields if isinstance(f, models.CharField | models.TextField)]
        for field in texts:
            if model._default_manager.filter(**{f"{field.name}__contains": text}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def post(client, **data):
    return client.post(URL, {"jenis": "hp", "nilai": TYPED_PHONE, **data})


def test_the_export_holds_the_reports_with_name_phone_and_photo_gps(client, world):
    problem = report(world.home_rt)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    found = post(client, aksi="cari")
    assert found.status_code == 200
    assert found.context["summary"]
    response = post(client, aksi="ekspor")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    [row] = document["data"]["laporan"]
    assert (row["kode"], row["pelapor_hp"], row["pelapor_nama"]) == (problem.kode, PHONE, NAME)
    assert row["foto"][0]["gps_lat"] == pytest.approx(-2.0921, abs=1e-4)
    record = PersonalDataRequest.objects.get()
    assert (record.aksi, record.jenis_subjek, record.jumlah) == ("ekspor", "hp", 1)
    assert record.oleh == world.users[Role.ADMIN_KECAMATAN]


def test_a_deletion_needs_the_confirmation_and_then_no_row_holds_the_phone(client, world):
    problem = report(world.home_rt)
    other = report(world.home_rt, name="Pak Lain", phone="6281288887777")
    assert rows_holding(PHONE)  # the report and its history
    client.force_login(world.users[Role.ADMIN_KECAMATAN])

    refused = post(client, aksi="hapus")
    assert refused.status_code == 400
    assert "konfirmasi" in refused.context["form"].errors
    assert rows_holding(PHONE)
    assert not PersonalDataRequest.objects.exists()

    done = post(client, aksi="hapus", konfirmasi="on")
    assert done.status_code == 302
    assert rows_holding(PHONE) == []
    assert rows_holding(NAME) == []
    problem.refresh_from_db()
    # The public content stays; the photo's private position is gone.
    assert (problem.alamat, problem.pelapor_hp, problem.pelapor_nama) == (
        "Gg. Melati dekat masjid",
        "",
        "",
    )
    assert problem.photos.get().photo.gps_lat is None
    # Another reporter keeps theirs.
    other.refresh_from_db()
    assert other.pelapor_hp == "6281288887777"
    assert other.photos.get().photo.gps_lat is not None
    record = PersonalDataRequest.objects.get()
    assert record.aksi == "hapus" and record.jumlah >= 1


def test_a_reporter_found_by_name_only(client, world):
    report(world.home_rt)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.post(URL, {"jenis": "nama", "nilai": NAME.lower(), "aksi": "ekspor"})
    assert response.status_code == 200
    assert json.loads(response.content)["data"]["laporan"][0]["pelapor_hp"] == PHONE


def test_an_account_is_exported_then_deactivated_and_blanked(client, world):
    person = UserFactory(
        role=Role.KETUA_RT,
        rt=world.home_rt,
        username="pakrt",
        first_name="Rahmat",
        last_name="Rahasia",
        phone="6281377776666",
    )
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    exported = client.post(URL, {"jenis": "akun", "nilai": "pakrt", "aksi": "ekspor"})
    assert exported.status_code == 200
    [account] = json.loads(exported.content)["data"]["akun"]
    assert (account["phone"], account["last_name"]) == ("6281377776666", "Rahasia")
    done = client.post(URL, {"jenis": "akun", "nilai": "pakrt", "aksi": "hapus", "konfirmasi": "1"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()
    assert (person.phone, person.first_name, person.last_name) == (None, "", "")
    assert rows_holding("6281377776666") == []
    assert rows_holding("Rahasia") == []


def test_the_admin_cannot_delete_their_own_account_here(client, world):
    admin = world.users[Role.ADMIN_KECAMATAN]
    client.force_login(admin)
    response = client.post(
        URL, {"jenis": "akun", "nilai": admin.username, "aksi": "hapus", "konfirmasi": "1"}
    )
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.parametrize("aksi", ["ekspor", "hapus"])
def test_another_kecamatans_admin_gets_404_and_changes_nothing(client, world, aksi):
    problem = report(world.home_rt)
    person = UserFactory(role=Role.KETUA_RT, rt=world.home_rt, username="pakrt")
    foreign_admin = UserFactory(
        role=Role.ADMIN_KECAMATAN, kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan
    )
    client.force_login(foreign_admin)
    by_phone = post(client, aksi=aksi, konfirmasi="on")
    by_account = client.post(
        URL, {"jenis": "akun", "nilai": "pakrt", "aksi": aksi, "konfirmasi": "on"}
    )
    assert (by_phone.status_code, by_account.status_code) == (404, 404)
    found = post(client, aksi="cari")
    assert found.status_code == 400 and found.context["summary"] is None
    problem.refresh_from_db()
    person.refresh_from_db()
    assert problem.pelapor_hp == PHONE and person.is_active
    assert not PersonalDataRequest.objects.exists()


@pytest.mark.parametrize("role", [Role.CAMAT, Role.LURAH, Role.KETUA_RT, Role.STAKEHOLDER])
def test_only_the_admin_kecamatan_may_use_the_page(client, world, role):
    report(world.home_rt)
    client.force_login(world.users[role])
    assert post(client, aksi="ekspor").status_code == 403
    assert Problem.objects.get().pelapor_hp == PHONE


def test_exports_and_deletions_appear_in_the_audit_trail(client, world):
    report(world.home_rt)
    admin = world.users[Role.ADMIN_KECAMATAN]
    client.force_login(admin)
    post(client, aksi="ekspor")
    post(client, aksi="hapus", konfirmasi="on")
    entries = [e for e in audit_list(user=admin) if e.model == LABEL]
    assert len(entries) == 2
    assert {e.who for e in entries} == {admin}
    assert all(PHONE not in e.object_label for e in entries)
    # The camat of another kecamatan does not see them.
    camat_b = UserFactory(role=Role.CAMAT, kecamatan=world.other_kecamatan_rt.kelurahan.kecamatan)
    assert not [e for e in audit_list(user=camat_b) if e.model == LABEL]


def test_a_stakeholder_contact_account_loses_its_link(client, world):
    contact = world.users[Role.STAKEHOLDER]
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    exported = client.post(URL, {"jenis": "akun", "nilai": contact.username, "aksi": "ekspor"})
    assert json.loads(exported.content)["data"]["stakeholder"] == [
        {"akun_kontak_untuk": "Koramil Pangkalbalam"}
    ]
    client.post(
        URL, {"jenis": "akun", "nilai": contact.username, "aksi": "hapus", "konfirmasi": "on"}
    )
    assert not User.objects.get(pk=contact.pk).is_active
    assert not hasattr(User.objects.get(pk=contact.pk), "stakeholder_contact")
