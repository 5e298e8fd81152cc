"""The index pages: what each role sees, the ranking's change against the previous period,
the breakdown's links to the records, and query counts that do not grow with the areas."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from laporan.indeks import selectors
from laporan.periods import Period
from sigoro.models import Role
from tests.factories import KecamatanFactory, KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.laporan.index_data import held_event, not_held_event, problem_due

pytestmark = pytest.mark.django_db

SEPTEMBER = Period.month(2026, 9)


def rt_in(kelurahan):
    return RTFactory(rw=RWFactory(kelurahan=kelurahan), jumlah_kk=100, jumlah_jiwa=360)


def busy_kelurahan(kecamatan):
    """A kelurahan with one RT, an event held on 11 September and one not held on the 18th,
    and a problem due on 20 September still open."""
    kelurahan = KelurahanFactory(kecamatan=kecamatan)
    rt = rt_in(kelurahan)
    held_event(rt, datetime.date(2026, 9, 11), attendance={rt: 40})
    not_held_event(rt, datetime.date(2026, 9, 18))
    problem_due(rt, datetime.date(2026, 9, 20))
    return kelurahan


def test_a_lurah_sees_the_rt_of_their_kelurahan_only():
    """Two busy kelurahan: the lurah of the first sees its RT and nothing of the second,
    not even in the kelurahan's figures."""
    kecamatan = KecamatanFactory()
    mine, other = busy_kelurahan(kecamatan), busy_kelurahan(kecamatan)
    lurah = UserFactory(role=Role.LURAH, kelurahan=mine)
    rows = selectors.index_rows(user=lurah, level="rt", period=SEPTEMBER)
    assert {row.area.kelurahan_id for row in rows} == {mine.pk}
    (own,) = selectors.index_rows(user=lurah, level="kelurahan", period=SEPTEMBER)
    assert own.area == mine
    assert (own.raw["scheduled"], own.raw["held"]) == (2, 1)
    assert selectors.index_rows(user=lurah, level="kecamatan", period=SEPTEMBER) == []
    assert selectors.default_level(lurah) == "rt"
    with pytest.raises(Http404):
        selectors.index_for_area(user=lurah, area=other, period=SEPTEMBER)


