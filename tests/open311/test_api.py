"""The Open311 GeoReport v2 endpoints through the test client: documents, filters, errors,
the POST that files a report, tokens and the query counts."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from open311.selectors import jurisdiction_id, token_for
from permasalahan.models import Problem, ProblemPhoto, Source, Status
from sigoro.models import Role
from sigoro.services import photo_create
from tests.factories import KecamatanFactory
from tests.open311.factories import API_KEY, ApiClientFactory, jurisdiction_of
from tests.permasalahan.factories import (
    ProblemFactory,
    ResolvedProblemFactory,
    VerifiedProblemFactory,
)
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def url(name, fmt="json", **kwargs):
    return reverse(f"open311:{name}", kwargs={"fmt": fmt, **kwargs})


def get(client, name, rt, fmt="json", params=None, **kwargs):
    """GET an endpoint in ``rt``'s jurisdiction."""
    return client.get(
        url(name, fmt, **kwargs), {"jurisdiction_id": jurisdiction_of(rt)} | (params or {})
    )


def xml(response) -> ElementTree.Element:
    return ElementTree.fromstring(response.content)


def with_photo(problem, *, public=True):
    photo = photo_create(user=None, upload=upload(camera_jpeg(orientation=1)))
    ProblemPhoto.objects.create(problem=problem, photo=photo, publik=public)
    return photo


# -- discovery and services -------------------------------------------------------------------


