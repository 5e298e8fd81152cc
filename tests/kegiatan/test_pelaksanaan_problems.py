"""Stage 4, item 5: the plan's problems resolved at the event (each with an after photo,
through the problem service, seen by the reporter on /lacak/) and problems found on the
day (new problems of the plan's RT, linked to the execution)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kegiatan import services
from kegiatan.models import PlanStatus
from permasalahan.models import Problem, ProblemEvent, ProblemPhoto, Source, Status
from sigoro.models import Photo, Role
from tests.kegiatan.factories import execution_in, plan_in
from tests.permasalahan.factories import (
    ProblemFactory,
    ResolvedProblemFactory,
    VerifiedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, upload


def problems_url(plan):
    return reverse("kegiatan:execution-problems", args=[plan.pk])


def found_url(plan):
    return reverse("kegiatan:execution-problem-found", args=[plan.pk])


def event_with(rt, *problems, rts=()):
    """An open execution of today's approved plan in ``rt`` addressing ``problems``."""
    pelaksanaan = execution_in(rt, rts=rts)
    pelaksanaan.plan.problems.set(problems)
    return pelaksanaan


def planned(rt):
    return VerifiedProblemFactory(rt=rt, status=Status.DIRENCANAKAN)


def resolve(client, plan, problem, photo=True):
    data = {"masalah": problem.pk}
    if photo:
        data["foto"] = upload(camera_jpeg())
    return client.post(problems_url(plan), data)


def test_the_lurah_resolves_a_problem_and_the_reporter_sees_it(client, world):
    """The problem becomes "selesai" through the problem service: one public timeline entry
    naming the event, with the after photo, and the tracking page shows both."""
    problem = planned(world.home_rt)
    pelaksanaan = event_with(world.home_rt, problem)
    plan = pelaksanaan.plan
    client.force_login(world.users[Role.LURAH])
    assert resolve(client, plan, problem).status_code == 302
    problem.refresh_from_db()
    assert problem.status == Status.SELESAI
    event = problem.events.latest("pk")
    assert (event.dari_status, event.ke_status) == (Status.DIRENCANAKAN, Status.SELESAI)
    assert event.publik is True
    assert plan.judul in event.catatan
    assert event.foto is not None
    assert ProblemPhoto.objects.filter(problem=problem, photo=event.foto).exists()
    assert list(pelaksanaan.masalah_diselesaikan.all()) == [problem]
    client.logout()
    track = client.get(reverse("permasalahan:track", args=[problem.kode])).content.decode()
    assert f"Diselesaikan pada kerja bakti “{plan.judul}”" in track
    status = track.split('data-testid="status"', 1)[1].split("</span>", 1)[0]
    assert status.endswith(f">{Status.SELESAI.label}")
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 302  # the plan page is for staff: the public sees /lacak/


def test_the_plan_page_lists_the_problems_resolved(client, world):
    problem = planned(world.home_rt)
    pelaksanaan = event_with(world.home_rt, problem)
    client.force_login(world.users[Role.LURAH])
    resolve(client, pelaksanaan.plan, problem)
    page = client.get(pelaksanaan.plan.get_absolute_url()).content.decode()
    assert 'data-testid="resolved-problems"' in page
    assert problem.kode in page


def test_a_double_submit_makes_one_event_and_one_photo(client, world):
    problem = planned(world.home_rt)
    plan = event_with(world.home_rt, problem).plan
    client.force_login(world.users[Role.LURAH])
    events = problem.events.count()
    assert resolve(client, plan, problem).status_code == 302
    assert resolve(client, plan, problem).status_code == 302
    assert problem.events.count() == events + 1
    assert ProblemPhoto.objects.filter(problem=problem).count() == 1
    assert Photo.objects.count() == 1


def test_the_after_photo_is_required(client, world):
    problem = planned(world.home_rt)
    plan = event_with(world.home_rt, problem).plan
    client.force_login(world.users[Role.LURAH])
    response = resolve(client, plan, problem, photo=False)
    assert response.status_code == 400
    assert "Tambahkan foto lokasi sesudah dikerjakan." in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN


