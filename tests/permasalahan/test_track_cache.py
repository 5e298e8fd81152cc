"""The tracking page keeps its public part rendered in the cache (issue 14): a change of
the problem shows on the next view; nothing of one visitor is shown to another."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from permasalahan import selectors, services
from permasalahan.models import ProblemPhoto, Rating, Status
from sigoro.models import Role
from sigoro.services import photo_create
from tests.permasalahan.factories import (
    REPORTER_KEY,
    ProblemFactory,
    ResolvedProblemFactory,
    VerifiedProblemFactory,
)
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def page(client, problem) -> str:
    response = client.get(problem.get_public_url())
    assert response.status_code == 200
    return response.content.decode()


def cached(problem) -> str | None:
    version = selectors.public_page_version(problem.kode)
    return selectors.public_page_cached(kode=problem.kode, language="id", version=version)


def test_the_public_part_is_rendered_once_and_kept(client, world):
    problem = ProblemFactory(rt=world.home_rt, deskripsi="Sampah menumpuk di parit")
    assert cached(problem) is None
    first = page(client, problem)
    assert "Sampah menumpuk di parit" in cached(problem)
    with CaptureQueriesContext(connection) as queries:
        again = page(client, problem)
    assert again == first
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    # Kept: the page reads the problem's own row, not its photos or timeline.
    assert "permasalahan_problemevent" not in sql
    assert "permasalahan_problemphoto" not in sql


def test_a_cached_view_reads_one_row_of_the_problem(client, world, django_assert_num_queries):
    problem = ProblemFactory(rt=world.home_rt)
    page(client, problem)
    with CaptureQueriesContext(connection) as queries:
        page(client, problem)
    own = [q for q in queries.captured_queries if "permasalahan_" in q["sql"]]
    assert len(own) == 1


def test_a_status_change_shows_on_the_next_view(client, world, django_capture_on_commit_callbacks):
    problem = ProblemFactory(rt=world.home_rt)
    assert 'data-testid="status"><span class="badge text-bg-secondary' in page(client, problem)
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_verify(
            user=world.users[Role.LURAH], problem=problem, note="Dicek petugas", public=True
        )
    html = page(client, problem)
    assert str(Status.DIVERIFIKASI.label) in cached(problem)
    assert "Dicek petugas" in html


def test_a_public_note_and_a_hidden_photo_show_on_the_next_view(
    client, world, django_capture_on_commit_callbacks
):
    problem = VerifiedProblemFactory(rt=world.home_rt)
    photo = photo_create(user=None, upload=upload(camera_jpeg(orientation=1)))
    link = ProblemPhoto.objects.create(problem=problem, photo=photo)
    assert 'data-testid="public-photo"' in page(client, problem)
    lurah = world.users[Role.LURAH]
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_add_note(
            user=lurah, problem=problem, note="Truk DLH datang Senin", public=True
        )
    assert "Truk DLH datang Senin" in page(client, problem)
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_photo_set_public(user=lurah, problem=problem, link=link, public=False)
    assert 'data-testid="public-photo"' not in page(client, problem)


def test_a_confirmation_and_a_rating_show_on_the_next_view(
    client, world, django_capture_on_commit_callbacks
):
    problem = ProblemFactory(rt=world.home_rt, jumlah_laporan=1)
    assert '<dd class="col-sm-9">1</dd>' in page(client, problem)
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_confirm(problem=problem, ip_address="10.0.0.9")
    assert '<dd class="col-sm-9">2</dd>' in page(client, problem)

    resolved = ResolvedProblemFactory(
        rt=world.home_rt, pelapor_kunci_hash=services.reporter_key_hash(REPORTER_KEY)
    )
    satisfied = str(Rating.PUAS.label)
    assert satisfied not in page(client, resolved)
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_rate(problem=resolved, rating=Rating.PUAS, reporter_key=REPORTER_KEY)
    assert satisfied in page(client, resolved)


def test_the_reporters_parts_stay_out_of_the_cache(client, world):
    problem = ResolvedProblemFactory(
        rt=world.home_rt, pelapor_kunci_hash=services.reporter_key_hash(REPORTER_KEY)
    )
    reporter = Client()
    reporter.get(f"/lacak/{problem.kode}/pelapor/{REPORTER_KEY}/")
    html = page(reporter, problem)
    assert 'data-testid="rate-form"' in html and 'data-testid="reporter-note"' in html
    assert "csrfmiddlewaretoken" in html
    kept = cached(problem)
    assert "rate-form" not in kept and "reporter-note" not in kept and "csrf" not in kept
    # Another visitor gets the kept public part, without the reporter's forms.
    other = page(Client(), problem)
    assert 'data-testid="rate-form"' not in other and 'data-testid="reporter-note"' not in other


def test_the_kept_part_expires_at_midnight(world):
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    problem = ProblemFactory(rt=world.home_rt)
    late = timezone.make_aware(datetime.datetime(2026, 12, 2, 23, 59, 30))
    version = selectors.public_page_version(problem.kode)
    keep = {"kode": problem.kode, "language": "id", "version": version}
    selectors.public_page_keep(**keep, html="x", now=late)
    assert cached(problem) == "x"
    cache.delete(selectors.public_page_cache_key(problem.kode, "id", version))
    past_midnight = timezone.make_aware(datetime.datetime(2026, 12, 2, 23, 59, 59, 999999))
    selectors.public_page_keep(**keep, html="y", now=past_midnight)
    assert cached(problem) is None  # under a second left: not kept at all


def test_a_page_rendered_from_the_old_rows_during_a_change_is_never_shown(
    client, world, django_capture_on_commit_callbacks
):
    """The race: a visitor reads the old rows, the change commits (and drops the cache),
    then that visitor keeps the old page. It was kept under the version read before the
    rows; the change gave a new one on commit, so the next view renders afresh."""
    problem = ProblemFactory(rt=world.home_rt, status=Status.DIVERIFIKASI)
    stale_version = selectors.public_page_version(problem.kode)
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_add_note(
            user=world.users[Role.LURAH], problem=problem, note="Truk datang besok", public=True
        )
    # The late visitor keeps what it rendered from the rows before the note.
    selectors.public_page_keep(
        kode=problem.kode, language="id", version=stale_version, html="PAGE WITHOUT THE NOTE"
    )
    html = page(client, problem)
    assert "PAGE WITHOUT THE NOTE" not in html
    assert "Truk datang besok" in html


def test_an_evicted_version_trusts_nothing_kept_before(world):
    from django.core.cache import cache

    problem = ProblemFactory(rt=world.home_rt)
    version = selectors.public_page_version(problem.kode)
    selectors.public_page_keep(kode=problem.kode, language="id", version=version, html="old")
    cache.delete(selectors._public_page_version_key(problem.kode))  # evicted, or culled
    assert selectors.public_page_version(problem.kode) != version
    assert cached(problem) is None
