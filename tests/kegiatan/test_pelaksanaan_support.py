"""Stage 4, item 6: support received at the event. The lurah confirms the deliveries of the
plan's pledges (stage 2 Delivery rows, no copies in kegiatan) and records the event's
swadaya (stage 2 Swadaya, linked to the execution); the plan page shows needs vs received."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kegiatan import selectors, services
from kegiatan.models import PlanStatus
from permasalahan.models import Status
from sigoro.models import Role
from stakeholder.models import Delivery, Pledge, PledgeStatus, Swadaya
from tests.kegiatan.factories import execution_in, plan_in
from tests.permasalahan.factories import VerifiedProblemFactory
from tests.stakeholder.factories import make_request, stakeholder_serving


def with_pledge(pelaksanaan, *, jumlah=100, pledged=60, nilai=600_000):
    """A support request of the plan (100 karung asked) with one stakeholder's pledge."""
    plan = pelaksanaan.plan
    rt = plan.lokasi.first().rt
    support_request = make_request(
        kelurahan=plan.kelurahan,
        stakeholders=[stakeholder_serving(rt)],
        items=[("material", "Karung sampah", jumlah, "buah")],
    )
    plan.support_requests.add(support_request)
    pledge = Pledge.objects.get(recipient__request=support_request)
    pledge.jumlah_dijanjikan, pledge.nilai_dijanjikan = pledged, nilai
    pledge.status = PledgeStatus.DIJANJIKAN
    pledge.save()
    return pledge


def support_url(plan):
    return reverse("kegiatan:execution-support", args=[plan.pk])


def swadaya_url(plan):
    return reverse("kegiatan:execution-swadaya", args=[plan.pk])


def delivery_data(pledge, jumlah=40, key=None):
    return {
        "pledge": pledge.pk,
        "jumlah": str(jumlah),
        "diterima_oleh": "Pak RT 001",
        "idempotency_key": key or uuid.uuid4().hex,
    }


def swadaya_data(rt, key=None):
    return {
        "idempotency_key": key or uuid.uuid4().hex,
        "rt": rt.pk,
        "jenis": "konsumsi",
        "item": "Nasi kotak",
        "jumlah": "40",
        "satuan": "kotak",
        "nilai": "600.000",
        "sumber": "warga",
    }


def test_the_lurah_confirms_a_delivery_as_a_stage_2_delivery(client, world):
    """60 pledged, 40 confirmed: one Delivery of 40 dated the event's day, the pledge
    partly delivered, value 600,000 x 40/60 = 400,000."""
    pelaksanaan = execution_in(world.home_rt)
    pledge = with_pledge(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    response = client.post(support_url(pelaksanaan.plan), delivery_data(pledge))
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.pledge, delivery.jumlah, delivery.nilai) == (pledge, 40, 400_000)
    assert delivery.tanggal == pelaksanaan.tanggal
    assert delivery.dicatat_oleh == world.users[Role.LURAH]
    pledge.refresh_from_db()
    assert (pledge.status, pledge.jumlah_diterima) == (PledgeStatus.SEBAGIAN, 40)


