"""Stage 4: result, service and kendala rows are changed and deleted by who recorded them or
the lurah/admin, while the execution accepts entries (rule: ``services.entry_may_change``)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kegiatan import services
from kegiatan.models import HasilKegiatan, Kendala, LayananLokasi, PelaksanaanStatus
from sigoro.models import Role
from tests.kegiatan.factories import execution_in, indicator, service_type


def rows_of(rt, user):
    """A result, a service and a kendala row recorded by ``user`` at an open execution."""
    plan = execution_in(rt).plan
    hasil = services.hasil_add(user=user, plan=plan, indikator=indicator(), jumlah=Decimal(120))
    layanan = services.layanan_add(user=user, plan=plan, jenis=service_type(), jumlah=12)
    kendala = services.kendala_add(user=user, plan=plan, kategori="cuaca", uraian="Hujan")
    return plan, {"hasil": hasil, "layanan": layanan, "kendala": kendala}


def update_url(plan, kind, entry):
    return reverse("kegiatan:execution-row-update", args=[plan.pk, kind, entry.pk])


def delete_url(plan, kind, entry):
    return reverse("kegiatan:execution-row-delete", args=[plan.pk, kind, entry.pk])


EDITS = {
    "hasil": {"indikator": None, "jumlah": "95.5", "jenis_sampah": "", "catatan": "Ditimbang"},
    "layanan": {"jenis": None, "jumlah": "20"},
    "kendala": {"kategori": "alat_kurang", "uraian": "Cangkul kurang"},
}


def edit_data(kind):
    data = dict(EDITS[kind])
    if kind == "hasil":
        data["indikator"] = indicator().pk
    if kind == "layanan":
        data["jenis"] = service_type().pk
    return data


def test_the_recorder_changes_his_rows(client, world):
    head = world.users[Role.KETUA_RT]
    plan, rows = rows_of(world.home_rt, head)
    client.force_login(head)
    for kind, entry in rows.items():
        assert client.get(update_url(plan, kind, entry)).status_code == 200
        assert client.post(update_url(plan, kind, entry), edit_data(kind)).status_code == 302
    assert HasilKegiatan.objects.get().jumlah == Decimal("95.5")
    assert HasilKegiatan.objects.get().catatan == "Ditimbang"
    assert LayananLokasi.objects.get().jumlah == 20
    assert (Kendala.objects.get().kategori, Kendala.objects.get().uraian) == (
        "alat_kurang",
        "Cangkul kurang",
    )


def test_the_recorder_deletes_his_rows(client, world):
    head = world.users[Role.KETUA_RT]
    plan, rows = rows_of(world.home_rt, head)
    client.force_login(head)
    for kind, entry in rows.items():
        assert client.post(delete_url(plan, kind, entry)).status_code == 302
    assert not HasilKegiatan.objects.exists()
    assert not LayananLokasi.objects.exists()
    assert not Kendala.objects.exists()


def test_the_lurah_changes_and_deletes_anyones_rows(client, world):
    plan, rows = rows_of(world.home_rt, world.users[Role.KETUA_RT])
    client.force_login(world.users[Role.LURAH])
    assert client.post(
        update_url(plan, "hasil", rows["hasil"]), edit_data("hasil")
    ).status_code == (302)
    assert client.post(delete_url(plan, "kendala", rows["kendala"])).status_code == 302
    assert HasilKegiatan.objects.get().jumlah == Decimal("95.5")
    assert not Kendala.objects.exists()


def test_another_head_may_not_change_a_row_he_did_not_record(client, world):
    """The RW head sees the RT's execution but did not record its rows: 403, nothing
    changes; the rows page offers him no link to change them."""
    plan, rows = rows_of(world.home_rt, world.users[Role.KETUA_RT])
    client.force_login(world.users[Role.KETUA_RW])
    assert client.get(update_url(plan, "hasil", rows["hasil"])).status_code == 403
    assert client.post(delete_url(plan, "hasil", rows["hasil"])).status_code == 403
    assert HasilKegiatan.objects.exists()
    page = client.get(reverse("kegiatan:execution-results", args=[plan.pk])).content.decode()
    assert 'data-testid="row-edit"' not in page
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(reverse("kegiatan:execution-results", args=[plan.pk])).content.decode()
    assert 'data-testid="row-edit"' in page


def test_a_lurah_cannot_touch_another_kelurahans_rows(client, world):
    plan, rows = rows_of(world.foreign_rt[Role.LURAH], world.users[Role.ADMIN_KECAMATAN])
    client.force_login(world.users[Role.LURAH])
    assert client.get(update_url(plan, "hasil", rows["hasil"])).status_code == 404
    assert client.post(delete_url(plan, "hasil", rows["hasil"])).status_code == 404
    assert HasilKegiatan.objects.exists()


def test_a_row_of_another_plan_or_an_unknown_kind_is_404(client, world):
    plan, _rows = rows_of(world.home_rt, world.users[Role.LURAH])
    _other, other_rows = rows_of(world.home_rt, world.users[Role.LURAH])
    client.force_login(world.users[Role.LURAH])
    assert client.get(update_url(plan, "hasil", other_rows["hasil"])).status_code == 404
    assert client.get(update_url(plan, "foto", other_rows["hasil"])).status_code == 404
    assert client.post(delete_url(plan, "hasil", other_rows["hasil"])).status_code == 404
    assert HasilKegiatan.objects.count() == 2


def test_a_bad_edit_keeps_what_was_typed(client, world):
    plan, rows = rows_of(world.home_rt, world.users[Role.LURAH])
    client.force_login(world.users[Role.LURAH])
    data = edit_data("hasil") | {"jumlah": "0", "catatan": "Belum ditimbang"}
    response = client.post(update_url(plan, "hasil", rows["hasil"]), data)
    assert response.status_code == 400
    assert 'value="Belum ditimbang"' in response.content.decode()
    assert HasilKegiatan.objects.get().jumlah == Decimal(120)


def test_no_change_once_the_plan_was_marked_not_held(world):
    lurah = world.users[Role.LURAH]
    plan, rows = rows_of(world.home_rt, lurah)
    plan.pelaksanaan.status = PelaksanaanStatus.TIDAK_TERLAKSANA
    plan.pelaksanaan.save()
    entry = HasilKegiatan.objects.select_related("pelaksanaan").get()
    assert not services.entry_may_change(user=lurah, entry=entry)
    with pytest.raises(ValidationError):
        services.entry_delete(user=lurah, entry=entry)
    assert HasilKegiatan.objects.exists()


@pytest.mark.parametrize("role", [Role.CAMAT, Role.KETUA_RW])
def test_the_rule_refuses_who_may_not(world, role):
    _plan, rows = rows_of(world.home_rt, world.users[Role.KETUA_RT])
    entry = rows["kendala"]
    user = world.users[role]
    assert not services.entry_may_change(user=user, entry=entry)
    with pytest.raises(PermissionDenied):
        services.kendala_update(user=user, entry=entry, kategori="cuaca", uraian="X")
    assert Kendala.objects.get().uraian == "Hujan"
