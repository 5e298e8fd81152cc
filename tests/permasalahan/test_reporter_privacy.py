"""Issue 10, findings 1 and 7 and reporter data: what only the reporter may do, what the
public sees of staff notes and photos, and who sees the reporter's contact."""

import re

import pytest
from django.urls import reverse

from permasalahan import selectors, services
from permasalahan.models import Problem, ProblemEvent, ProblemPhoto, Status
from sigoro.models import Role
from sigoro.photos import process_photo
from tests.permasalahan.factories import (
    REPORTER_KEY,
    ProblemFactory,
    ResolvedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db

PRIVATE_LINK = re.compile(r"/lacak/SGR-[0-9A-Z]{6}/pelapor/[\w-]{20,}/")


def reopen_url(problem):
    return reverse("permasalahan:track-reopen", args=[problem.kode])


def rate_url(problem):
    return reverse("permasalahan:track-rate", args=[problem.kode])


def private_url(problem, key=REPORTER_KEY):
    return reverse("permasalahan:track-reporter", args=[problem.kode, key])


def state(problem):
    """What a refused POST must leave unchanged."""
    problem.refresh_from_db()
    return (problem.status, problem.penilaian, problem.selesai_pada, problem.events.count())


# -- 1. the reporter's private key ----------------------------------------------------------


def test_the_public_code_alone_cannot_reopen(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    before = state(problem)
    response = client.post(reopen_url(problem), {"catatan": "Sampahnya menumpuk lagi"})
    assert response.status_code == 403
    assert state(problem) == before
    assert problem.status == Status.SELESAI


def test_the_public_code_alone_cannot_rate(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    before = state(problem)
    for _ in range(5):
        assert client.post(rate_url(problem), {"penilaian": "puas"}).status_code == 403
    assert state(problem) == before
    assert problem.penilaian == ""


def test_the_public_page_offers_no_reporter_forms_without_the_key(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    html = client.get(problem.get_public_url()).content.decode()
    assert 'data-testid="rate-form"' not in html and 'data-testid="reopen-form"' not in html


def test_the_private_link_lets_the_reporter_reopen(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    response = client.get(private_url(problem))
    assert response.status_code == 302
    assert response["Location"] == problem.get_public_url()  # the key leaves the address
    html = client.get(problem.get_public_url()).content.decode()
    assert 'data-testid="rate-form"' in html and 'data-testid="reopen-form"' in html
    response = client.post(reopen_url(problem), {"catatan": "Sampahnya menumpuk lagi"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == Status.DIVERIFIKASI


def test_a_wrong_key_is_not_found_and_not_remembered(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    other = ResolvedProblemFactory(rt=world.home_rt, reporter_key="another-key-0123456789abc")
    assert client.get(private_url(problem, "x" * 32)).status_code == 404
    # A problem's key does not open another problem.
    assert client.get(private_url(other, REPORTER_KEY)).status_code == 404
    assert client.post(rate_url(problem), {"penilaian": "puas"}).status_code == 403
    assert client.post(rate_url(other), {"penilaian": "puas"}).status_code == 403


def test_one_rating_per_problem(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    client.get(private_url(problem))
    for rating in ["puas", "tidak_puas", "biasa", "puas", "puas"]:
        client.post(rate_url(problem), {"penilaian": rating})
    problem.refresh_from_db()
    assert problem.penilaian == "puas"
    rated = ProblemEvent.objects.filter(problem=problem, oleh_pelapor=True)
    assert rated.count() == 1
    response = client.post(rate_url(problem), {"penilaian": "biasa"}, follow=True)
    assert "The result was already rated." in response.content.decode() or (
        "sudah dinilai" in response.content.decode()
    )


def test_the_rating_stays_one_after_a_reopen(world):
    """One rating per problem: reopening and resolving again does not open a second one."""
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    services.problem_rate(problem=problem, rating="tidak_puas", reporter_key=REPORTER_KEY)
    services.problem_reopen(problem=problem, note="Masih kotor", reporter_key=REPORTER_KEY)
    services.problem_resolve(user=world.users[Role.LURAH], problem=problem)
    assert "rate" not in services.problem_allowed_actions(
        user=None, problem=problem, reporter_key=REPORTER_KEY
    )
    with pytest.raises(services.ValidationError):
        services.problem_rate(problem=problem, rating="puas", reporter_key=REPORTER_KEY)
    problem.refresh_from_db()
    assert problem.penilaian == "tidak_puas"
    assert problem.events.filter(catatan__icontains="tidak").count() == 1


def test_a_problem_entered_by_staff_has_no_reporter_actions(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, sumber="rt")
    assert problem.pelapor_kunci_hash == ""
    assert services.problem_allowed_actions(user=None, problem=problem) == frozenset()
    assert client.post(rate_url(problem), {"penilaian": "puas"}).status_code == 403
    assert not services.reporter_key_valid(problem=problem, key="")


def test_services_refuse_reporter_actions_without_the_key(world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    with pytest.raises(services.ValidationError):
        services.problem_rate(problem=problem, rating="puas", reporter_key="wrong")
    with pytest.raises(services.ValidationError):
        services.problem_reopen(problem=problem, note="Masih kotor", reporter_key=None)
    services.problem_rate(problem=problem, rating="puas", reporter_key=REPORTER_KEY)
    assert Problem.objects.get(pk=problem.pk).penilaian == "puas"


def report_data(world):
    return {
        "kategori": category().pk,
        "rt": world.home_rt.pk,
        "alamat": "Gg. Melati, depan masjid",
        "deskripsi": "Sampah menumpuk sudah seminggu",
        "nama": "Budi",
        "hp": "0812-3456-7890",
        "idempotency_key": "k-secret-1",
        "website": "",
        "foto": [upload(camera_jpeg(1))],
    }


def test_the_private_link_is_shown_only_to_the_reporter(client, world):
    from django.test import Client

    response = client.post(reverse("permasalahan:report"), report_data(world))
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert len(problem.pelapor_kunci_hash) == 64  # a hash, never the key itself
    confirmation = client.get(response["Location"]).content.decode()
    link = PRIVATE_LINK.search(confirmation).group(0)
    key = link.rstrip("/").rsplit("/", 1)[1]
    assert key not in problem.pelapor_kunci_hash
    assert services.reporter_key_valid(problem=problem, key=key)
    assert 'data-testid="private-link"' in confirmation
    slip = client.get(reverse("permasalahan:track-slip", args=[problem.kode])).content.decode()
    assert link in slip

    # The same form sent again from the same browser finds the report and its key.
    again = client.post(reverse("permasalahan:report"), report_data(world))
    assert again["Location"] == response["Location"]
    assert link in client.get(again["Location"]).content.decode()

    stranger = Client()
    pages = [
        response["Location"],
        problem.get_public_url(),
        reverse("permasalahan:track-slip", args=[problem.kode]),
        reverse("permasalahan:public-map"),
        reverse("permasalahan:public-map-data"),
        reverse("permasalahan:report-similar") + f"?kategori={category().pk}&rt={world.home_rt.pk}",
    ]
    for url in pages:
        html = stranger.get(url).content.decode()
        assert key not in html and "/pelapor/" not in html, url

    # Opening the private link in a fresh browser lets that browser act as the reporter.
    assert stranger.get(link).status_code == 302
    assert 'data-testid="reporter-note"' in stranger.get(problem.get_public_url()).content.decode()


# -- 2. staff notes are internal unless ticked public ---------------------------------------


def test_a_staff_note_is_internal_by_default(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.KETUA_RT])
    client.post(
        reverse("permasalahan:problem-note", args=[problem.kode]),
        {"catatan": "Hubungi Pak Budi 0812-9999-0000"},
    )
    client.force_login(world.users[Role.LURAH])
    client.post(
        reverse("permasalahan:problem-verify", args=[problem.kode]),
        {"catatan": "Dicek di lokasi bersama Bu Sari"},
    )
    client.post(
        reverse("permasalahan:problem-note", args=[problem.kode]),
        {"catatan": "Truk DLH datang Senin", "publik": "on"},
    )
    staff_html = client.get(problem.get_absolute_url()).content.decode()
    assert "0812-9999-0000" in staff_html and "Bu Sari" in staff_html
    assert staff_html.count('data-testid="note-internal"') == 2
    assert staff_html.count('data-testid="note-public"') == 1
    client.logout()
    html = client.get(problem.get_public_url()).content.decode()
    assert "0812-9999-0000" not in html and "Bu Sari" not in html
    assert "Truk DLH datang Senin" in html
    assert "Diverifikasi" in html or "diverifikasi" in html  # the step itself is shown


def test_the_reporters_reopen_note_is_not_public(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    client.get(private_url(problem))
    client.post(reopen_url(problem), {"catatan": "Rumah saya no 12 masih kebanjiran"})
    from django.test import Client

    html = Client().get(problem.get_public_url()).content.decode()
    assert "no 12" not in html
    client.force_login(world.users[Role.LURAH])
    assert "no 12" in client.get(problem.get_absolute_url()).content.decode()


# -- 3. hidden photos are hidden everywhere (finding 7) -------------------------------------


def staff_photo(problem, user, public=True):
    """A photo added with a staff note, as the detail page adds one."""
    event = services.problem_add_note(
        user=user,
        problem=problem,
        note="Foto lokasi",
        processed_photo=process_photo(upload(camera_jpeg(1))),
    )
    link = ProblemPhoto.objects.get(photo=event.foto)
    if not public:
        ProblemPhoto.objects.filter(pk=link.pk).update(publik=False)
    return link


def test_a_hidden_photo_is_not_on_the_public_page(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    hidden = staff_photo(problem, world.users[Role.LURAH], public=False)
    shown = staff_photo(problem, world.users[Role.LURAH], public=True)
    html = client.get(problem.get_public_url()).content.decode()
    assert hidden.photo.thumb_url not in html and hidden.photo.web_url not in html
    assert shown.photo.thumb_url in html
    assert selectors.photo_is_public(shown.photo)
    assert not selectors.photo_is_public(hidden.photo)


def test_a_photo_on_no_problem_is_not_public(world):
    link = staff_photo(ProblemFactory(rt=world.home_rt), world.users[Role.LURAH])
    photo = link.photo
    link.delete()
    assert not selectors.photo_is_public(photo)


def test_the_lurah_hides_a_photo_and_the_rt_head_may_not(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    link = staff_photo(problem, world.users[Role.LURAH])
    url = reverse("permasalahan:problem-photo-visibility", args=[problem.kode, link.pk])
    client.force_login(world.users[Role.KETUA_RT])
    assert (
        'data-testid="photo-visibility"'
        not in client.get(problem.get_absolute_url()).content.decode()
    )
    assert client.post(url, {"publik": ""}).status_code == 403
    link.refresh_from_db()
    assert link.publik
    client.force_login(world.users[Role.LURAH])
    assert (
        'data-testid="photo-visibility"' in client.get(problem.get_absolute_url()).content.decode()
    )
    assert client.post(url, {"publik": ""}).status_code == 302
    link.refresh_from_db()
    assert not link.publik
    client.logout()
    assert link.photo.thumb_url not in client.get(problem.get_public_url()).content.decode()
    client.force_login(world.users[Role.LURAH])
    client.post(url, {"publik": "on"})
    link.refresh_from_db()
    assert link.publik


def test_a_photo_of_another_problem_cannot_be_toggled(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    other = ProblemFactory(rt=world.home_rt)
    link = staff_photo(other, world.users[Role.LURAH])
    client.force_login(world.users[Role.LURAH])
    url = reverse("permasalahan:problem-photo-visibility", args=[problem.kode, link.pk])
    assert client.post(url, {"publik": ""}).status_code == 404
    link.refresh_from_db()
    assert link.publik


# -- 4. the reporter's name and phone -------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.ADMIN_KECAMATAN, True),
        (Role.LURAH, True),
        (Role.CAMAT, False),
        (Role.KETUA_RW, False),
        (Role.KETUA_RT, False),
    ],
)
def test_reporter_contact_only_for_roles_that_verify(client, world, role, sees):
    problem = ProblemFactory(rt=world.home_rt, pelapor_nama="Budiman", pelapor_hp="6281234567890")
    client.force_login(world.users[role])
    html = client.get(problem.get_absolute_url()).content.decode()
    assert ("0812-3456-7890" in html) is sees
    assert ("Budiman" in html) is sees
    assert selectors.reporter_contact_visible(user=world.users[role]) is sees
    listing = client.get(reverse("permasalahan:problem-list")).content.decode()
    assert "Budiman" not in listing and "3456-7890" not in listing
