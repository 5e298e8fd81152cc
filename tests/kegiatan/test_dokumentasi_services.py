"""Documentation photos: before/after by spot and activity photos, who adds and deletes
them, one record per double submit, the completeness items they fill."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kegiatan import services
from kegiatan.models import FotoDokumentasi, JenisFotoDokumentasi, TitikDokumentasi
from sigoro.models import Photo, Role
from sigoro.services import photo_create
from tests.kegiatan.factories import execution_in
from tests.photo_samples import camera_jpeg, upload

SEBELUM = JenisFotoDokumentasi.SEBELUM
SESUDAH = JenisFotoDokumentasi.SESUDAH
KEGIATAN = JenisFotoDokumentasi.KEGIATAN


def photo():
    return upload(camera_jpeg(width=120, height=80))


def test_before_and_after_of_a_new_spot_make_one_spot_with_both(world):
    rt_head = world.users[Role.KETUA_RT]
    plan = execution_in(world.home_rt).plan
    before = services.dokumentasi_add(
        user=rt_head,
        plan=plan,
        jenis=SEBELUM,
        titik_nama="Drainase  Gg. Melati",
        titik_rt=world.home_rt,
        keterangan="Penuh sampah",
        uploads=[photo(), photo()],
    )
    after = services.dokumentasi_add(
        user=rt_head, plan=plan, jenis=SESUDAH, titik_nama="drainase gg. melati", uploads=[photo()]
    )
    spot = TitikDokumentasi.objects.get()
    assert (spot.nama, spot.rt, spot.dibuat_oleh) == ("Drainase Gg. Melati", world.home_rt, rt_head)
    assert [row.jenis for row in spot.foto.order_by("pk")] == [SEBELUM, SEBELUM, SESUDAH]
    assert [row.keterangan for row in before] == ["Penuh sampah", "Penuh sampah"]
    assert after[0].titik == spot and after[0].dicatat_oleh == rt_head
    assert Photo.objects.count() == 3


def test_an_activity_photo_has_no_spot_and_a_before_photo_needs_one(world):
    lurah = world.users[Role.LURAH]
    plan = execution_in(world.home_rt).plan
    [row] = services.dokumentasi_add(
        user=lurah, plan=plan, jenis=KEGIATAN, titik_nama="ignored", uploads=[photo()]
    )
    assert row.titik is None
    with pytest.raises(ValidationError) as error:
        services.dokumentasi_add(user=lurah, plan=plan, jenis=SEBELUM, uploads=[photo()])
    assert "titik_nama" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.dokumentasi_add(user=lurah, plan=plan, jenis=KEGIATAN)
    assert "foto" in error.value.message_dict
    assert FotoDokumentasi.objects.count() == 1


def test_the_same_form_twice_makes_its_rows_once(world):
    rt_head = world.users[Role.KETUA_RT]
    plan = execution_in(world.home_rt).plan
    kwargs = {"user": rt_head, "plan": plan, "jenis": KEGIATAN, "idempotency_key": "k" * 64}
    first = services.dokumentasi_add(**kwargs, uploads=[photo(), photo()])
    again = services.dokumentasi_add(**kwargs, uploads=[photo(), photo()])
    assert [r.pk for r in again] == [r.pk for r in first]
    assert FotoDokumentasi.objects.count() == 2
    assert Photo.objects.count() == 2


def test_an_rt_head_may_not_use_a_spot_of_another_rt(world):
    sibling = world.foreign_rt[Role.KETUA_RT]
    plan = execution_in(world.home_rt, rts=[sibling]).plan
    rw_head, rt_head = world.users[Role.KETUA_RW], world.users[Role.KETUA_RT]
    [row] = services.dokumentasi_add(
        user=rw_head,
        plan=plan,
        jenis=SEBELUM,
        titik_nama="Pos ronda",
        titik_rt=sibling,
        uploads=[photo()],
    )
    with pytest.raises(ValidationError):
        services.dokumentasi_add(
            user=rt_head, plan=plan, jenis=SESUDAH, titik=row.titik, uploads=[photo()]
        )
    with pytest.raises(ValidationError):
        services.dokumentasi_add(
            user=rt_head, plan=plan, jenis=SESUDAH, titik_nama="POS RONDA", uploads=[photo()]
        )
    with pytest.raises(ValidationError):
        services.dokumentasi_add(
            user=rt_head,
            plan=plan,
            jenis=SEBELUM,
            titik_nama="Baru",
            titik_rt=sibling,
            uploads=[photo()],
        )
    assert FotoDokumentasi.objects.count() == 1


def test_a_lurah_of_another_kelurahan_cannot_add(world):
    plan = execution_in(world.foreign_rt[Role.LURAH]).plan
    with pytest.raises(Http404):
        services.dokumentasi_add(
            user=world.users[Role.LURAH], plan=plan, jenis=KEGIATAN, uploads=[photo()]
        )
    assert not FotoDokumentasi.objects.exists()


def test_kept_photos_must_be_the_users_own_unused_ones(world):
    rt_head, lurah = world.users[Role.KETUA_RT], world.users[Role.LURAH]
    plan = execution_in(world.home_rt).plan
    mine = photo_create(user=rt_head, upload=photo())
    theirs = photo_create(user=lurah, upload=photo())
    with pytest.raises(ValidationError):
        services.dokumentasi_add(user=rt_head, plan=plan, jenis=KEGIATAN, kept_photos=[theirs])
    [row] = services.dokumentasi_add(user=rt_head, plan=plan, jenis=KEGIATAN, kept_photos=[mine])
    assert row.foto == mine


def test_who_added_it_or_the_lurah_deletes_a_photo(world, settings):
    rt_head, rw_head = world.users[Role.KETUA_RT], world.users[Role.KETUA_RW]
    lurah = world.users[Role.LURAH]
    plan = execution_in(world.home_rt).plan
    first, second = services.dokumentasi_add(
        user=rt_head, plan=plan, jenis=KEGIATAN, uploads=[photo(), photo()]
    )
    with pytest.raises(PermissionDenied):
        services.dokumentasi_delete(user=rw_head, plan=plan, row=first)
    services.dokumentasi_delete(user=rt_head, plan=plan, row=first)
    services.dokumentasi_delete(user=lurah, plan=plan, row=second)
    assert not FotoDokumentasi.objects.exists()
    assert not Photo.objects.exists()


def test_before_and_after_photos_fill_the_completeness_items(world):
    """Checklist of 5 items (attendance, before, after, results, on time): with only a
    before photo, 1 of 5 is done = 20 %; with an after photo too, 2 of 5 = 40 %."""
    lurah = world.users[Role.LURAH]
    pelaksanaan = execution_in(world.home_rt)
    plan = pelaksanaan.plan
    services.dokumentasi_add(
        user=lurah, plan=plan, jenis=SEBELUM, titik_nama="Pasar", uploads=[photo()]
    )
    checklist = services.pelaksanaan_completeness(pelaksanaan, entry_days=3)
    assert {i.key: i.done for i in checklist.items}["before_photos"] is True
    assert checklist.percent == 20
    services.dokumentasi_add(
        user=lurah, plan=plan, jenis=SESUDAH, titik_nama="Pasar", uploads=[photo()]
    )
    assert services.pelaksanaan_completeness(pelaksanaan, entry_days=3).percent == 40


def test_a_documentation_photo_is_in_use_until_its_row_is_gone(world):
    """The history of a documentation row does not hold its photo: once the row is deleted
    (e.g. with its execution), ``cleanup_photos`` may remove the photo."""
    from sigoro.selectors import photos_unused

    plan = execution_in(world.home_rt).plan
    [row] = services.dokumentasi_add(
        user=world.users[Role.LURAH], plan=plan, jenis=KEGIATAN, uploads=[photo()]
    )
    assert not photos_unused(Photo.objects.filter(pk=row.foto_id)).exists()
    row.delete()
    assert photos_unused(Photo.objects.filter(pk=row.foto_id)).exists()
