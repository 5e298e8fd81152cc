"""The problems map loads by viewport: bbox and zoom in, single problems or grid clusters out."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from permasalahan import selectors
from permasalahan.models import Problem, Status
from sigoro.models import Role
from tests.permasalahan.factories import ProblemFactory, category

PUBLIC_DATA = reverse("permasalahan:public-map-data")
STAFF_DATA = reverse("permasalahan:problem-map-data")
# Around Pangkalpinang: every factory point below lies inside it.
CITY = "106.0,-2.3,106.3,-2.0"


def bulk_problems(rt, n, *, lat=-2.10, lon=106.10, step=0.0001, prefix="A"):
    """n open problems in a line going north from (lat, lon), one every ``step`` degrees."""
    Problem.objects.bulk_create(
        [
            Problem(
                kategori=category(),
                rt=rt,
                kelurahan_id=rt.kelurahan_id,
                alamat=f"Jl. {i}",
                deskripsi="x",
                sumber="warga",
                kode=f"SGR-{prefix}{i:05d}",
                lat=lat + i * step,
                lon=lon,
                pelapor_nama="Nama Rahasia",
                pelapor_hp="081234567890",
            )
            for i in range(n)
        ]
    )


def test_bbox_keeps_the_problems_inside_it_only(client, world):
    inside = ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10)
    ProblemFactory(rt=world.home_rt, lat=-2.50, lon=106.10)  # south of the box
    ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.90)  # east of the box
    ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10, status=Status.SELESAI)  # closed
    data = client.get(PUBLIC_DATA, {"bbox": CITY, "zoom": 13}).json()
    assert data["total"] == 1
    assert data["clustered"] is False
    assert [f["properties"]["kode"] for f in data["features"]] == [inside.kode]
    assert data["features"][0]["geometry"]["coordinates"] == [106.10, -2.10]


def test_a_point_on_the_edge_of_the_box_is_inside(client, world):
    edge = ProblemFactory(rt=world.home_rt, lat=-2.0, lon=106.3)
    data = client.get(PUBLIC_DATA, {"bbox": CITY}).json()
    assert [f["properties"]["kode"] for f in data["features"]] == [edge.kode]


def test_many_problems_come_as_clusters_whose_counts_add_up(client, world):
    # 600 problems, above the 500 single-problem limit: one every 0.0001 degrees northward.
    bulk_problems(world.home_rt, 600)
    ProblemFactory(rt=world.home_rt, lat=-2.90, lon=106.10)  # outside the box
    data = client.get(PUBLIC_DATA, {"bbox": CITY, "zoom": 14}).json()
    assert data["total"] == 600
    assert data["clustered"] is True
    counts = [f["properties"]["count"] for f in data["features"]]
    assert sum(counts) == 600
    # At zoom 14 a cell is 360 / 2**14 * 60 / 256 = 0.00515 degrees: the 0.06-degree line
    # spans 12 or 13 cells.
    assert 12 <= len(counts) <= 13
    for feature in data["features"]:
        assert set(feature["properties"]) == {"cluster", "count"}  # nothing private


def test_cluster_counts_and_centres_by_hand(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_POINT_LIMIT", 4)
    for lat in (-2.100, -2.102, -2.104):
        ProblemFactory(rt=world.home_rt, lat=lat, lon=106.10)
    for lat in (-2.200, -2.210):
        ProblemFactory(rt=world.home_rt, lat=lat, lon=106.20)
    # At zoom 10 a cell is 0.0824 degrees: the three western points share one cell and the
    # two eastern ones another.
    data = client.get(PUBLIC_DATA, {"bbox": CITY, "zoom": 10}).json()
    clusters = sorted(
        (f["properties"]["count"], [round(c, 4) for c in f["geometry"]["coordinates"]])
        for f in data["features"]
    )
    assert clusters == [(2, [106.2, -2.205]), (3, [106.1, -2.102])]
    assert data["total"] == 5


def test_zoomed_in_far_enough_a_cluster_splits_into_problems(client, world):
    bulk_problems(world.home_rt, 600)
    # The southernmost 100 problems only (-2.1000 to -2.0901).
    data = client.get(PUBLIC_DATA, {"bbox": "106.09,-2.1,106.11,-2.09005", "zoom": 17}).json()
    assert data["clustered"] is False
    assert data["total"] == len(data["features"]) == 100


def test_a_lurah_map_never_returns_another_kelurahan_problem(client, world, monkeypatch):
    mine = ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10)
    bulk_problems(world.foreign_rt[Role.LURAH], 50, prefix="F")
    client.force_login(world.users[Role.LURAH])
    data = client.get(STAFF_DATA, {"bbox": CITY, "zoom": 12}).json()
    assert [f["properties"]["kode"] for f in data["features"]] == [mine.kode]
    assert data["features"][0]["properties"]["url"] == mine.get_absolute_url()
    # Clustered, the counts are still of the lurah's own problems only.
    monkeypatch.setattr(selectors, "MAP_POINT_LIMIT", 0)
    data = client.get(STAFF_DATA, {"bbox": CITY, "zoom": 12}).json()
    assert data["total"] == 1
    assert [f["properties"]["count"] for f in data["features"]] == [1]


def test_public_points_carry_public_fields_only(client, world):
    bulk_problems(world.home_rt, 3)
    response = client.get(PUBLIC_DATA, {"bbox": CITY, "zoom": 15})
    assert "Nama Rahasia" not in response.content.decode()
    assert "081234567890" not in response.content.decode()
    feature = response.json()["features"][0]
    assert set(feature["properties"]) == {
        "kode",
        "kategori",
        "status",
        "status_label",
        "lokasi",
        "alamat",
        "laporan",
        "url",
    }
    assert feature["properties"]["url"].startswith("/lacak/")


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "106.0,-2.3,106.3"},  # three numbers
        {"bbox": "a,b,c,d"},
        {"bbox": "106.3,-2.3,106.0,-2.0"},  # min longitude above max
        {"bbox": "106.0,-95,106.3,-2.0"},  # off the world
        {"bbox": "nan,-2.3,106.3,-2.0"},
        {"bbox": CITY, "zoom": "dekat"},
        {"bbox": CITY, "zoom": "40"},
    ],
)
def test_a_bad_viewport_is_a_400_with_a_message(client, world, params):
    response = client.get(PUBLIC_DATA, params)
    assert response.status_code == 400
    assert response.json()["error"]
    client.force_login(world.users[Role.LURAH])
    assert client.get(STAFF_DATA, params).status_code == 400


def test_bad_zoom_message_is_indonesian(client, world):
    error = client.get(PUBLIC_DATA, {"zoom": "dekat"}).json()["error"]
    assert error == "Masukkan keseluruhan angka bilangan."  # Django's own Indonesian


@pytest.mark.parametrize("url", [PUBLIC_DATA, STAFF_DATA])
def test_query_count_is_the_same_for_10_and_2000_problems(
    client, world, url, django_assert_max_num_queries
):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    bulk_problems(world.home_rt, 10)
    with CaptureQueriesContext(connection) as points:
        assert client.get(url, {"bbox": CITY, "zoom": 14}).json()["clustered"] is False
    bulk_problems(world.home_rt, 2000, lat=-2.2, prefix="B")
    with django_assert_max_num_queries(len(points.captured_queries)):
        assert client.get(url, {"bbox": CITY, "zoom": 14}).json()["clustered"] is True


def test_the_map_page_does_not_embed_the_problems(client, world):
    on_map = ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10)
    without_point = ProblemFactory(rt=world.home_rt)
    html = client.get(reverse("permasalahan:public-map")).content.decode()
    assert on_map.kode not in html
    assert without_point.kode in html  # the list of problems without a map point stays
    assert 'data-url="/peta/data.geojson"' in html


def test_the_category_filter_applies_to_the_viewport(client, world):
    sampah = ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10)
    ProblemFactory(rt=world.home_rt, lat=-2.10, lon=106.10, kategori=category("drainase"))
    data = client.get(PUBLIC_DATA, {"bbox": CITY, "kategori": "sampah"}).json()
    assert [f["properties"]["kode"] for f in data["features"]] == [sampah.kode]
