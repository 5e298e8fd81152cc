import factory

from sigoro.models import RT, RW, Kecamatan, Kelurahan, Kota, Role, User

TEST_PASSWORD = "rahasia-uji-123"


class KotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kota
        django_get_or_create = ["nama"]

    nama = "Kota Pangkal Pinang"


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan

    kota = factory.SubFactory(KotaFactory)
    nama = factory.Sequence(lambda n: f"Kecamatan Uji {n}")


class KelurahanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kelurahan

    kecamatan = factory.SubFactory(KecamatanFactory)
    nama = factory.Sequence(lambda n: f"Kelurahan Uji {n}")


class RWFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RW

    kelurahan = factory.SubFactory(KelurahanFactory)
    nomor = factory.Sequence(lambda n: n % 999 + 1)


class RTFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RT

    rw = factory.SubFactory(RWFactory)
    kelurahan = factory.SelfAttribute("rw.kelurahan")
    nomor = factory.Sequence(lambda n: n % 999 + 1)
    jumlah_kk = 100
    jumlah_jiwa = 360


class UserFactory(factory.django.DjangoModelFactory):
    """A user of one role; give the area that role implies (rt=..., kelurahan=..., ...)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    role = Role.KETUA_RT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = model_class(*args, **kwargs)
        user.fill_area_ancestors()
        user.save()
        return user

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def stakeholder(obj, create, extracted, **kwargs):
        """``UserFactory(stakeholder=s)``: the contact account answers for ``s``."""
        if create and extracted is not None:
            from stakeholder.services import stakeholder_contact_link

            stakeholder_contact_link(account=obj, stakeholder=extracted)