def test_a_delivery_sent_twice_is_one_delivery(client, world):
    pelaksanaan = execution_in(world.home_rt)
    pledge = with_pledge(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    data = delivery_data(pledge, jumlah=10)
    assert client.post(support_url(pelaksanaan.plan), data).status_code == 302
    assert client.post(support_url(pelaksanaan.plan), data).status_code == 302
    assert Delivery.objects.count() == 1
    pledge.refresh_from_db()
    assert pledge.jumlah_diterima == 10


def test_more_than_pledged_is_refused_with_what_was_typed(client, world):
    pelaksanaan = execution_in(world.home_rt)
    pledge = with_pledge(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    response = client.post(support_url(pelaksanaan.plan), delivery_data(pledge, jumlah=99))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="99"' in page
    assert f'id="id_janji{pledge.pk}_jumlah"' in page and 'aria-invalid="true"' in page
    assert not Delivery.objects.exists()


def test_a_pledge_of_another_plan_is_404(client, world):
    pelaksanaan = execution_in(world.home_rt)
    other = with_pledge(execution_in(world.home_rt))
    client.force_login(world.users[Role.LURAH])
    assert client.post(support_url(pelaksanaan.plan), delivery_data(other)).status_code == 404
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("role", [Role.KETUA_RT, Role.KETUA_RW, Role.CAMAT])
def test_only_the_lurah_or_admin_confirm_support(client, world, role):
    pelaksanaan = execution_in(world.home_rt)
    pledge = with_pledge(pelaksanaan)
    client.force_login(world.users[role])
    assert client.post(support_url(pelaksanaan.plan), delivery_data(pledge)).status_code == 403
    assert client.post(swadaya_url(pelaksanaan.plan), swadaya_data(world.home_rt)).status_code == (
        403
    )
    assert not Delivery.objects.exists() and not Swadaya.objects.exists()


def test_a_lurah_cannot_touch_another_kelurahans_support(client, world):
    foreign = world.foreign_rt[Role.LURAH]
    pelaksanaan = execution_in(foreign)
    pledge = with_pledge(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    assert client.get(support_url(pelaksanaan.plan)).status_code == 404
    assert client.post(support_url(pelaksanaan.plan), delivery_data(pledge)).status_code == 404
    assert client.post(swadaya_url(pelaksanaan.plan), swadaya_data(foreign)).status_code == 404
    assert not Delivery.objects.exists() and not Swadaya.objects.exists()


def test_the_events_swadaya_is_a_stage_2_record_linked_once(client, world):
    pelaksanaan = execution_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    data = swadaya_data(world.home_rt)
    assert client.post(swadaya_url(pelaksanaan.plan), data).status_code == 302
    assert client.post(swadaya_url(pelaksanaan.plan), data).status_code == 302
    swadaya = Swadaya.objects.get()
    assert (swadaya.rt, swadaya.nilai, swadaya.tanggal) == (
        world.home_rt,
        600_000,
        pelaksanaan.tanggal,
    )
    assert swadaya.acara == pelaksanaan.plan.judul
    assert list(pelaksanaan.swadaya.all()) == [swadaya]


def test_the_events_swadaya_lies_in_one_of_the_plans_rts(client, world):
    pelaksanaan = execution_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    outside = world.foreign_rt[Role.KETUA_RW]
    response = client.post(swadaya_url(pelaksanaan.plan), swadaya_data(outside))
    assert response.status_code == 400
    assert not Swadaya.objects.exists()


def test_needs_vs_received(world):
    """Asked 100, pledged 60, received 40 worth 400,000; swadaya 600,000."""
    lurah = world.users[Role.LURAH]
    pelaksanaan = execution_in(world.home_rt)
    pledge = with_pledge(pelaksanaan)
    plan = pelaksanaan.plan
    services.event_delivery_confirm(
        user=lurah, plan=plan, pledge=pledge, jumlah=40, diterima_oleh="Pak RT"
    )
    services.event_swadaya_add(
        user=lurah, plan=plan, rt=world.home_rt, jenis="konsumsi", item="Nasi", nilai=600_000
    )
    support = selectors.execution_support(user=lurah, plan=plan, pelaksanaan=pelaksanaan)
    [need] = support.needs
    assert (need.diminta, need.dijanjikan, need.diterima) == (100, 60, 40)
    assert (support.nilai_diterima, support.nilai_swadaya) == (400_000, 600_000)
    assert support.waiting == [pledge]
    assert (
        selectors.execution_support(
            user=world.users[Role.KETUA_RT], plan=plan, pelaksanaan=pelaksanaan
        )
        is None
    )  # RT heads see no stage 2 requests


def test_support_waits_for_the_execution(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI)
    client.force_login(world.users[Role.LURAH])
    assert client.get(support_url(plan)).status_code == 302


def test_plan_page_query_count_with_problems_and_deliveries(client, world):
    """The plan page with its execution, problems resolved and found, and deliveries: the
    number of queries does not grow with the rows."""
    lurah = world.users[Role.LURAH]

    def build(n):
        pelaksanaan = execution_in(world.home_rt)
        plan = pelaksanaan.plan
        for _ in range(n):
            pledge = with_pledge(pelaksanaan)
            services.event_delivery_confirm(
                user=lurah, plan=plan, pledge=pledge, jumlah=10, diterima_oleh="Pak RT"
            )
            problem = VerifiedProblemFactory(rt=world.home_rt, status=Status.DIRENCANAKAN)
            plan.problems.add(problem)
            pelaksanaan.masalah_diselesaikan.add(problem)
            pelaksanaan.masalah_ditemukan.add(VerifiedProblemFactory(rt=world.home_rt))
            services.event_swadaya_add(
                user=lurah, plan=plan, rt=world.home_rt, jenis="jasa", item="Tenaga", nilai=1000
            )
        return plan

    client.force_login(lurah)
    build(0)  # another plan on the same day and RT: both pages show a conflict
    counts = []
    for n in (1, 6):
        plan = build(n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(plan.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('data-testid="execution-support"') == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The execution section adds six: problems resolvable, resolved and found; the plan's
    # request rows, its pledges waiting for a delivery, the event's swadaya; the
    # documentation section three (its photos, spots usable, the user's actions); the
    # buttons of later stages one (the berita acara asks whether the execution is closed);
    # the top bar one (the inbox bell's unread count).
    assert counts[1] == 37, counts


@pytest.mark.parametrize("bad", ["", "abc", "Rp 1.000", "99999999999999999999"])
def test_a_malformed_pledge_id_is_404(client, world, bad):
    pelaksanaan = execution_in(world.home_rt)
    with_pledge(pelaksanaan)
    client.force_login(world.users[Role.LURAH])
    data = {"pledge": bad, "jumlah": "5", "diterima_oleh": "Pak RT"}
    assert client.post(support_url(pelaksanaan.plan), data).status_code == 404
    assert not Delivery.objects.exists()