def test_discovery_names_the_v2_endpoint_in_json_and_xml(client):
    answer = client.get(url("discovery"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    endpoint = answer.json()["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["application/json", "text/xml"]

    answer = client.get(url("discovery", "xml"))
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    root = xml(answer)
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2/"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "application/json",
        "text/xml",
    ]


def test_services_are_the_active_problem_categories(client, world):
    answer = get(client, "services", world.home_rt)
    assert answer.status_code == 200
    services = {s["service_code"]: s for s in answer.json()}
    assert services["sampah"]["service_name"] == "Sampah / TPS liar"
    assert services["sampah"]["metadata"] is True
    assert services["sampah"]["type"] == "realtime"

    root = xml(get(client, "services", world.home_rt, "xml"))
    assert root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert "sampah" in codes
    assert root.find("service/metadata").text == "true"


def test_jurisdiction_is_required_when_the_server_holds_several_kecamatan(client, world):
    answer = client.get(url("services"))
    assert answer.status_code == 400
    [error] = answer.json()
    assert error["code"] == 400
    assert "jurisdiction_id" in error["description"]
    assert "pangkalbalam" in error["description"] and "gerunggang" in error["description"]

    answer = client.get(url("services", "xml"), {"jurisdiction_id": "tidak-ada"})
    assert answer.status_code == 404
    root = xml(answer)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"


def test_one_kecamatan_needs_no_jurisdiction(client):
    only = KecamatanFactory(nama="Pangkalbalam", kode="19.71.04")
    assert client.get(url("services")).status_code == 200
    answer = client.get(url("requests"), {"jurisdiction_id": "19.71.04"})
    assert answer.status_code == 200
    assert jurisdiction_id(only) == "19.71.04"


def test_service_definition_lists_the_rt_of_the_jurisdiction_only(client, world):
    answer = get(client, "service-definition", world.home_rt, code="sampah")
    assert answer.status_code == 200
    document = answer.json()
    assert document["service_code"] == "sampah"
    [attribute] = document["attributes"]
    assert attribute["code"] == "rt"
    assert attribute["datatype"] == "singlevaluelist"
    keys = {value["key"]: value["name"] for value in attribute["values"]}
    assert keys[str(world.home_rt.pk)] == "Kelurahan Ampui · RW 001 · RT 001"
    assert str(world.other_kecamatan_rt.pk) not in keys

    root = xml(get(client, "service-definition", world.home_rt, "xml", code="sampah"))
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute/code") == "rt"
    assert str(world.home_rt.pk) in [
        v.text for v in root.findall("attributes/attribute/values/value/key")
    ]


def test_an_unknown_service_code_is_404(client, world):
    for fmt in ("json", "xml"):
        answer = get(client, "service-definition", world.home_rt, fmt, code="tidak-ada")
        assert answer.status_code == 404
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    assert xml(answer).findtext("error/code") == "404"


# -- GET requests -----------------------------------------------------------------------------


def test_a_request_shows_public_fields_only(client, world):
    problem = VerifiedProblemFactory(
        rt=world.home_rt,
        pelapor_nama="Budi Santoso",
        pelapor_hp="+6281234567890",
        lat=-2.0921,
        lon=106.1389,
        reporter_key="kunci-rahasia-pelapor-0123456789",
    )
    photo = with_photo(problem)
    answer = get(client, "requests", world.home_rt)
    assert answer.status_code == 200
    [request] = answer.json()
    assert request["service_request_id"] == problem.kode
    assert request["status"] == "open"
    assert request["status_notes"] == str(Status.DIVERIFIKASI.label)
    assert request["service_code"] == "sampah"
    assert request["agency_responsible"] == "Kelurahan Ampui"
    assert request["address"] == "Jl. Depati Hamzah, Gg. Melati"
    assert request["lat"] == -2.0921 and request["long"] == 106.1389
    assert request["media_url"] == f"http://testserver/foto/{photo.uuid}/web/"
    assert request["requested_datetime"] == timezone.localtime(problem.dibuat).isoformat(
        timespec="seconds"
    )
    assert request["requested_datetime"].endswith("+07:00")
    deadline = problem.tenggat_tindak_lanjut.isoformat()
    assert request["expected_datetime"] == f"{deadline}T23:59:59+07:00"
    body = answer.content.decode()
    for private in ("Budi", "6281234567890", problem.pelapor_kunci_hash):
        assert private not in body


def test_a_hidden_photo_gives_no_media_url(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    with_photo(problem, public=False)
    [request] = get(client, "requests", world.home_rt).json()
    assert request["media_url"] == ""
    assert request["lat"] is None


def test_requests_in_xml(client, world):
    problem = ProblemFactory(rt=world.home_rt, deskripsi="Got mampet\x01 di Gg. Melati")
    answer = get(client, "requests", world.home_rt, "xml")
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    root = xml(answer)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == problem.kode
    assert request.findtext("status") == "open"
    assert request.findtext("description") == "Got mampet di Gg. Melati"
    assert request.findtext("lat") == ""


def test_the_list_holds_open_and_resolved_problems_of_the_jurisdiction(client, world):
    open_ = ProblemFactory(rt=world.home_rt)
    resolved = ResolvedProblemFactory(rt=world.home_rt)
    rejected = ProblemFactory(rt=world.home_rt, status=Status.DITOLAK)
    ProblemFactory(rt=world.other_kecamatan_rt)
    listed = {
        r["service_request_id"]: r["status"] for r in get(client, "requests", world.home_rt).json()
    }
    assert listed == {open_.kode: "open", resolved.kode: "closed"}
    # A rejected report is shown to whoever names its code, as on the tracking page.
    by_id = get(client, "requests", world.home_rt, params={"service_request_id": rejected.kode})
    assert [(r["service_request_id"], r["status"]) for r in by_id.json()] == [
        (rejected.kode, "closed")
    ]
    detail = get(client, "request-detail", world.home_rt, kode=rejected.kode)
    assert detail.json()[0]["status_notes"] == str(Status.DITOLAK.label)


def test_filters_service_code_status_and_ids(client, world):
    rubbish = ProblemFactory(rt=world.home_rt)
    drain = ProblemFactory(
        rt=world.home_rt,
        kategori=Problem._meta.get_field("kategori")
        .related_model.objects.exclude(slug="sampah")
        .first(),
    )
    resolved = ResolvedProblemFactory(rt=world.home_rt)

    def ids(**params):
        answer = get(client, "requests", world.home_rt, params=params)
        assert answer.status_code == 200, answer.content
        return {r["service_request_id"] for r in answer.json()}

    assert ids(service_code="sampah") == {rubbish.kode, resolved.kode}
    assert ids(service_code=f"sampah,{drain.kategori.slug}") == {
        rubbish.kode,
        drain.kode,
        resolved.kode,
    }
    assert ids(status="closed") == {resolved.kode}
    assert ids(status="open") == {rubbish.kode, drain.kode}
    # A list of ids overrides every other filter.
    assert ids(service_request_id=f"{rubbish.kode},{resolved.kode}", status="open") == {
        rubbish.kode,
        resolved.kode,
    }
    assert ids(service_request_id="SGR-ZZZZZZ") == set()


def test_the_date_window(client, world):
    old = ProblemFactory(rt=world.home_rt)
    Problem.objects.filter(pk=old.pk).update(dibuat=timezone.now() - datetime.timedelta(days=100))
    recent = ProblemFactory(rt=world.home_rt)

    def ids(**params):
        answer = get(client, "requests", world.home_rt, params=params)
        assert answer.status_code == 200, answer.content
        return {r["service_request_id"] for r in answer.json()}

    # Default: the last 90 days.
    assert ids() == {recent.kode}
    start = (timezone.localdate() - datetime.timedelta(days=120)).isoformat()
    end = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    assert ids(start_date=f"{start}T00:00:00+07:00", end_date=f"{end}T00:00:00Z") == {old.kode}
    assert ids(start_date=start) == {old.kode}  # start + 90 days
    assert ids(end_date=timezone.now().isoformat()) == {recent.kode}


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90"),
        ({"start_date": "2026-06-01", "end_date": "2026-05-01"}, "end_date"),
        ({"start_date": "kemarin"}, "start_date"),
        ({"end_date": "2026-02-30T00:00:00Z"}, "end_date"),
        ({"end_date": "0001-01-01"}, "jangkauan"),
        ({"start_date": "0001-01-01T00:00:00+07:00", "end_date": "0001-01-02"}, "jangkauan"),
        ({"start_date": "9999-12-31"}, "jangkauan"),
        ({"service_code": "sampah,tidak-ada"}, "tidak-ada"),
        ({"status": "pending"}, "status"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_filters_are_400_in_the_error_format(client, world, params, words):
    for fmt in ("json", "xml"):
        answer = get(client, "requests", world.home_rt, fmt, params=params)
        assert answer.status_code == 400, (params, fmt)
    root = xml(answer)
    assert root.findtext("error/code") == "400"
    assert words in root.findtext("error/description")


def test_an_unknown_request_is_404(client, world):
    foreign = ProblemFactory(rt=world.other_kecamatan_rt)
    for kode in ("SGR-ZZZZZZ", foreign.kode):
        for fmt in ("json", "xml"):
            answer = get(client, "request-detail", world.home_rt, fmt, kode=kode)
            assert answer.status_code == 404
    assert xml(answer).findtext("error/code") == "404"


def test_requests_are_capped_and_paged(client, world, settings):
    settings.OPEN311_MAX_REQUESTS = 5
    made = [ProblemFactory(rt=world.home_rt) for _ in range(7)]
    first = get(client, "requests", world.home_rt).json()
    second = get(client, "requests", world.home_rt, params={"page": "2"}).json()
    assert len(first) == 5 and len(second) == 2
    assert {r["service_request_id"] for r in first + second} == {p.kode for p in made}


# The read limit's counter in the shared database cache: django-ratelimit's add that finds
# the counter there, then a read and a write, each with the cache's culling count and
# savepoints (a round trip or two with CACHE_URL=redis://). Constant in the data size.
READ_LIMIT_QUERIES = 12


def test_the_list_takes_the_same_queries_for_3_or_40_requests(
    client, world, django_assert_max_num_queries
):
    def fill(n):
        for _ in range(n):
            with_photo(ProblemFactory(rt=world.home_rt))

    fill(3)
    with django_assert_max_num_queries(3 + READ_LIMIT_QUERIES):
        assert len(get(client, "requests", world.home_rt).json()) == 3
    fill(37)
    with django_assert_max_num_queries(3 + READ_LIMIT_QUERIES):
        assert len(get(client, "requests", world.home_rt, "xml").content) > 0
    assert len(get(client, "requests", world.home_rt).json()) == 40


def test_answers_carry_nosniff_and_the_charset(client, world):
    for fmt, kind in (("json", "application/json"), ("xml", "text/xml")):
        answer = get(client, "requests", world.home_rt, fmt)
        assert answer["Content-Type"] == f"{kind}; charset=utf-8"
        assert answer["X-Content-Type-Options"] == "nosniff"


# -- POST requests ------------------------------------------------------------------------------


def report(rt, **extra):
    return {
        "api_key": API_KEY,
        "jurisdiction_id": jurisdiction_of(rt),
        "service_code": "sampah",
        "attribute[rt]": str(rt.pk),
        "address_string": "Jl. Depati Hamzah, depan masjid",
        "description": "Tumpukan sampah menutup got, sudah seminggu.",
        "first_name": "Siti",
        "last_name": "Aminah",
        "phone": "0812-3456-7890",
        "media": upload(camera_jpeg(orientation=1)),
    } | extra


def post(client, data, fmt="json"):
    return client.post(url("requests", fmt), data)


def test_a_post_files_a_public_report_with_its_photo(client, world):
    api_client = ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    answer = post(client, report(world.home_rt))
    assert answer.status_code == 201, answer.content
    [created] = answer.json()
    problem = Problem.objects.get(kode=created["service_request_id"])
    assert problem.sumber == Source.OPEN311
    assert problem.sumber_keterangan == api_client.nama
    assert problem.status == Status.DILAPORKAN
    assert problem.rt == world.home_rt
    assert problem.pelapor_nama == "Siti Aminah"
    assert problem.pelapor_hp.endswith("81234567890")
    assert problem.pelapor_kunci_hash  # a reporter key like any public report (never sent)
    assert problem.photos.count() == 1
    assert problem.events.get().ke_status == Status.DILAPORKAN
    assert created["token"] == token_for(problem)
    assert problem.kode in created["service_notice"]
    assert "kunci" not in answer.content.decode()
    # The new request is public at once, with its photo.
    listed = get(client, "request-detail", world.home_rt, kode=problem.kode).json()[0]
    assert listed["media_url"].startswith("http://testserver/foto/")


def test_a_post_answers_in_xml(client, world):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    answer = post(client, report(world.home_rt), "xml")
    assert answer.status_code == 201
    root = xml(answer)
    assert root.tag == "service_requests"
    kode = root.findtext("request/service_request_id")
    assert Problem.objects.filter(kode=kode, sumber=Source.OPEN311).exists()


def test_the_same_post_twice_makes_one_report(client, world):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    first = post(client, report(world.home_rt)).json()[0]
    again = post(client, report(world.home_rt)).json()[0]
    assert first["service_request_id"] == again["service_request_id"]
    assert Problem.objects.count() == 1


def test_the_key_of_a_lost_kecamatan_files_in_its_own_without_jurisdiction(client, world):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    answer = post(client, report(world.home_rt, jurisdiction_id=""))
    assert answer.status_code == 201


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "sgr_salah"}, 403, "api_key"),
        ({"service_code": "tidak-ada"}, 400, "tidak-ada"),
        ({"service_code": ""}, 400, "service_code"),
        ({"jurisdiction_id": "tidak-ada"}, 404, "jurisdiction_id"),
        ({"description": ""}, 400, "description"),
        ({"address_string": ""}, 400, "address_string"),
        ({"attribute[rt]": "999999"}, 400, "attribute[rt]"),
        ({"lat": "-91"}, 400, "lat"),
        # A remote media_url is never fetched: without a media file there is no photo.
        ({"media": "", "media_url": "http://169.254.169.254/latest/"}, 400, "media"),
        ({"media": upload(b"bukan foto", name="x.jpg")}, 400, "media"),
    ],
)
def test_a_bad_post_files_nothing(client, world, change, status, words):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    data = {k: v for k, v in (report(world.home_rt) | change).items() if v != ""}
    for fmt in ("json", "xml"):
        answer = post(client, data, fmt)
        assert answer.status_code == status, (fmt, answer.content)
        if hasattr(data.get("media"), "seek"):
            data["media"].seek(0)
    assert words in xml(answer).findtext("error/description")
    assert not Problem.objects.exists()


