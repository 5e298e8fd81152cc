"""The optional email of a public report: kept, used for status changes, never public."""

import pytest
from django.urls import reverse

from permasalahan.models import Problem
from tests.open311.factories import jurisdiction_of
from tests.test_post_access import report_form

pytestmark = pytest.mark.django_db

ADDRESS = "warga.ampui@example.id"


def test_the_report_form_keeps_the_email_private(client, world):
    response = client.post(
        reverse("permasalahan:report"), report_form(world.home_rt) | {"email": ADDRESS}
    )

    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.pelapor_email == ADDRESS
    track = client.get(reverse("permasalahan:track", args=[problem.kode])).content.decode()
    assert ADDRESS not in track
    api = client.get(
        reverse("open311:request-detail", kwargs={"kode": problem.kode, "fmt": "json"}),
        {"jurisdiction_id": jurisdiction_of(world.home_rt)},
    )
    assert api.status_code == 200
    assert ADDRESS not in api.content.decode()


def test_a_bad_email_is_refused_and_the_form_keeps_what_was_typed(client, world):
    data = report_form(world.home_rt) | {"email": "bukan-email", "nama": "Budi Santoso"}

    response = client.post(reverse("permasalahan:report"), data)

    assert response.status_code == 200
    assert not Problem.objects.exists()
    page = response.content.decode()
    assert 'value="bukan-email"' in page and 'value="Budi Santoso"' in page
    assert "is-invalid" in page
