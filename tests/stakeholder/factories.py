"""Factories of stage 2, and the helpers the role x URL harness uses to place objects."""

import factory

from sigoro.models import Role, User
from stakeholder.models import (
    Pledge,
    PledgeStatus,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    StakeholderType,
    SupportRequest,
    Swadaya,
)
from tests.factories import KecamatanFactory, KelurahanFactory, RTFactory


def stakeholder_type(kode="tni"):
    """One of the eight types (created by the data migration)."""
    return StakeholderType.objects.get(kode=kode)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder
        skip_postgeneration_save = True

    kecamatan = factory.SubFactory(KecamatanFactory)
    jenis = factory.LazyFunction(stakeholder_type)
    nama = factory.Sequence(lambda n: f"Mitra Uji {n}")
    kontak_nama = "Bapak Kontak"
    seluruh_kecamatan = True

    @factory.post_generation
    def kelurahan(obj, create, extracted, **kwargs):
        """StakeholderFactory(kelurahan=[k1, k2]) serves only those kelurahan."""
        if create and extracted:
            obj.seluruh_kecamatan = False
            obj.save(update_fields=["seluruh_kecamatan"])
            obj.kelurahan_layanan.set(extracted)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    kelurahan = factory.SubFactory(KelurahanFactory)
    kecamatan = factory.SelfAttribute("kelurahan.kecamatan")
    perihal = "Dukungan Jumat Bersih"


class RequestItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestItem

    request = factory.SubFactory(SupportRequestFactory)
    jenis = "material"
    item = "Karung sampah"
    jumlah = 100
    satuan = "buah"


class SwadayaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Swadaya

    rt = factory.SubFactory(RTFactory)
    kelurahan = factory.SelfAttribute("rt.kelurahan")
    jenis = "konsumsi"
    item = "Nasi kotak"
    jumlah = 50
    satuan = "kotak"
    nilai = 750_000
    sumber = "warga"


def make_request(*, stakeholders, kelurahan=None, kecamatan=None, items=None, **fields):
    """A request with its rows and one unanswered pledge per stakeholder and row (as the
    service makes it), without the service's checks: for tests of reads and pages."""
    items = items or [("material", "Karung sampah", 100, "buah")]
    support_request = SupportRequest.objects.create(
        kelurahan=kelurahan,
        kecamatan=kecamatan or kelurahan.kecamatan,
        perihal=fields.pop("perihal", "Dukungan Jumat Bersih"),
        **fields,
    )
    rows = [
        RequestItem.objects.create(request=support_request, jenis=j, item=i, jumlah=n, satuan=u)
        for j, i, n, u in items
    ]
    for stakeholder in stakeholders:
        recipient = RequestRecipient.objects.create(
            request=support_request, stakeholder=stakeholder
        )
        for row in rows:
            Pledge.objects.create(recipient=recipient, item=row)
    return support_request


# -- the harness: objects inside a given RT's area ------------------------------------------


def world_stakeholder():
    """The stakeholder the world's contact account ("mitra") answers for."""
    return User.objects.get(username="mitra", role=Role.STAKEHOLDER).stakeholder_contact.stakeholder


def stakeholder_serving(rt) -> Stakeholder:
    """The world's stakeholder when it serves the RT's kelurahan, else a new stakeholder
    serving only that kelurahan (so it lies outside every other kelurahan's area)."""
    own = world_stakeholder()
    if own is not None and own.kelurahan_layanan.filter(pk=rt.kelurahan_id).exists():
        return own
    return StakeholderFactory(kecamatan=rt.kelurahan.kecamatan, kelurahan=[rt.kelurahan])


def request_in(rt) -> SupportRequest:
    """A request of the RT's kelurahan, addressed to the stakeholder serving it."""
    return make_request(kelurahan=rt.kelurahan, stakeholders=[stakeholder_serving(rt)])


def pledged_in(rt) -> Pledge:
    """A pledged (not yet delivered) row of a request of the RT's kelurahan."""
    pledge = Pledge.objects.filter(recipient__request=request_in(rt)).get()
    pledge.jumlah_dijanjikan, pledge.nilai_dijanjikan = 100, 500_000
    pledge.status = PledgeStatus.DIJANJIKAN
    pledge.save()
    return pledge


def stakeholder_kwargs(rt):
    return {"pk": stakeholder_serving(rt).pk}


def request_kwargs(rt):
    return {"pk": request_in(rt).pk}


def recipient_kwargs(rt):
    return {"pk": request_in(rt).recipients.get().pk}


def pledge_kwargs(rt):
    return {"pk": pledged_in(rt).pk}


def swadaya_kwargs(rt):
    return {"pk": SwadayaFactory(rt=rt).pk}
