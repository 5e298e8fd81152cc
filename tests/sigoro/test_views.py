import pytest
from django.urls import reverse

from sigoro.models import RT, Role, User
from tests.factories import TEST_PASSWORD, RTFactory, RWFactory, UserFactory

pytestmark = pytest.mark.django_db


# -- sign in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["siti", "SITI", "0812-7100-0005", "+62 812 7100 0005"])
def test_sign_in_by_username_or_phone(client, login):
    UserFactory(username="siti", phone="6281271000005", rt=RTFactory())
    response = client.post(reverse("login"), {"username": login, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_is_refused_in_indonesian_and_keeps_the_username(client):
    UserFactory(username="siti", rt=RTFactory())
    response = client.post(reverse("login"), {"username": "siti", "password": "salah"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna/nomor HP atau kata sandi salah" in html
    assert 'value="siti"' in html


def test_inactive_account_cannot_sign_in(client):
    user = UserFactory(username="siti", rt=RTFactory())
    user.is_active = False
    user.save()
    response = client.post(reverse("login"), {"username": "siti", "password": TEST_PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_sign_out_and_change_password(client):
    user = UserFactory(username="siti", rt=RTFactory())
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Gotong-Royong-2026",
            "new_password2": "Gotong-Royong-2026",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Gotong-Royong-2026")
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


# -- home ------------------------------------------------------------------------------------


def test_rt_head_home_shows_their_rt_and_counts(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("home")).content.decode()
    assert world.home_rt.label in html
    assert "100" in html and "360" in html  # KK and jiwa of the RT
    assert "Halo," in html


def test_admin_home_lists_rt_without_counts_and_without_heads(client, world):
    RT.objects.filter(pk=world.home_rt.pk).update(jumlah_kk=0, jumlah_jiwa=0)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    html = client.get(reverse("home")).content.decode()
    assert "1 RT belum mengisi jumlah KK atau jiwa." in html
    # 4 RT in kecamatan A, one has an RT head account.
    assert "3 RT belum memiliki akun ketua RT." in html


def test_stakeholder_contact_sees_no_household_or_resident_tiles(client, world):
    client.force_login(world.users[Role.STAKEHOLDER])
    html = client.get(reverse("home")).content.decode()
    assert "Halo," in html
    assert "stat-card" not in html
    assert "Kepala keluarga (KK)" not in html and "Penduduk (jiwa)" not in html
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("home")).content.decode()
    assert "Kepala keluarga (KK)" in html and "Penduduk (jiwa)" in html


def test_sign_in_page_links_the_public_pages_for_residents(client):
    html = client.get(reverse("login")).content.decode()
    assert "Untuk warga" in html
    for name in (
        "permasalahan:report",
        "permasalahan:track-lookup",
        "permasalahan:public-map",
        "kegiatan:public-schedule-index",
    ):
        assert f'href="{reverse(name)}"' in html.split("Untuk warga")[1], name
    assert "Dengan kode yang Anda terima" in html


def test_camat_sees_no_todo_they_cannot_act_on(client, world):
    RT.objects.update(jumlah_kk=0, jumlah_jiwa=0)
    client.force_login(world.users[Role.CAMAT])
    html = client.get(reverse("home")).content.decode()
    assert "belum mengisi" not in html


# -- RT counts -------------------------------------------------------------------------------


def test_rt_head_updates_own_counts(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    url = reverse("rt-update", args=[world.home_rt.pk])
    response = client.post(url, {"jumlah_kk": 120, "jumlah_jiwa": 430})
    assert response.status_code == 302
    world.home_rt.refresh_from_db()
    assert (world.home_rt.jumlah_kk, world.home_rt.jumlah_jiwa) == (120, 430)
    assert world.home_rt.history.first().history_user == world.users[Role.KETUA_RT]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jumlah_kk": "120", "jumlah_jiwa": "50"}, "Jumlah jiwa tidak boleh lebih kecil"),
        (
            {"jumlah_kk": "-3", "jumlah_jiwa": "50"},
            "Pastikan nilai ini lebih besar dari atau sama dengan 0",
        ),
        ({"jumlah_kk": "banyak", "jumlah_jiwa": "50"}, "Masukkan bilangan bulat, misalnya 120."),
    ],
)
def test_bad_counts_get_indonesian_errors_and_keep_input(client, world, data, message):
    client.force_login(world.users[Role.LURAH])
    response = client.post(reverse("rt-update", args=[world.home_rt.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{data["jumlah_kk"]}"' in html
    world.home_rt.refresh_from_db()
    assert world.home_rt.jumlah_kk == 100


def test_rt_head_cannot_update_another_rt_by_post(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    other = world.foreign_rt[Role.KETUA_RT]
    response = client.post(
        reverse("rt-update", args=[other.pk]), {"jumlah_kk": 1, "jumlah_jiwa": 1}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.jumlah_kk == 100


# -- users -----------------------------------------------------------------------------------


def test_admin_creates_an_rt_head_who_can_sign_in_by_phone(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    rt = world.foreign_rt[Role.KETUA_RT]
    response = client.post(
        reverse("user-create"),
        {
            "username": "budi",
            "first_name": "Budi",
            "phone": "0813 1111 2222",
            "role": Role.KETUA_RT,
            "rt": rt.pk,
            "password": "Kerja-Bakti-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    budi = User.objects.get(username="budi")
    assert (budi.phone, budi.rt, budi.kelurahan) == ("6281311112222", rt, rt.kelurahan)
    client.logout()
    response = client.post(
        reverse("login"), {"username": "0813-1111-2222", "password": "Kerja-Bakti-2026"}
    )
    assert response.status_code == 302


def test_admin_cannot_place_a_user_in_another_kecamatan(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.post(
        reverse("user-create"),
        {
            "username": "budi",
            "role": Role.KETUA_RT,
            "rt": world.other_kecamatan_rt.pk,
            "password": "Kerja-Bakti-2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in html
    assert 'value="budi"' in html
    assert not User.objects.filter(username="budi").exists()


def test_user_form_errors_are_indonesian_and_keep_input(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.post(
        reverse("user-create"),
        {
            "username": "budi",
            "first_name": "Budi",
            "phone": "12345",
            "role": Role.LURAH,
            "password": "123",
        },
    )
    html = response.content.decode()
    assert "Masukkan nomor HP Indonesia yang benar" in html
    assert "Peran ini memerlukan wilayah: pilih kelurahan." in html or "kelurahan" in html
    assert 'value="Budi"' in html


def test_admin_resets_a_forgotten_password(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    target = world.users[Role.KETUA_RT]
    response = client.post(
        reverse("user-update", args=[target.pk]),
        {
            "username": target.username,
            "first_name": "Siti",
            "role": Role.KETUA_RT,
            "rt": world.home_rt.pk,
            "password": "Sandi-Baru-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Sandi-Baru-2026") and target.first_name == "Siti"


# -- query counts do not grow with rows ------------------------------------------------------


def _grow(world, n_rw=6, n_rt=8):
    kelurahan = world.home_rt.kelurahan
    for r in range(10, 10 + n_rw):
        rw = RWFactory(kelurahan=kelurahan, nomor=r)
        for t in range(1, n_rt + 1):
            rt = RTFactory(rw=rw, nomor=t)
            UserFactory(role=Role.KETUA_RT, rt=rt)


@pytest.mark.parametrize(
    ("name", "role", "kwargs"),
    [
        ("home", Role.ADMIN_KECAMATAN, None),
        ("region-list", Role.ADMIN_KECAMATAN, None),
        ("kelurahan-detail", Role.LURAH, "kelurahan"),
        ("user-list", Role.ADMIN_KECAMATAN, None),
        ("audit-list", Role.ADMIN_KECAMATAN, None),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries, django_assert_num_queries, name, role, kwargs
):
    client.force_login(world.users[role])
    url = reverse(name, kwargs={"pk": world.home_rt.kelurahan_id} if kwargs else None)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(15):
        client.get(url)
