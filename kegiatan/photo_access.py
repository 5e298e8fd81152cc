"""Who may see a photo of an execution (attendance and documentation): registered in
``sigoro.selectors.PHOTO_ACCESS_PROVIDERS`` by ``kegiatan.apps``."""

from sigoro import access
from sigoro.models import Photo

from .models import FotoDokumentasi, Kehadiran
from .selectors import public_documentation_photos


def attendance_photo_access(user, photo: Photo) -> bool | None:
    """Attendance photos carry residents' names and signatures: only the staff whose area
    holds the attendance's RT see them, never the public. None when the photo is no
    attendance's."""
    rows = Kehadiran.objects.filter(foto=photo)
    if not rows.exists():
        return None
    return access.has_perm(user, "execution.view") and access.scope_queryset(rows, user).exists()


def documentation_photo_access(user, photo: Photo) -> bool | None:
    """A documentation photo (before, after, activity): anyone sees it once the plan is
    carried out and on the public schedule, unless the staff hid it
    (``kegiatan.selectors.public_documentation_photos``); the staff of the plan's area
    always. None when the photo is no documentation photo."""
    rows = FotoDokumentasi.objects.filter(foto=photo)
    if not rows.exists():
        return None
    if public_documentation_photos(rows).exists():
        return True
    return access.has_perm(user, "execution.view") and access.scope_queryset(rows, user).exists()
