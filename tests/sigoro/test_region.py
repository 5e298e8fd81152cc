import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sigoro.models import RT, Role, User
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_numbers_read_as_people_write_them():
    rt = RTFactory(rw=RWFactory(kelurahan=KelurahanFactory(nama="Ampui"), nomor=2), nomor=3)
    assert str(rt) == "RT 003 / RW 002"
    assert rt.label == "RT 003 / RW 002 / Kelurahan Ampui"
    assert str(rt.rw) == "RW 002"


def test_rt_number_is_unique_within_its_rw_only():
    rw1, rw2 = RWFactory(nomor=1), RWFactory(nomor=2)
    RTFactory(rw=rw1, nomor=3)
    RTFactory(rw=rw2, nomor=3)  # same number in another RW is fine
    duplicate = RT(rw=rw1, nomor=3, jumlah_kk=1, jumlah_jiwa=1)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "RW ini sudah memiliki RT dengan nomor ini." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        RTFactory(rw=rw1, nomor=3)


def test_rw_number_is_unique_within_its_kelurahan():
    kelurahan = KelurahanFactory()
    RWFactory(kelurahan=kelurahan, nomor=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        RWFactory(kelurahan=kelurahan, nomor=2)


@pytest.mark.parametrize("nomor", [0, 1000])
def test_numbers_outside_1_to_999_are_refused(nomor):
    rt = RT(rw=RWFactory(), nomor=nomor, jumlah_kk=0, jumlah_jiwa=0)
    with pytest.raises(ValidationError) as error:
        rt.full_clean()
    assert "nomor" in error.value.message_dict


def test_residents_cannot_be_fewer_than_households():
    rt = RT(rw=RWFactory(), nomor=1, jumlah_kk=100, jumlah_jiwa=50)
    with pytest.raises(ValidationError) as error:
        rt.full_clean()
    assert "Jumlah jiwa tidak boleh lebih kecil dari jumlah KK." in str(error.value)


def test_rt_carries_the_kelurahan_of_its_rw():
    rw = RWFactory()
    rt = RT.objects.create(rw=rw, nomor=5, jumlah_kk=1, jumlah_jiwa=2)
    assert rt.kelurahan_id == rw.kelurahan_id


def test_user_area_fills_from_the_lowest_level():
    rt = RTFactory()
    user = User(username="siti", role=Role.KETUA_RT, rt=rt)
    user.full_clean(exclude=["password"])
    assert (user.rw, user.kelurahan, user.kecamatan) == (
        rt.rw,
        rt.kelurahan,
        rt.kelurahan.kecamatan,
    )


def test_role_without_its_area_is_refused_in_indonesian():
    user = User(username="lurah", role=Role.LURAH)
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert error.value.message_dict["kelurahan"] == [
        "Peran ini memerlukan wilayah: pilih kelurahan."
    ]


def test_areas_below_the_role_are_dropped():
    rt = RTFactory()
    user = User(username="lurah", role=Role.LURAH, rt=rt)
    user.full_clean(exclude=["password"])
    assert user.kelurahan == rt.kelurahan and user.rt is None and user.rw is None


def test_phone_is_stored_in_one_form_and_unique():
    UserFactory(phone="6281234567890")
    user = User(username="dua", role=Role.KETUA_RT, rt=RTFactory(), phone="0812-3456-7890")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "phone" in error.value.message_dict
