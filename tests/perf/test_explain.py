"""Every main list, map and dashboard query is served by an index at city scale (issue 14,
item 4): on PostgreSQL, a city built by ``seed_scale`` and ANALYZEd, the queries of each page
are run through ``EXPLAIN (FORMAT JSON)`` and none may scan a big table sequentially.

Skipped on SQLite (its planner and its EXPLAIN are another matter). The city is built once
for the module inside a transaction that is rolled back at the end, so the tests after it
find the database as migrations left it. The pages and the walk over the plans live in
``bench/explain.py``, which also runs by hand against the full-size city.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from bench import explain

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"),
    pytest.mark.django_db,
]

# A small city (about 1,200 problems, 400 plans; seeded in ~15 s). At this size reading a
# kecamatan's few thousand rows whole is rightly cheaper than an index, and even at
# --scale 0.05 (100 s to seed) the planner still picks sequential scans for area-wide
# counts, so the EXPLAIN runs with enable_seqscan off: a sequential scan left then means
# that no index can serve the query. The planner's real choice at full size is checked by
# ``bench/explain.py`` against the seed_scale city (README, Benchmarks).
SCALE = ["--scale", "0.01", "--years", "2", "--end", "2026-11-30"]


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("seed_scale", *SCALE, stdout=io.StringIO())
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                yield explain.context()
                raise Rollback
        except Rollback:
            pass


def page_params():
    return [pytest.param(page.label) for page in explain.pages()]


@pytest.mark.parametrize("label", page_params())
def test_page_reads_big_tables_through_indexes(city, label):
    page = next(p for p in explain.pages() if p.label == label)
    client = Client()
    if page.role is not None:
        user = explain.user_for(page.role, city["kelurahan"])
        assert user is not None, f"no {page.role} in the seeded city"
        client.force_login(user)
    finding = explain.explain_page(client, page, city, penalise_seq_scans=True)
    assert finding.status == 200
    assert finding.seq_scans == []


def test_the_walk_finds_a_sequential_scan(city):
    # The check itself: an unindexed filter on the problems table is caught.
    assert explain.explain_sql(
        "SELECT COUNT(*) FROM permasalahan_problem WHERE length(deskripsi) > 3",
        penalise_seq_scans=True,
    ) == ["permasalahan_problem"]
