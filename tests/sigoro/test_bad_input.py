"""Hostile paging on every list page: the list is shown, never a 500 (issue #10, finding 8)."""

import pytest
from django.urls import reverse

from sigoro.models import Role
from sigoro.tables import MAX_PER_PAGE
from tests.permasalahan.factories import ProblemFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "region-list",
    "permasalahan:problem-list",
    "kegiatan:plan-list",
    "stakeholder:stakeholder-list",
    "stakeholder:request-list",
    "stakeholder:swadaya-list",
]


PER_PAGE = ["-1", "0", "99999999999999999999999", "x", "1e400", ""]
PAGE = ["1", "-5", "99999999999999999999999", "x"]


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_take_any_paging(client, world, name):
    client.raise_request_exception = False
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    for per_page in PER_PAGE:
        for page in PAGE:
            response = client.get(reverse(name), {"per_page": per_page, "page": page})
            assert response.status_code == 200, (per_page, page)


def test_a_page_size_is_capped_and_a_bad_one_falls_back(client, world):
    for _ in range(3):
        ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    url = reverse("permasalahan:problem-list")
    assert client.get(url, {"per_page": "2"}).context["table"].paginator.per_page == 2
    assert client.get(url, {"per_page": "-1"}).context["table"].paginator.per_page == 25
    huge = client.get(url, {"per_page": str(MAX_PER_PAGE + 1)})
    assert huge.context["table"].paginator.per_page == 25


def test_an_id_the_column_cannot_hold_matches_nothing_in_an_in_lookup(world):
    """The multi-select lookup (pk__in) leaves such ids out on every database."""
    problem = ProblemFactory(rt=world.home_rt)
    huge, tiny = 10**23, -(10**23)
    assert list(problem.__class__.objects.filter(pk__in=[huge, tiny])) == []
    assert list(problem.__class__.objects.filter(pk__in=[huge, problem.pk])) == [problem]