def test_a_broken_photo_is_refused_and_nothing_moves(client, world):
    problem = planned(world.home_rt)
    plan = event_with(world.home_rt, problem).plan
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        problems_url(plan), {"masalah": problem.pk, "foto": upload(b"not a photo", "x.jpg")}
    )
    assert response.status_code == 400
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.SELESAI, Status.DITOLAK, Status.DUPLIKAT, Status.DILAPORKAN]
)
def test_a_problem_that_cannot_move_is_shown_and_not_offered(client, world, status):
    stuck = ProblemFactory(rt=world.home_rt, status=status, selesai_pada=timezone.now())
    plan = event_with(world.home_rt, stuck).plan
    client.force_login(world.users[Role.LURAH])
    page = client.get(problems_url(plan)).content.decode()
    assert f'data-testid="problem-{stuck.pk}"' in page
    assert f'data-testid="resolve-form-{stuck.pk}"' not in page
    assert 'data-testid="not-resolvable"' in page
    assert resolve(client, plan, stuck).status_code == 400
    stuck.refresh_from_db()
    assert stuck.status == status


def test_an_rt_head_resolves_only_the_problems_of_his_rt(client, world):
    """A plan over RT 001 and RT 002: the head of RT 001 is offered RT 001's problem, does
    not see RT 002's, and gets 404 when he posts it."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    mine, theirs = planned(world.home_rt), planned(sibling)
    plan = event_with(world.home_rt, mine, theirs, rts=[sibling]).plan
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(problems_url(plan)).content.decode()
    assert f'data-testid="resolve-form-{mine.pk}"' in page
    assert theirs.kode not in page
    assert resolve(client, plan, theirs).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.DIRENCANAKAN
    assert resolve(client, plan, mine).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.SELESAI


def test_an_rw_head_resolves_in_his_rw_through_the_service(world):
    problem = planned(world.home_rt)
    plan = event_with(world.home_rt, problem).plan
    services.problem_resolve_at_event(
        user=world.users[Role.KETUA_RW], plan=plan, problem=problem, upload=upload(camera_jpeg())
    )
    problem.refresh_from_db()
    assert problem.status == Status.SELESAI


def test_a_lurah_cannot_resolve_in_another_kelurahan(client, world):
    foreign = world.foreign_rt[Role.LURAH]
    problem = planned(foreign)
    plan = event_with(foreign, problem).plan
    client.force_login(world.users[Role.LURAH])
    assert client.get(problems_url(plan)).status_code == 404
    assert resolve(client, plan, problem).status_code == 404
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN


def test_a_problem_not_of_the_plan_is_404(client, world):
    other = planned(world.home_rt)
    plan = event_with(world.home_rt, planned(world.home_rt)).plan
    client.force_login(world.users[Role.LURAH])
    assert resolve(client, plan, other).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.DIRENCANAKAN


def test_nothing_is_resolved_before_the_execution_is_opened(client, world):
    problem = planned(world.home_rt)
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    plan.problems.set([problem])
    client.force_login(world.users[Role.LURAH])
    assert resolve(client, plan, problem).status_code == 302  # back to the plan, saying why
    with pytest.raises(ValidationError):
        services.problem_resolve_at_event(
            user=world.users[Role.LURAH], plan=plan, problem=problem, upload=upload(camera_jpeg())
        )
    problem.refresh_from_db()
    assert problem.status == Status.DIRENCANAKAN


def test_the_execution_actions_are_the_one_answer(world):
    """``execution_allowed_actions`` lists what the resolve page offers: the plan's problems
    in the user's area whose status may move to "selesai"."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    mine, theirs = planned(world.home_rt), planned(sibling)
    done = ResolvedProblemFactory(rt=world.home_rt)
    plan = event_with(world.home_rt, mine, theirs, done, rts=[sibling]).plan
    lurah = services.execution_allowed_actions(user=world.users[Role.LURAH], plan=plan)
    assert set(lurah.resolvable) == {mine, theirs}
    head = services.execution_allowed_actions(user=world.users[Role.KETUA_RT], plan=plan)
    assert list(head.resolvable) == [mine]
    camat = services.execution_allowed_actions(user=world.users[Role.CAMAT], plan=plan)
    assert camat.resolvable == () and services.ACTION_RESOLVE_PROBLEMS not in camat


