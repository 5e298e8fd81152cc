import datetime

import factory
from django.utils import timezone

from permasalahan.models import Problem, ProblemCategory, ProblemNeed, Status
from permasalahan.services import reporter_key_hash
from tests.factories import RTFactory

# The private key of a factory problem made with ``reporter_key=REPORTER_KEY``.
REPORTER_KEY = "kunci-pelapor-uji-0123456789abcdef"


def category(slug="sampah"):
    """One of the default categories (created by the data migration)."""
    return ProblemCategory.objects.get(slug=slug)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    kategori = factory.LazyFunction(category)
    rt = factory.SubFactory(RTFactory)
    alamat = "Jl. Depati Hamzah, Gg. Melati"
    deskripsi = "Tumpukan sampah di pinggir jalan, sudah seminggu tidak diangkut."
    sumber = "warga"
    tenggat_verifikasi = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=3)
    )
    pelapor_kunci_hash = factory.LazyAttribute(
        lambda o: reporter_key_hash(o.reporter_key) if o.reporter_key else ""
    )

    class Params:
        # The reporter's private key (only its hash is stored); None: no key, as a problem
        # entered by staff.
        reporter_key = None


class VerifiedProblemFactory(ProblemFactory):
    status = Status.DIVERIFIKASI
    diverifikasi_pada = factory.LazyFunction(timezone.now)
    tenggat_tindak_lanjut = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=5)
    )


class ResolvedProblemFactory(VerifiedProblemFactory):
    status = Status.SELESAI
    selesai_pada = factory.LazyFunction(timezone.now)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemNeed

    problem = factory.SubFactory(ProblemFactory)
    jenis = "material"
    item = "Karung"
    jumlah = 10
    satuan = "buah"
