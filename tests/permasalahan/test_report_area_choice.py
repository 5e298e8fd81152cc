"""The public report form in a city (issue 14): the kelurahan first, then its RT; in two
steps without JavaScript, in one with it; a small area keeps its one grouped select."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from permasalahan.models import Problem
from sigoro import selectors as sigoro_selectors
from sigoro.models import RT, Role
from tests.factories import RTFactory, RWFactory
from tests.permasalahan.test_views import report_data
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db

REPORT = reverse("permasalahan:report")


def select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


@pytest.fixture
def city(monkeypatch):
    """More RT than one select lists (the limit lowered for a test-sized world)."""
    monkeypatch.setattr(sigoro_selectors, "AREA_OPTION_LIMIT", 2)


def form_page(client, **params) -> str:
    response = client.get(REPORT, params, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_small_area_keeps_one_select_of_every_rt(client, world):
    html = form_page(client)
    assert '<select name="kelurahan"' not in html
    assert len(select_options(html, "rt")) == 1 + RT.objects.count()


def test_in_a_city_the_rt_wait_for_the_kelurahan(client, world, city):
    html = form_page(client)
    assert select_options(html, "rt") == [""]
    kelurahan = select_options(html, "kelurahan")
    assert str(world.home_rt.kelurahan_id) in kelurahan
    assert 'data-testid="show-rt"' in html  # the no-JavaScript step


def test_without_javascript_the_second_step_lists_the_rt_and_keeps_the_typing(client, world, city):
    ketapang_rt = world.foreign_rt[Role.LURAH]
    data = report_data(ketapang_rt, rt="", kelurahan=ketapang_rt.kelurahan_id, tampilkan_rt="1")
    response = client.post(REPORT + "?kunci=" + "a" * 32, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert select_options(html, "rt") == ["", str(ketapang_rt.pk)]
    assert f'<option value="{ketapang_rt.kelurahan_id}" selected>' in html
    assert "Sampah menumpuk sudah seminggu" in html and 'value="Gg. Melati, depan masjid"' in html
    assert "is-invalid" not in html  # nothing checked yet
    assert Problem.objects.count() == 0


def test_a_report_in_a_city_is_saved_with_its_rt(client, world, city):
    rt = world.foreign_rt[Role.LURAH]
    data = report_data(rt, kelurahan=rt.kelurahan_id)
    response = client.post(REPORT, {**data, "foto": [upload(camera_jpeg(orientation=1))]})
    assert response.status_code == 302
    assert Problem.objects.get().rt == rt


def test_an_rt_of_another_kelurahan_is_refused_and_both_are_kept(client, world, city):
    ketapang = world.foreign_rt[Role.LURAH].kelurahan_id
    data = report_data(world.home_rt, kelurahan=ketapang)
    response = client.post(REPORT, {**data, "foto": [upload(camera_jpeg(orientation=1))]})
    assert response.status_code == 200
    html = response.content.decode()
    errors = response.context["form"].errors["rt"]
    assert errors == ["RT ini tidak berada di kelurahan yang dipilih."]
    assert f'<option value="{ketapang}" selected>' in html
    # The RT listed are the chosen kelurahan's, to choose again from.
    assert select_options(html, "rt") == ["", str(world.foreign_rt[Role.LURAH].pk)]
    assert Problem.objects.count() == 0


def test_the_rt_endpoint_lists_a_kelurahans_rt(client, world, city):
    url = reverse("permasalahan:report-rt-options")
    answer = json.loads(client.get(url, {"kelurahan": world.home_rt.kelurahan_id}).content)
    assert answer["complete"] is False
    assert [label for _pk, label in answer["rt"]] == [
        "RT 001 / RW 001",
        "RT 002 / RW 001",
        "RT 001 / RW 002",
    ]
    assert json.loads(client.get(url, {"kelurahan": "x"}).content)["rt"] == []


def test_the_form_query_count_does_not_grow_with_the_rt(
    client, world, django_assert_max_num_queries
):
    url = client.get(REPORT, follow=True).redirect_chain[-1][0]
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    kelurahan = world.home_rt.kelurahan
    for nomor in range(3, 200):
        RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=nomor), nomor=1)
    # One more in a city (the kelurahan list), however many RT there are.
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        html = client.get(url).content.decode()
    assert select_options(html, "rt") == [""]  # 200 RT: more than AREA_OPTION_LIMIT
