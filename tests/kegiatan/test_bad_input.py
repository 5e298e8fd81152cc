"""Hostile input on the stage 3 pages: a clear field error, never a 500 (issue #10, finding 8)."""

import pytest
from django.urls import reverse

from kegiatan.models import PlanSeries, RencanaAksi
from sigoro.models import Role
from tests.kegiatan.test_views import form_data, series_form

pytestmark = pytest.mark.django_db

EXTREME_DATES = ["9999-12-31", "0001-01-01", "1000-01-01", "9998-12-31"]
BAD_IDS = ["99999999999999999999999", "-1", "x", "1e400", "9223372036854775808"]


@pytest.fixture
def lurah(client, world):
    client.raise_request_exception = False
    client.force_login(world.users[Role.LURAH])
    return client


@pytest.mark.parametrize("tanggal", EXTREME_DATES)
@pytest.mark.parametrize("tampilan", ["bulan", "minggu"])
def test_calendar_on_an_extreme_date_falls_back_to_this_month(lurah, tanggal, tampilan):
    response = lurah.get(
        reverse("kegiatan:plan-calendar"), {"tanggal": tanggal, "tampilan": tampilan}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tanggal"]


@pytest.mark.parametrize("mulai", EXTREME_DATES)
def test_series_starting_on_an_extreme_date_is_refused_on_the_field(lurah, world, mulai):
    response = lurah.post(
        reverse("kegiatan:series-create"), series_form(world.home_rt, mulai=mulai)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["mulai"]
    assert not PlanSeries.objects.exists()


@pytest.mark.parametrize("sampai", EXTREME_DATES)
def test_series_ending_on_an_extreme_date_is_refused_on_the_field(lurah, world, sampai):
    response = lurah.post(
        reverse("kegiatan:series-create"), series_form(world.home_rt, sampai=sampai)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["sampai"]


@pytest.mark.parametrize("tanggal", EXTREME_DATES)
def test_plan_on_an_extreme_date_is_refused_on_the_field(lurah, world, tanggal):
    response = lurah.post(
        reverse("kegiatan:plan-create"), form_data(world.home_rt, tanggal=tanggal)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["tanggal"]
    assert not RencanaAksi.objects.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("field", ["jenis_kegiatan", "problems", "stakeholders"])
def test_plan_with_a_malformed_id_in_a_multi_select_is_refused_on_the_field(
    lurah, world, field, bad
):
    response = lurah.post(reverse("kegiatan:plan-create"), form_data(world.home_rt, **{field: bad}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not RencanaAksi.objects.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("field", ["rts", "jenis_kegiatan"])
def test_series_with_a_malformed_id_in_a_multi_select_is_refused_on_the_field(
    lurah, world, field, bad
):
    response = lurah.post(
        reverse("kegiatan:series-create"), series_form(world.home_rt, **{field: [bad]})
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not PlanSeries.objects.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_location_row_with_a_malformed_rt_id_is_refused(lurah, world, bad):
    response = lurah.post(
        reverse("kegiatan:plan-create"), form_data(world.home_rt, **{"lokasi-0-rt": bad})
    )
    assert response.status_code == 400
    assert not RencanaAksi.objects.exists()
