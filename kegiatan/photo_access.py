"""Who may see an attendance photo: registered in ``sigoro.selectors.PHOTO_ACCESS_PROVIDERS``
by ``kegiatan.apps``."""

from sigoro import access
from sigoro.models import Photo

from .models import Kehadiran


def attendance_photo_access(user, photo: Photo) -> bool | None:
    """Attendance photos carry residents' names and signatures: only the staff whose area
    holds the attendance's RT see them, never the public. None when the photo is no
    attendance's."""
    rows = Kehadiran.objects.filter(foto=photo)
    if not rows.exists():
        return None
    return access.has_perm(user, "execution.view") and access.scope_queryset(rows, user).exists()
