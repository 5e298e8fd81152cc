"""Documentation photo pages: adding before/after/activity photos (kept photos on a failed
form, one record per double submit), deleting one after a confirmation, hiding one from the
public; the plan page shows the pairs side by side with a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kegiatan.models import FotoDokumentasi, TitikDokumentasi
from sigoro.models import Photo, Role
from tests.kegiatan.factories import documentation_in, execution_in
from tests.photo_samples import camera_jpeg, upload


def add_url(plan):
    return reverse("kegiatan:documentation-add", args=[plan.pk])


def photo():
    return upload(camera_jpeg(orientation=1, width=120, height=80))


def test_an_rt_head_adds_a_before_and_an_after_photo_shown_as_a_pair(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    assert client.get(add_url(plan)).status_code == 200
    before = {"jenis": "sebelum", "titik_nama": "Got Gg. Melati", "keterangan": "Penuh sampah"}
    response = client.post(add_url(plan), before | {"titik_rt": world.home_rt.pk, "foto": photo()})
    assert response.status_code == 302
    spot = TitikDokumentasi.objects.get()
    assert spot.rt == world.home_rt
    response = client.post(add_url(plan), {"jenis": "sesudah", "titik": spot.pk, "foto": photo()})
    assert response.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'data-testid="doc-pair-{spot.pk}"' in page
    before_row, after_row = FotoDokumentasi.objects.order_by("pk")
    pair = page.split(f'data-testid="doc-pair-{spot.pk}"')[1]
    assert pair.index(before_row.foto.thumb_url) < pair.index(after_row.foto.thumb_url)
    assert "Penuh sampah" in pair


def test_a_failed_form_keeps_what_was_typed_and_the_good_photo(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    failed = client.post(
        add_url(plan), {"jenis": "sebelum", "keterangan": "Sampah di got", "foto": photo()}
    )
    assert failed.status_code == 400
    html = failed.content.decode()
    assert "Sampah di got" in html
    kept = Photo.objects.get()
    assert kept.uuid.hex in html  # sent back in foto_tersimpan
    response = client.post(
        add_url(plan),
        {
            "jenis": "sebelum",
            "titik_nama": "Got",
            "keterangan": "Sampah di got",
            "foto_tersimpan": kept.uuid.hex,
        },
    )
    assert response.status_code == 302
    row = FotoDokumentasi.objects.get()
    assert (row.foto, row.keterangan) == (kept, "Sampah di got")
    assert Photo.objects.count() == 1


def test_someone_elses_unused_photo_is_not_taken(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.LURAH])
    client.post(add_url(plan), {"jenis": "kegiatan", "foto": photo(), "titik": "x"})
    theirs = Photo.objects.get()  # kept for the lurah's retry
    client.force_login(world.users[Role.KETUA_RT])
    response = client.post(add_url(plan), {"jenis": "kegiatan", "foto_tersimpan": theirs.uuid.hex})
    assert response.status_code == 400
    assert not FotoDokumentasi.objects.exists()


def test_the_same_form_sent_twice_records_once(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    data = {"jenis": "kegiatan", "idempotency_key": "e3b0c44298fc1c149afbf4c8996fb924"}
    assert client.post(add_url(plan), data | {"foto": photo()}).status_code == 302
    assert client.post(add_url(plan), data | {"foto": photo()}).status_code == 302
    assert FotoDokumentasi.objects.count() == 1
    assert Photo.objects.count() == 1


def test_an_rt_head_cannot_add_to_another_rts_spot(client, world):
    sibling = world.foreign_rt[Role.KETUA_RT]
    pelaksanaan = execution_in(world.home_rt, rts=[sibling])
    theirs = TitikDokumentasi.objects.create(pelaksanaan=pelaksanaan, nama="Pos", rt=sibling)
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(add_url(pelaksanaan.plan)).content.decode()
    assert ">Pos · RT 002" not in page  # not among the spots offered
    assert ">RT 002<" not in page  # nor among the RTs of a new spot
    response = client.post(
        add_url(pelaksanaan.plan), {"jenis": "sesudah", "titik": theirs.pk, "foto": photo()}
    )
    assert response.status_code == 400
    assert not FotoDokumentasi.objects.exists()


def test_a_lurah_of_another_kelurahan_gets_404(client, world):
    pelaksanaan = execution_in(world.foreign_rt[Role.LURAH])
    row = documentation_in(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    plan = pelaksanaan.plan
    assert client.get(add_url(plan)).status_code == 404
    assert client.post(add_url(plan), {"jenis": "kegiatan", "foto": photo()}).status_code == 404
    delete = reverse("kegiatan:documentation-delete", args=[plan.pk, row.pk])
    assert client.post(delete).status_code == 404
    hide = reverse("kegiatan:documentation-public", args=[plan.pk, row.pk])
    assert client.post(hide, {"publik": "0"}).status_code == 404
    assert FotoDokumentasi.objects.filter(pk=row.pk, publik=True).exists()


def test_who_added_a_photo_deletes_it_after_confirming_and_others_may_not(client, world):
    pelaksanaan = execution_in(world.home_rt)
    plan = pelaksanaan.plan
    rt_head = world.users[Role.KETUA_RT]
    row = documentation_in(pelaksanaan, user=rt_head)
    url = reverse("kegiatan:documentation-delete", args=[plan.pk, row.pk])
    client.force_login(world.users[Role.KETUA_RW])
    assert client.post(url).status_code == 302
    assert FotoDokumentasi.objects.filter(pk=row.pk).exists()
    client.force_login(rt_head)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'data-testid="documentation-delete"' in confirm.content.decode()
    assert FotoDokumentasi.objects.filter(pk=row.pk).exists()
    assert client.post(url).status_code == 302
    assert not FotoDokumentasi.objects.exists()
    assert not Photo.objects.exists()


def test_the_lurah_hides_a_photo_and_shows_it_again(client, world):
    pelaksanaan = execution_in(world.home_rt)
    row = documentation_in(pelaksanaan)
    url = reverse("kegiatan:documentation-public", args=[pelaksanaan.plan_id, row.pk])
    client.force_login(world.users[Role.KETUA_RT])
    assert client.post(url, {"publik": "0"}).status_code == 403
    client.force_login(world.users[Role.LURAH])
    assert client.post(url, {"publik": "0"}).status_code == 302
    row.refresh_from_db()
    assert row.publik is False
    page = client.get(pelaksanaan.plan.get_absolute_url()).content.decode()
    assert 'data-testid="doc-hidden"' in page
    assert client.post(url, {"publik": "1"}).status_code == 302
    row.refresh_from_db()
    assert row.publik is True


def _plan_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(plan.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_plan_page_reads_the_photos_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    """One spot with a pair and one activity photo, then six spots with three photos each
    and five activity photos: the same number of queries (no query per spot or photo)."""
    pelaksanaan = execution_in(world.home_rt)
    plan = pelaksanaan.plan
    lurah = world.users[Role.LURAH]
    client.force_login(lurah)
    first = documentation_in(pelaksanaan, jenis="sebelum", user=lurah)
    documentation_in(pelaksanaan, jenis="sesudah", titik=first.titik, user=lurah)
    documentation_in(pelaksanaan, jenis="kegiatan", user=lurah)
    small = _plan_page_queries(client, plan)
    for n in range(5):
        spot = TitikDokumentasi.objects.create(pelaksanaan=pelaksanaan, nama=f"Titik {n}")
        for jenis in ("sebelum", "sebelum", "sesudah"):
            documentation_in(pelaksanaan, jenis=jenis, titik=spot, user=lurah)
    for _ in range(4):
        documentation_in(pelaksanaan, jenis="kegiatan", user=lurah)
    assert FotoDokumentasi.objects.count() == 2 + 1 + 15 + 4
    with django_assert_max_num_queries(small):
        page = client.get(plan.get_absolute_url())
    assert page.content.decode().count('data-testid="doc-pair-') == 6
