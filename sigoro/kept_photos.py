"""Photos of a failed form, kept (stored, not yet attached) for the form's next try.

A kept photo is named by its uuid in the form's hidden ``foto_tersimpan`` field. That name
alone proves nothing: any photo no record uses yet (a delivery photo before it is linked, a
photo kept for another visitor) has one. So the browser session that sent a photo records
its uuid here, and a form only takes back the kept photos its own session recorded, or
(staff forms whose page sends photos ahead, ``POST /foto/unggah/``) the photos the signed-in
user staged themselves.

Anonymous visitors may have only ``PUBLIC_KEPT_PHOTO_RATE`` photos kept per session and per
address ("10/h"); beyond it a failed form keeps none and asks for the photos again. Kept
photos nobody sends again are removed by ``manage.py cleanup_photos`` (unattached, older
than a day).
"""

import time
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from sigoro import ratelimit
from sigoro.models import Photo
from sigoro.selectors import photos_unused

SESSION_KEY = "sigoro_kept_photos"
KEEP_SECONDS = 24 * 60 * 60  # as long as cleanup_photos leaves an unattached photo
MAX_REMEMBERED = 100


def _entries(session) -> list[list]:
    """The session's kept photos as ``[uuid hex, time kept]``, the expired ones dropped."""
    if session is None:
        return []
    now = time.time()
    entries = session.get(SESSION_KEY) or []
    return [
        [hex_, kept_at]
        for hex_, kept_at in entries
        if isinstance(kept_at, int | float) and now - kept_at < KEEP_SECONDS
    ]


def remember(session, photos) -> None:
    """Record ``photos`` as kept by this session (so that its next try may take them)."""
    if session is None:
        return
    now = time.time()
    entries = [*_entries(session), *([photo.uuid.hex, now] for photo in photos)]
    session[SESSION_KEY] = entries[-MAX_REMEMBERED:]


def taken_back(session, value: str | None, *, limit: int, user=None) -> list[Photo]:
    """The photos named in a ``foto_tersimpan`` value (uuids, comma separated) that no
    record uses yet and that this session kept or, when ``user`` is given, that this user
    sent ahead of the form (staged, ``POST /foto/unggah/``); every other uuid is ignored.

    Forms whose page sends photos ahead pass the signed-in ``user``; a staged photo of
    another account is never taken."""
    mine = {hex_ for hex_, _kept_at in _entries(session)}
    wanted = []
    for part in (value or "").split(",")[:limit]:
        try:
            hex_ = uuid.UUID(part.strip()).hex
        except ValueError:
            continue
        if hex_ not in wanted:
            wanted.append(hex_)
    if not wanted:
        return []
    candidates = photos_unused(Photo.objects.filter(uuid__in=wanted))
    found = {p.uuid.hex: p for p in candidates if p.uuid.hex in mine or _staged_by(p, user)}
    return [found[hex_] for hex_ in wanted if hex_ in found]


def _staged_by(photo: Photo, user) -> bool:
    """Whether ``user`` (signed in) sent ``photo`` ahead of a form."""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and photo.client_key is not None
        and photo.uploaded_by_id == user.pk
    )


def is_mine(session, photo: Photo | None) -> bool:
    """Whether this session kept ``photo``."""
    return photo is not None and photo.uuid.hex in {h for h, _t in _entries(session)}


def may_keep(request, n: int) -> bool:
    """Whether ``n`` more photos of a failed form may be kept now (counted when so; when
    not, nothing is counted and the sender chooses the photos again).

    Signed-in staff are not limited. An anonymous visitor has ``PUBLIC_KEPT_PHOTO_RATE``
    per browser session and per address, so that neither a new session nor a new address
    alone lifts it.
    """
    if n <= 0 or getattr(request.user, "is_authenticated", False):
        return True
    rate = settings.PUBLIC_KEPT_PHOTO_RATE
    limit, period = ratelimit.rate_parts(rate)
    now = time.time()
    in_session = sum(1 for _h, kept_at in _entries(request.session) if now - kept_at < period)
    if in_session + n > limit:
        return False
    return ratelimit.take(request, group="kept-photos", rate=rate, n=n)


def not_kept_message() -> str:
    return _(
        "Your photos could not be kept for the next try: please choose them again when you "
        "send the form."
    )
