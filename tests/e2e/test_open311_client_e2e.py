"""The Open311 API read and written by a third-party client from PyPI (``georeport``)
against the live test server, in JSON and in XML. No browser: these tests live here because
the live server needs committed data (transactional tests, run after the rest).

georeport 0.3.1 reads (services, service definitions, requests, one request) but has no
method to create a request; the POST goes through ``requests`` (georeport's own HTTP
library) with the client's address, api_key and jurisdiction."""

import pytest
import requests
from georeport import GeoReport

from permasalahan.models import Problem, ProblemPhoto, Source
from sigoro.services import photo_create
from tests.open311.factories import ApiClientFactory, jurisdiction_of
from tests.permasalahan.factories import ProblemFactory, ResolvedProblemFactory
from tests.photo_samples import camera_jpeg, upload

KEY = "sgr_kunci-klien-georeport-0123456789"


@pytest.fixture
def open311_world(world):
    kecamatan = world.home_rt.kelurahan.kecamatan
    ApiClientFactory(kecamatan=kecamatan, key=KEY, nama="Aplikasi georeport")
    open_ = ProblemFactory(rt=world.home_rt, alamat="Gg. Melati", lat=-2.09, lon=106.13)
    photo = photo_create(user=None, upload=upload(camera_jpeg(orientation=1)))
    ProblemPhoto.objects.create(problem=open_, photo=photo)
    resolved = ResolvedProblemFactory(rt=world.home_rt, alamat="Jl. Mawar")
    ProblemFactory(rt=world.other_kecamatan_rt)  # another jurisdiction: never listed
    return {"open": open_, "resolved": resolved, "photo": photo}


def client_for(live_server, world, fmt) -> GeoReport:
    return GeoReport(
        f"{live_server.url}/open311/v2",
        jurisdiction=jurisdiction_of(world.home_rt),
        api_key=KEY,
        output_format=fmt,
    )


def post_request(client: GeoReport, rt) -> requests.Response:
    """POST requests (not in georeport 0.3.1), with the client's own settings."""
    return requests.post(
        f"{client.root_address}/requests.{client.output_format}",
        data={
            "api_key": client.api_key,
            "jurisdiction_id": client.jurisdiction,
            "service_code": "sampah",
            "attribute[rt]": str(rt.pk),
            "lat": "-2.0921",
            "long": "106.1389",
            "address_string": "Jl. Depati Hamzah, depan masjid",
            "description": f"Sampah menumpuk ({client.output_format})",
            "first_name": "Rudi",
        },
        files={"media": ("foto.jpg", camera_jpeg(orientation=1), "image/jpeg")},
        timeout=30,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_and_requests_and_posts_one(
    live_server, world, open311_world, fmt
):
    client = client_for(live_server, world, fmt)

    services = client.get_service_list()
    codes = {service["service_code"] for service in services}
    assert {"sampah", "drainase"} <= codes

    definition = client.get_service_definition("sampah")
    attributes = definition["attributes"]
    attribute = attributes["attribute"] if fmt == "xml" else attributes[0]
    assert attribute["code"] == "rt"

    listed = client.get_service_requests()
    assert {r["service_request_id"] for r in listed} == {
        open311_world["open"].kode,
        open311_world["resolved"].kode,
    }
    closed = client.get_service_requests(status="closed")
    closed = [closed] if isinstance(closed, dict) else closed  # xmltodict: one item, no list
    assert [r["service_request_id"] for r in closed] == [open311_world["resolved"].kode]

    one = client.get_service_request(open311_world["open"].kode)
    assert one["status"] == "open"
    assert one["agency_responsible"] == "Kelurahan Ampui"
    assert one["media_url"] == f"{live_server.url}/foto/{open311_world['photo'].uuid}/web/"
    assert one["requested_datetime"].endswith("+07:00")

    answer = post_request(client, world.home_rt)
    assert answer.status_code == 201, answer.text
    assert (
        answer.headers["Content-Type"]
        == f"{'text/xml' if fmt == 'xml' else 'application/json'}; charset=utf-8"
    )
    if fmt == "json":
        created_id = answer.json()[0]["service_request_id"]
    else:
        import xmltodict

        created_id = xmltodict.parse(answer.content)["service_requests"]["request"][
            "service_request_id"
        ]
    problem = Problem.objects.get(kode=created_id)
    assert problem.sumber == Source.OPEN311
    assert problem.sumber_keterangan == "Aplikasi georeport"
    assert problem.photos.count() == 1

    fetched = client.get_service_request(created_id)
    assert fetched["description"] == f"Sampah menumpuk ({fmt})"
    assert fetched["status"] == "open"
    assert "Rudi" not in str(fetched)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_sees_the_errors(live_server, world, open311_world, fmt):
    client = client_for(live_server, world, fmt)
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_definition("tidak-ada")
    assert refused.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_requests(
            start_date="2026-01-01T00:00:00Z", end_date="2026-12-01T00:00:00Z"
        )
    assert refused.value.response.status_code == 400
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request("SGR-ZZZZZZ")
    assert refused.value.response.status_code == 404
    client.api_key = "sgr_salah"
    answer = post_request(client, world.home_rt)
    assert answer.status_code == 403
    assert "<code>403</code>" in answer.text if fmt == "xml" else answer.json()[0]["code"] == 403
    assert not Problem.objects.filter(sumber=Source.OPEN311).exists()