def test_the_ranking_shows_rank_and_change_against_the_previous_month(client):
    """September: A held 1 of 2 plans, B 1 of 1. August: A held 1 of 1. Both have three
    dimensions; A's total falls, B has no August figure (no change shown)."""
    kecamatan = KecamatanFactory()
    a, b = busy_kelurahan(kecamatan), KelurahanFactory(kecamatan=kecamatan)
    rt_b = rt_in(b)
    held_event(rt_b, datetime.date(2026, 9, 4), attendance={rt_b: 80})
    held_event(a.rt_set.get(), datetime.date(2026, 8, 14), attendance={a.rt_set.get(): 40})
    admin = UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    rows = selectors.index_rows(
        user=admin, level="kelurahan", period=SEPTEMBER, today=datetime.date(2026, 11, 2)
    )
    by_area = {row.area: row for row in rows}
    assert [row.rank for row in rows] == [1, 2]
    assert rows[0].area == b
    assert by_area[a].delta < 0 and by_area[a].trend == "down"
    assert by_area[b].delta is None and by_area[b].trend == ""
    client.force_login(admin)
    response = client.get(reverse("laporan:ranking"), {"periode": "2026-09"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="ranking-row"') == 2
    assert "bi-arrow-down" in html


def test_ranking_by_one_dimension_orders_by_it(client):
    kecamatan = KecamatanFactory()
    a, b = busy_kelurahan(kecamatan), KelurahanFactory(kecamatan=kecamatan)
    rt_b = rt_in(b)
    held_event(rt_b, datetime.date(2026, 9, 4), attendance={rt_b: 80})
    admin = UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    rows = selectors.index_rows(
        user=admin, level="kelurahan", period=SEPTEMBER, dimension="berkelanjutan"
    )
    assert [(row.area, row.dimensions["berkelanjutan"]) for row in rows] == [
        (b, Decimal("100.0")),
        (a, Decimal("50.0")),
    ]


def test_the_detail_page_shows_numerators_and_links_to_the_records(client):
    kecamatan = KecamatanFactory()
    kelurahan = busy_kelurahan(kecamatan)
    admin = UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    client.force_login(admin)
    url = reverse("laporan:index-detail", kwargs={"level": "kelurahan", "pk": kelurahan.pk})
    response = client.get(url, {"periode": "2026-09"})
    assert response.status_code == 200
    row = response.context["row"]
    assert row.dimensions["berkelanjutan"] == Decimal("50.0")
    html = response.content.decode()
    assert 'data-testid="breakdown-berkelanjutan"' in html
    problems = reverse("permasalahan:problem-list")
    assert (
        f"{problems}?kelurahan={kelurahan.pk}&amp;tenggat_dari=2026-09-01"
        "&amp;tenggat_sampai=2026-09-30" in html
    )
    assert f"kelurahan={kelurahan.pk}&amp;dari=2026-09-01&amp;sampai=2026-09-30" in html


def test_the_problem_list_filters_by_follow_up_deadline(client):
    """The link of the resolution rate lists exactly the problems due in the period."""
    kecamatan = KecamatanFactory()
    rt = rt_in(KelurahanFactory(kecamatan=kecamatan))
    due = problem_due(rt, datetime.date(2026, 9, 20))
    later = problem_due(rt, datetime.date(2026, 10, 20))
    client.force_login(UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan))
    response = client.get(
        reverse("permasalahan:problem-list"),
        {"tenggat_dari": "2026-09-01", "tenggat_sampai": "2026-09-30"},
    )
    html = response.content.decode()
    assert due.kode in html and later.kode not in html


def test_the_method_page_states_the_weights_in_force_and_the_worked_example(client):
    """The worked example by hand: K 100 x (2/3 + 2/2) / 2 = 83.3, P 77.5, T 70.0, B 75.0,
    A 80.0; total with 20 each: (83.3 + 77.5 + 70 + 75 + 80) / 5 = 77.2."""
    kecamatan = KecamatanFactory()
    client.force_login(UserFactory(role=Role.CAMAT, kecamatan=kecamatan))
    response = client.get(reverse("laporan:index-method"))
    assert response.status_code == 200
    assert response.context["example_dimensions"] == {
        "kolaboratif": Decimal("83.3"),
        "partisipatif": Decimal("77.5"),
        "terintegrasi": Decimal("70.0"),
        "berkelanjutan": Decimal("75.0"),
        "akuntabel": Decimal("80.0"),
    }
    assert response.context["example_total"] == Decimal("77.2")
    assert 'data-testid="method-weights"' in response.content.decode()


@pytest.mark.parametrize("name", ["laporan:index", "laporan:ranking"])
def test_index_and_ranking_keep_their_query_count_as_areas_grow(
    client, name, django_assert_max_num_queries
):
    """Two kelurahan, then six: the same number of queries (one per source, per period)."""
    kecamatan = KecamatanFactory()
    admin = UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    client.force_login(admin)
    url = reverse(name)
    for _index in range(2):
        busy_kelurahan(kecamatan)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url, {"periode": "2026-09"}).status_code == 200
    for _index in range(4):
        busy_kelurahan(kecamatan)
    with django_assert_max_num_queries(30) as large:
        assert client.get(url, {"periode": "2026-09"}).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_detail_page_query_count(client, django_assert_max_num_queries):
    kecamatan = KecamatanFactory()
    kelurahan = busy_kelurahan(kecamatan)
    client.force_login(UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan))
    url = reverse("laporan:index-detail", kwargs={"level": "kelurahan", "pk": kelurahan.pk})
    with django_assert_max_num_queries(30):
        assert client.get(url, {"periode": "2026-09"}).status_code == 200


def test_an_rt_head_sees_only_their_rt(client):
    kecamatan = KecamatanFactory()
    kelurahan = busy_kelurahan(kecamatan)
    own, sibling = kelurahan.rt_set.get(), rt_in(kelurahan)
    head = UserFactory(role=Role.KETUA_RT, rt=own)
    client.force_login(head)
    response = client.get(reverse("laporan:index"), {"periode": "2026-09"})
    assert [row.area for row in response.context["rows"]] == [own]
    url = reverse("laporan:index-detail", kwargs={"level": "rt", "pk": sibling.pk})
    assert client.get(url).status_code == 404
    url = reverse("laporan:index-detail", kwargs={"level": "kelurahan", "pk": kelurahan.pk})
    assert client.get(url).status_code == 404


def test_a_bad_level_or_period_is_never_a_server_error(client):
    kecamatan = KecamatanFactory()
    busy_kelurahan(kecamatan)
    client.force_login(UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan))
    for params in (
        {"periode": "2026-13", "tingkat": "dunia", "induk": "x"},
        {"periode": "9999", "dimensi": "semua"},
        {"induk": "999999", "tingkat": "rt"},
    ):
        assert client.get(reverse("laporan:index"), params).status_code == 200
        assert client.get(reverse("laporan:ranking"), params).status_code == 200
    url = reverse("laporan:index-detail", kwargs={"level": "provinsi", "pk": 1})
    assert client.get(url).status_code == 404
