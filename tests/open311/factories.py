import factory

from open311.models import ApiClient
from open311.selectors import api_key_hash, jurisdiction_id

API_KEY = "sgr_kunci-uji-open311-0123456789abcdef"


class ApiClientFactory(factory.django.DjangoModelFactory):
    """A client holding ``key`` (default ``API_KEY``; only its hash is stored)."""

    class Meta:
        model = ApiClient

    nama = "Adapter SP4N-LAPOR!"
    kunci_hash = factory.LazyAttribute(lambda o: api_key_hash(o.key))
    kunci_awal = factory.LazyAttribute(lambda o: o.key[:8])

    class Params:
        key = API_KEY


def jurisdiction_of(rt) -> str:
    return jurisdiction_id(rt.kelurahan.kecamatan)