# -- problems found on the day ----------------------------------------------------------------


def found_data(rt, **extra):
    return {
        "idempotency_key": uuid.uuid4().hex,
        "kategori": category().pk,
        "rt": rt.pk,
        "alamat": "Belakang Pos Ronda Gg. Mawar",
        "deskripsi": "Saluran tersumbat sampah plastik, ditemukan saat kerja bakti.",
        "keparahan": "2",
        **extra,
    }


def test_a_problem_found_is_a_new_problem_of_that_rt(client, world):
    pelaksanaan = event_with(world.home_rt)
    plan = pelaksanaan.plan
    client.force_login(world.users[Role.KETUA_RT])
    response = client.post(found_url(plan), found_data(world.home_rt))
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.rt == world.home_rt
    assert problem.sumber == Source.KEGIATAN
    assert problem.status == Status.DILAPORKAN
    assert problem.pelapor == world.users[Role.KETUA_RT]
    assert list(pelaksanaan.masalah_ditemukan.all()) == [problem]
    note = ProblemEvent.objects.filter(problem=problem, publik=True).get()
    assert plan.judul in note.catatan
    client.force_login(world.users[Role.LURAH])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="found-problems"' in page and problem.kode in page


def test_a_found_problem_sent_twice_is_one_problem(client, world):
    plan = event_with(world.home_rt).plan
    client.force_login(world.users[Role.LURAH])
    data = found_data(world.home_rt)
    assert client.post(found_url(plan), data).status_code == 302
    assert client.post(found_url(plan), data).status_code == 302
    assert Problem.objects.count() == 1
    assert ProblemEvent.objects.filter(publik=True).count() == 1


def test_a_found_problem_lies_in_one_of_the_plans_rts_of_the_users_area(client, world):
    sibling = world.foreign_rt[Role.KETUA_RT]
    outside = world.foreign_rt[Role.KETUA_RW]  # another RW of the kelurahan, not the plan's
    plan = event_with(world.home_rt, rts=[sibling]).plan
    client.force_login(world.users[Role.KETUA_RT])
    assert client.post(found_url(plan), found_data(sibling)).status_code == 400
    client.force_login(world.users[Role.LURAH])
    assert client.post(found_url(plan), found_data(outside)).status_code == 400
    assert not Problem.objects.exists()
    with pytest.raises(ValidationError):
        services.problem_found_add(
            user=world.users[Role.LURAH],
            plan=plan,
            rt=outside,
            kategori=category(),
            alamat="Gg. Mawar",
            deskripsi="Sampah",
        )


def test_a_failed_found_form_keeps_what_was_typed_and_the_photo(client, world):
    plan = event_with(world.home_rt).plan
    client.force_login(world.users[Role.LURAH])
    data = found_data(world.home_rt, deskripsi="", foto=upload(camera_jpeg()))
    response = client.post(found_url(plan), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Belakang Pos Ronda Gg. Mawar" in page
    kept = Photo.objects.get()
    assert kept.uuid.hex in page
    data = found_data(world.home_rt, foto_tersimpan=kept.uuid.hex)
    assert client.post(found_url(plan), data).status_code == 302
    problem = Problem.objects.get()
    assert [link.photo for link in problem.photos.all()] == [kept]


def test_a_lurah_cannot_add_a_found_problem_in_another_kelurahan(client, world):
    foreign = world.foreign_rt[Role.LURAH]
    plan = event_with(foreign).plan
    client.force_login(world.users[Role.LURAH])
    assert client.get(found_url(plan)).status_code == 404
    assert client.post(found_url(plan), found_data(foreign)).status_code == 404
    assert not Problem.objects.exists()