def test_a_revoked_key_or_another_kecamatans_key_is_403(client, world):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan, aktif=False)
    assert post(client, report(world.home_rt)).status_code == 403
    other = world.other_kecamatan_rt.kelurahan.kecamatan
    ApiClientFactory(kecamatan=other, key="sgr_kunci-kecamatan-lain")
    answer = post(client, report(world.home_rt, api_key="sgr_kunci-kecamatan-lain"))
    assert answer.status_code == 403
    # Its own jurisdiction, but an RT of another kecamatan named: 400.
    answer = post(
        client,
        report(
            world.home_rt,
            api_key="sgr_kunci-kecamatan-lain",
            jurisdiction_id=jurisdiction_of(world.other_kecamatan_rt),
        ),
    )
    assert answer.status_code == 400
    assert not Problem.objects.exists()


def test_reports_are_limited_per_api_key_not_per_address(client, world, settings):
    """A client files for many residents from one address: the public per-address limits
    (here 1 report and 1 POST an hour) do not hold it back; its own key's limit (2 an hour)
    does, and another client's key from the same address still files."""
    settings.PUBLIC_REPORT_RATE = "1/h"
    settings.PUBLIC_POST_RATE = "1/h"
    settings.OPEN311_CLIENT_REPORT_RATE = "2/h"
    kecamatan = world.home_rt.kelurahan.kecamatan
    ApiClientFactory(kecamatan=kecamatan)
    ApiClientFactory(kecamatan=kecamatan, key="sgr_kunci-klien-kedua")
    assert post(client, report(world.home_rt)).status_code == 201
    assert post(client, report(world.home_rt, description="Got mampet.")).status_code == 201
    answer = post(client, report(world.home_rt, description="Sampah di pasar."))
    assert answer.status_code == 429
    assert answer.json()[0]["code"] == 429
    assert "api_key" in answer.json()[0]["description"]
    second = report(world.home_rt, api_key="sgr_kunci-klien-kedua", description="Sampah di pasar.")
    assert post(client, second).status_code == 201
    assert Problem.objects.count() == 3


