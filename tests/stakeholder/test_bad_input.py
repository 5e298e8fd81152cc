"""Malformed ids in the stage 2 multi-selects: a field error, never a 500 (finding 8)."""

import pytest
from django.urls import reverse

from stakeholder.models import SupportRequest
from tests.stakeholder.test_views import request_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["99999999999999999999999", "-1", "x", "1e400"])
def test_request_with_a_malformed_stakeholder_id_is_refused_on_the_field(client, stk, bad):
    client.raise_request_exception = False
    client.force_login(stk.lurah)
    response = client.post(
        reverse("stakeholder:request-create"), request_data(stk, stakeholders=[bad])
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["stakeholders"]
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize("tanggal", ["9999-12-31", "0001-01-01"])
def test_request_on_an_extreme_date_is_refused_on_the_field(client, stk, tanggal):
    client.raise_request_exception = False
    client.force_login(stk.lurah)
    response = client.post(
        reverse("stakeholder:request-create"), request_data(stk, tanggal=tanggal)
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["tanggal"]
    assert not SupportRequest.objects.exists()
