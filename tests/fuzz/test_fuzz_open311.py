"""Fuzz the Open311 POST (the view fuzz of tests/fuzz/test_fuzz_views.py sends GETs to it,
as its ROUTES entry says): hostile values in every GeoReport v2 parameter, never a 500, and
a refused request files nothing."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from permasalahan.models import Problem
from tests.fuzz.test_fuzz_views import EXAMPLES, hostile_value
from tests.open311.factories import API_KEY, ApiClientFactory, jurisdiction_of


@pytest.fixture
def world(shared_world):
    return shared_world


PARAMETERS = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "attribute[rt]",
    "lat",
    "long",
    "address_string",
    "description",
    "first_name",
    "last_name",
    "phone",
    "media_url",
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_no_server_error_on_a_hostile_post(client, world, fmt):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    baseline = {
        "api_key": API_KEY,
        "jurisdiction_id": jurisdiction_of(world.home_rt),
        "service_code": "sampah",
        "attribute[rt]": str(world.home_rt.pk),
        "lat": "-2.0921",
        "long": "106.1389",
        "address_string": "Jl. Depati Hamzah",
        "description": "Sampah menumpuk",
        "first_name": "Rudi",
        "last_name": "",
        "phone": "0812-3456-7890",
        "media_url": "",
    }
    url = reverse("open311:requests", kwargs={"fmt": fmt})
    client.raise_request_exception = False

    @settings(
        max_examples=EXAMPLES * 2,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        values = dict(baseline)
        for name in PARAMETERS:
            if data.draw(st.booleans(), label=f"fuzz {name}"):
                values[name] = data.draw(hostile_value(), label=name)
        cache.clear()
        before = Problem.objects.count()
        answer = client.post(url, values)
        assert answer.status_code < 500, (values, answer.content[:500])
        # No photo is sent: the public report rules refuse every one of these.
        assert answer.status_code in (400, 403, 404, 429), (values, answer.status_code)
        assert Problem.objects.count() == before

    fuzz()