def test_every_post_of_a_key_counts_failed_ones_too(client, world, settings):
    settings.OPEN311_CLIENT_POST_RATE = "2/h"
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    assert post(client, report(world.home_rt, service_code="tidak-ada")).status_code == 400
    assert post(client, report(world.home_rt, service_code="tidak-ada")).status_code == 400
    assert post(client, report(world.home_rt)).status_code == 429
    assert not Problem.objects.exists()


def test_posts_without_a_valid_key_are_limited_per_address(client, world, settings):
    """Guessing keys costs tries: 2 an hour here, then 429 from that address; a valid key
    from the same address is counted on its own and still files."""
    settings.PUBLIC_POST_RATE = "2/h"
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    guess = report(world.home_rt, api_key="sgr_tebakan")
    assert post(client, guess).status_code == 403
    assert post(client, guess).status_code == 403
    answer = post(client, guess)
    assert answer.status_code == 429
    assert answer.json()[0]["code"] == 429
    assert post(client, report(world.home_rt)).status_code == 201


def test_photos_are_budgeted_per_key(client, world, settings):
    settings.OPEN311_CLIENT_PHOTO_RATE = "1/h"
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    assert post(client, report(world.home_rt)).status_code == 201
    answer = post(client, report(world.home_rt, description="Got mampet."))
    assert answer.status_code == 429
    assert "api_key" in answer.json()[0]["description"]
    assert Problem.objects.count() == 1


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reads_are_limited_per_address_in_the_spec_error_format(client, world, settings, fmt):
    settings.OPEN311_READ_RATE = "2/m"
    assert get(client, "services", world.home_rt, fmt).status_code == 200
    assert get(client, "requests", world.home_rt, fmt).status_code == 200
    answer = get(client, "services", world.home_rt, fmt)
    assert answer.status_code == 429
    if fmt == "json":
        assert answer.json()[0]["code"] == 429
    else:
        assert xml(answer).findtext("error/code") == "429"


