"""Storing photos: all files and the row, or nothing; orphans are cleaned up."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from permasalahan.models import ProblemEvent
from sigoro import selectors, services
from sigoro.models import Photo
from sigoro.photos import process_photo
from tests.permasalahan.factories import ProblemFactory
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_photo_is_stored_as_two_renditions(media_in_tmp):
    photo = services.photo_create(user=None, upload=upload(camera_jpeg(6, width=3000, height=2000)))
    assert len(stored_files(media_in_tmp)) == 2
    assert (photo.width, photo.height) == (3000, 2000)
    assert [field.field.name for field in photo.files] == ["thumb", "web"]
    for field in photo.files:
        assert default_storage.exists(field.name)
    assert not any("print" in path.name for path in stored_files(media_in_tmp))


def test_rollback_of_the_outer_transaction_removes_the_files(media_in_tmp):
    processed = process_photo(upload(camera_jpeg(1)))
    with pytest.raises(RuntimeError), services.atomic_with_files():
        services.photo_create_from_processed(user=None, processed=processed)
        services.photo_create_from_processed(user=None, processed=processed)
        raise RuntimeError("the record that owns the photos failed")
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_orphans_older_than_the_cutoff_are_deleted_with_their_files(media_in_tmp):
    processed = process_photo(upload(camera_jpeg(1)))
    orphan = services.photo_create_from_processed(user=None, processed=processed)
    used_by_event = services.photo_create_from_processed(user=None, processed=processed)
    ProblemEvent.objects.create(problem=ProblemFactory(), foto=used_by_event)
    fresh = services.photo_create_from_processed(user=None, processed=processed)
    Photo.objects.filter(pk__in=[orphan.pk, used_by_event.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    removed = services.photo_delete_orphans(older_than=timezone.now() - datetime.timedelta(days=1))
    assert removed == 1
    assert set(Photo.objects.values_list("pk", flat=True)) == {used_by_event.pk, fresh.pk}
    assert len(stored_files(media_in_tmp)) == 4


def test_nested_blocks_clean_up_at_the_outermost(media_in_tmp):
    processed = process_photo(upload(camera_jpeg(1)))
    with pytest.raises(ValueError), services.atomic_with_files():
        with services.atomic_with_files():
            services.photo_create_from_processed(user=None, processed=processed)
        assert len(stored_files(media_in_tmp)) == 2
        raise ValueError
    assert stored_files(media_in_tmp) == []
    with transaction.atomic():
        assert Photo.objects.count() == 0


def test_records_without_a_photo_do_not_hide_the_orphans(media_in_tmp):
    """A nullable link (an event, a delivery without a photo) holds NULLs: "NOT IN" a list
    with a NULL is never true, which once made every photo look used."""
    processed = process_photo(upload(camera_jpeg(1)))
    orphan = services.photo_create_from_processed(user=None, processed=processed)
    ProblemEvent.objects.create(problem=ProblemFactory(), foto=None)
    Photo.objects.filter(pk=orphan.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert list(selectors.photos_unused()) == [orphan]
    assert (
        services.photo_delete_orphans(older_than=timezone.now() - datetime.timedelta(days=1)) == 1
    )
    assert not Photo.objects.exists()
