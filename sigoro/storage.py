"""Where media files live: the two storages of the production profile, and the one error
a form shows when the file storage cannot take a file.

``STORAGES["public"]`` holds photo renditions, ``STORAGES["default"]`` private files
(generated documents, letterhead logos). Both are local folders under MEDIA_ROOT by default
and locations of an S3-compatible bucket with ``MEDIA_STORAGE=s3`` (sigoro/settings.py).
"""

import errno
import logging

from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class LocalStorage(FileSystemStorage):
    """Django's local folder storage that never leaves a half-written file behind.

    When the disk fills up in the middle of a file, Django's ``FileSystemStorage`` raises
    ENOSPC but keeps the bytes it wrote under the new name, which nothing refers to: a
    broken photo on a disk that is already full. This one removes the file it was creating
    (a name that did not exist before the save) and raises the same error."""

    def _save(self, name, content):
        path = self.path(name)
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed and self.exists(name):
                try:
                    self.delete(name)
                except OSError as cleanup_error:
                    logger.warning("Could not remove the half-written %s: %r", path, cleanup_error)
            raise


def public_storage():
    """Return the storage of photo renditions, ``STORAGES["public"]`` (the photo fields'
    ``storage`` callable, evaluated when the models load)."""
    return storages["public"]


class StorageUnavailable(Exception):
    """The file storage did not take a file (S3 server unreachable, disk full, ...).

    ``str(error)`` is a sentence for the user; nothing of the record was saved.
    """

    def __init__(self, *, full: bool = False) -> None:
        self.full = full
        if full:
            message = _(
                "The photo could not be stored: the file storage is full. Nothing was saved; "
                "please try again later or tell the kecamatan office."
            )
        else:
            message = _(
                "The photo could not be stored: the file storage cannot be reached right now. "
                "Nothing was saved; please try again in a few minutes."
            )
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def is_storage_failure(error: BaseException) -> bool:
    """Return whether ``error`` is the storage failing (not a bug): an operating-system
    error (disk full, permission, connection refused) or an error of the S3 client."""
    if isinstance(error, OSError):
        return True
    module = type(error).__module__ or ""
    return module.startswith(("botocore", "boto3", "s3transfer", "urllib3"))


def storage_unavailable_from(error: BaseException) -> StorageUnavailable:
    """Return the user-facing error for a storage failure, logged with its cause."""
    logger.error("File storage failed: %r", error)
    return StorageUnavailable(full=isinstance(error, OSError) and error.errno == errno.ENOSPC)


def delete_quietly(storage, name: str) -> None:
    """Delete a file, logging (not raising) when the storage fails: used to clean up after
    a failed write, when the storage may well be the thing that failed."""
    try:
        storage.delete(name)
    except Exception as error:  # noqa: BLE001 - clean-up must not hide the first error
        logger.warning("Could not delete %s after a failed write: %r", name, error)
