"""Finding 5 of issue #10: nested data on a detail page is scoped like the page itself.

A plan may cover several RTs of its kelurahan; the problems it addresses are shown only
to the roles that may see each problem. A stakeholder contact sees the category and RT of
the plan's problems, never their address or tracking code.
"""

import uuid

import pytest
from django.urls import reverse

from sigoro.models import Role
from tests.kegiatan.factories import plan_in
from tests.permasalahan.factories import VerifiedProblemFactory

pytestmark = pytest.mark.django_db


def marked_problem(rt, marker):
    return VerifiedProblemFactory(rt=rt, alamat=f"{marker} Jl. Rahasia")


def plan_over(world, role):
    """A plan covering the home RT and the RT just outside ``role``'s area, when that RT
    lies in the same kelurahan (the model allows only one kelurahan per plan)."""
    home_rt, foreign_rt = world.home_rt, world.foreign_rt[role]
    home = marked_problem(home_rt, f"RAHASIA-SENDIRI-{uuid.uuid4().hex[:8]}")
    foreign = marked_problem(foreign_rt, f"RAHASIA-ASING-{uuid.uuid4().hex[:8]}")
    plan = plan_in(home_rt, rts=[foreign_rt])
    plan.problems.set([home, foreign])
    return plan, home, foreign


@pytest.mark.parametrize("role", [Role.KETUA_RT, Role.KETUA_RW])
def test_a_head_sees_only_the_plans_problems_of_their_own_area(client, world, role):
    plan, home, foreign = plan_over(world, role)
    client.force_login(world.users[role])
    response = client.get(reverse("kegiatan:plan-detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert home.alamat in content
    assert home.kode in content
    assert foreign.alamat not in content
    assert foreign.kode not in content


def test_the_lurah_sees_every_problem_of_a_plan_in_the_kelurahan(client, world):
    plan, home, foreign = plan_over(world, Role.KETUA_RT)
    client.force_login(world.users[Role.LURAH])
    content = client.get(reverse("kegiatan:plan-detail", kwargs={"pk": plan.pk})).content
    assert home.alamat.encode() in content
    assert foreign.alamat.encode() in content


def test_a_stakeholder_contact_sees_category_and_rt_but_no_address(client, world):
    plan, home, foreign = plan_over(world, Role.KETUA_RT)
    client.force_login(world.users[Role.STAKEHOLDER])
    response = client.get(reverse("kegiatan:plan-detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    for problem in (home, foreign):
        assert problem.alamat not in content
        assert problem.kode not in content
    outline = response.context["problem_outline"]
    assert {(row.kategori, row.rt) for row in outline} == {
        (str(home.kategori), str(home.rt)),
        (str(foreign.kategori), str(foreign.rt)),
    }
