"""The RW/RT choices of the list filters stay small at city scale (issue 14).

A kecamatan or a city sees the RT of one kelurahan at a time; a small area sees all of its
RT; every option comes from the user's own area.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigoro import selectors
from sigoro.models import RT, Role
from tests.factories import RTFactory, RWFactory

pytestmark = pytest.mark.django_db

LISTS = ["permasalahan:problem-list", "kegiatan:plan-list", "stakeholder:swadaya-list"]


def select_options(html: str, name: str) -> list[str]:
    """The option values of the select named ``name`` in ``html`` ("" for the blank)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def rt_ids(*rts) -> list[str]:
    return [str(rt.pk) for rt in rts]


def test_a_kecamatan_sees_all_its_rt_while_they_are_few(world):
    options = selectors.area_options(user=world.users[Role.ADMIN_KECAMATAN])
    # The world's kecamatan A: RT 1, 2 (RW 1), RT 1 (RW 2) of Ampui, RT 1 of Ketapang.
    assert options.complete
    assert [label for _pk, label in options.rt] == [
        "RT 001 / RW 001 / Kelurahan Ampui",
        "RT 002 / RW 001 / Kelurahan Ampui",
        "RT 001 / RW 002 / Kelurahan Ampui",
        "RT 001 / RW 001 / Kelurahan Ketapang",
    ]
    assert [label for _pk, label in options.rw] == [
        "RW 001 / Kelurahan Ampui",
        "RW 002 / Kelurahan Ampui",
        "RW 001 / Kelurahan Ketapang",
    ]


def test_a_large_area_lists_rt_only_once_a_kelurahan_is_chosen(world):
    admin = world.users[Role.ADMIN_KECAMATAN]
    ketapang = world.foreign_rt[Role.LURAH]
    whole = selectors.area_options(user=admin, limit=3)
    assert (whole.complete, whole.rt, whole.rw) == (False, [], [])
    one = selectors.area_options(user=admin, kelurahan=str(ketapang.kelurahan_id), limit=3)
    assert [pk for pk, _label in one.rt] == [ketapang.pk]
    assert one.kelurahan == ketapang.kelurahan_id
    # A chosen RT without a kelurahan lists the RT of its kelurahan.
    by_rt = selectors.area_options(user=admin, rt=str(world.home_rt.pk), limit=3)
    assert len(by_rt.rt) == 3 and world.home_rt.pk in {pk for pk, _label in by_rt.rt}


@pytest.mark.parametrize(
    "role", [Role.ADMIN_KECAMATAN, Role.LURAH, Role.KETUA_RW, Role.PEMANTAU_KOTA]
)
def test_another_areas_kelurahan_or_rt_gives_no_options(world, role):
    user = world.users[role]
    foreign = world.other_kecamatan_rt
    assert selectors.area_options(user=user, kelurahan=foreign.kelurahan_id).rt == []
    assert selectors.area_options(user=user, rt=foreign.pk).rt == []


@pytest.mark.parametrize("raw", ["x", "-1", "1e3", "9" * 40, "1 OR 1=1", "\x00", "²", "٣"])
def test_a_hostile_id_is_ignored(world, raw):
    options = selectors.area_options(user=world.users[Role.LURAH], kelurahan=raw, rt=raw)
    assert options.complete
    assert len(options.rt) == 3  # the lurah's whole kelurahan Ampui


@pytest.mark.parametrize("raw", ["²", "①", "٣"])
def test_digits_of_other_scripts_are_no_server_error(client, world, raw):
    """``"²".isdigit()`` is true but ``int("²")`` fails: the endpoints and the list filters
    answer as for any other junk."""
    client.force_login(world.users[Role.LURAH])
    assert client.get(reverse("area-options"), {"kelurahan": raw, "rt": raw}).status_code == 200
    assert client.get(reverse("permasalahan:problem-list"), {"rt": raw}).status_code == 200
    public = client.get(reverse("permasalahan:report-rt-options"), {"kelurahan": raw})
    assert public.status_code == 200 and "rt" in json.loads(public.content)


def test_the_json_endpoint_answers_inside_the_area(client, world):
    client.force_login(world.users[Role.LURAH])
    url = reverse("area-options")
    own = json.loads(client.get(url, {"kelurahan": world.home_rt.kelurahan_id}).content)
    assert [label for _pk, label in own["rt"]] == [
        "RT 001 / RW 001 / Kelurahan Ampui",
        "RT 002 / RW 001 / Kelurahan Ampui",
        "RT 001 / RW 002 / Kelurahan Ampui",
    ]
    foreign = world.foreign_rt[Role.LURAH].kelurahan_id
    assert json.loads(client.get(url, {"kelurahan": foreign}).content)["rt"] == []


@pytest.mark.parametrize("name", LISTS)
def test_a_list_filter_offers_the_rt_of_the_chosen_kelurahan(client, world, monkeypatch, name):
    monkeypatch.setattr(selectors, "AREA_OPTION_LIMIT", 2)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    url = reverse(name)
    # No kelurahan chosen, more RT than the limit: only the hint to choose one.
    assert select_options(client.get(url).content.decode(), "rt") == [""]
    ketapang_rt = world.foreign_rt[Role.LURAH]
    page = client.get(url, {"kelurahan": ketapang_rt.kelurahan_id}).content.decode()
    assert select_options(page, "rt") == ["", *rt_ids(ketapang_rt)]
    # An RT chosen alone (a link from another page) stays chosen, with its kelurahan's RT.
    page = client.get(url, {"rt": world.home_rt.pk}).content.decode()
    ampui = RT.objects.filter(kelurahan=world.home_rt.kelurahan).order_by("rw__nomor", "nomor")
    assert select_options(page, "rt") == ["", *rt_ids(*ampui)]
    assert f'<option value="{world.home_rt.pk}" selected>' in page


def test_the_problem_list_filters_by_an_rt_it_did_not_list(client, world, monkeypatch):
    """Validation is not narrowed: any RT of the area filters, listed or not."""
    from tests.permasalahan.factories import ProblemFactory

    monkeypatch.setattr(selectors, "AREA_OPTION_LIMIT", 1)
    mine = ProblemFactory(rt=world.home_rt)
    ProblemFactory(rt=world.foreign_rt[Role.LURAH])
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.get(reverse("permasalahan:problem-list"), {"rt": world.home_rt.pk})
    assert [row.record.kode for row in response.context["table"].page.object_list] == [mine.kode]
    # Another kecamatan's RT is refused by the form, as before: the list is not narrowed.
    foreign = client.get(reverse("permasalahan:problem-list"), {"rt": world.other_kecamatan_rt.pk})
    assert foreign.status_code == 200
    assert select_options(foreign.content.decode(), "rt") == [""]


@pytest.mark.parametrize("name", LISTS)
def test_the_list_query_count_does_not_grow_with_the_rt(
    client, world, name, django_assert_max_num_queries
):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    url = reverse(name)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    kelurahan = world.home_rt.kelurahan
    for nomor in range(3, 250):
        RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=nomor), nomor=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    # 250 RT is more than AREA_OPTION_LIMIT: the select waits for a kelurahan.
    assert select_options(page.content.decode(), "rt") == [""]
