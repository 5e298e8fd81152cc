"""``public_problems``: what other systems may read of stage 1 (the Open311 API)."""

import datetime

import pytest
from django.utils import timezone

from permasalahan.models import ProblemPhoto, Status
from permasalahan.selectors import public_problems
from sigoro.models import Photo
from tests.permasalahan.factories import ProblemFactory, ResolvedProblemFactory

pytestmark = pytest.mark.django_db


def test_lists_open_and_resolved_problems_of_one_kecamatan(world):
    kecamatan = world.home_rt.kelurahan.kecamatan_id
    shown = {ProblemFactory(rt=world.home_rt).pk, ResolvedProblemFactory(rt=world.home_rt).pk}
    rejected = ProblemFactory(rt=world.home_rt, status=Status.DITOLAK)
    ProblemFactory(rt=world.home_rt, status=Status.DUPLIKAT)
    ProblemFactory(rt=world.other_kecamatan_rt)
    assert {p.pk for p in public_problems(kecamatan_id=kecamatan)} == shown
    # Named by its code, a rejected report is there (as on the tracking page).
    assert [p.pk for p in public_problems(kecamatan_id=kecamatan, kodes=[rejected.kode])] == [
        rejected.pk
    ]


def test_never_loads_the_reporters_data_and_keeps_hidden_photos_out(world):
    problem = ProblemFactory(rt=world.home_rt, pelapor_nama="Budi", pelapor_hp="0812")
    shown = Photo.objects.create(width=1, height=1, source_format="jpeg", sha256="1" * 64)
    hidden = Photo.objects.create(width=1, height=1, source_format="jpeg", sha256="2" * 64)
    ProblemPhoto.objects.create(problem=problem, photo=shown)
    ProblemPhoto.objects.create(problem=problem, photo=hidden, publik=False)
    [found] = public_problems()
    assert {"pelapor_nama", "pelapor_hp", "pelapor_kunci_hash"} <= found.get_deferred_fields()
    assert [link.photo for link in found.public_photos] == [shown]


def test_filters_by_window(world):
    old = ProblemFactory(rt=world.home_rt)
    old.__class__.objects.filter(pk=old.pk).update(
        dibuat=timezone.now() - datetime.timedelta(days=30)
    )
    new = ProblemFactory(rt=world.home_rt)
    since = timezone.now() - datetime.timedelta(days=1)
    assert [p.pk for p in public_problems(reported_from=since)] == [new.pk]
    assert [p.pk for p in public_problems(reported_until=since)] == [old.pk]