def test_a_post_needs_no_csrf_token(world):
    from django.test import Client

    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("requests"), report(world.home_rt)).status_code == 201


# -- tokens ---------------------------------------------------------------------------------


def test_a_token_resolves_to_its_request(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    token = token_for(problem)
    answer = get(client, "token-detail", world.home_rt, token=token)
    assert answer.json() == [{"service_request_id": problem.kode, "token": token}]
    root = xml(get(client, "token-detail", world.home_rt, "xml", token=token))
    assert root.findtext("request/service_request_id") == problem.kode


def test_an_unknown_or_forged_token_is_404(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    forged = f"{problem.kode}:bukan-tanda-tangan"
    foreign = token_for(ProblemFactory(rt=world.other_kecamatan_rt))
    for token in (forged, foreign, "SGR-ZZZZZZ"):
        for fmt in ("json", "xml"):
            assert get(client, "token-detail", world.home_rt, fmt, token=token).status_code == 404


def test_staff_see_which_client_sent_a_report(client, world):
    ApiClientFactory(kecamatan=world.home_rt.kelurahan.kecamatan, nama="Sistem Kota")
    kode = post(client, report(world.home_rt)).json()[0]["service_request_id"]
    client.force_login(world.users[Role.LURAH])
    page = client.get(reverse("permasalahan:problem-detail", args=[kode])).content.decode()
    with translation.override("id"):
        assert f"{Source.OPEN311.label}: Sistem Kota" in page
