"""Writes of the shared core. Each checks the role and the area first (``sigoro.access``)."""

import contextvars
import datetime
import logging
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sigoro import access, workdays
from sigoro.formats import tanggal as format_tanggal
from sigoro.formats import tanggal_jam
from sigoro.models import CITY_WIDE_ROLES, RT, AuthEvent, Holiday, Photo, User
from sigoro.selectors import login_name_canonical, photo_staged_get, photos_unused
from sigoro.storage import delete_quietly, is_storage_failure, storage_unavailable_from

logger = logging.getLogger(__name__)

# -- region ---------------------------------------------------------------------------------


def rt_update_counts(*, user, rt: RT, jumlah_kk: int, jumlah_jiwa: int) -> RT:
    """Set an RT's household and resident counts (the base of participation rates)."""
    access.require(user, "region.edit_rt", rt)
    rt.jumlah_kk = jumlah_kk
    rt.jumlah_jiwa = jumlah_jiwa
    rt.full_clean()
    with transaction.atomic():
        rt.save(update_fields=["jumlah_kk", "jumlah_jiwa"])
    return rt


# -- users ----------------------------------------------------------------------------------

USER_FIELDS = ("username", "first_name", "last_name", "phone", "jabatan", "role", "is_active")
AREA_FIELDS = ("kota", "kecamatan", "kelurahan", "rw", "rt")


def user_create(*, user, password: str, **fields) -> User:
    """Create an account inside the acting user's area."""
    access.require_perm(user, "user.manage")
    _require_role_grantable(user, fields.get("role"))
    new = User(**{k: v for k, v in fields.items() if k in USER_FIELDS + AREA_FIELDS})
    new.set_password(password)
    new.full_clean()
    _require_area_inside(user, new)
    with transaction.atomic():
        new.save()
    return new


def user_update(*, user, target: User, **fields) -> User:
    access.require(user, "user.manage", target)
    _require_role_grantable(user, fields.get("role", target.role))
    for name, value in fields.items():
        if name in USER_FIELDS + AREA_FIELDS:
            setattr(target, name, value)
    target.full_clean()
    _require_area_inside(user, target)
    with transaction.atomic():
        target.save()
    return target


def user_set_password(*, user, target: User, password: str, ip_address=None) -> User:
    """Give an account a new password (an RT head who forgot theirs asks the office).

    Every session of the account ends (the session hash covers the password) and its owner
    is told (``user_password_changed``).
    """
    access.require(user, "user.manage", target)
    target.set_password(password)
    with transaction.atomic():
        target.save(update_fields=["password"])
    user_password_changed(user=user, target=target, ip_address=ip_address)
    return target


def user_password_changed(*, user, target: User, ip_address=None) -> AuthEvent:
    """Record that ``target``'s password was changed by ``user`` (themselves or an admin)
    and send its owner a notice by email when the account has an address."""
    if user.pk != target.pk:
        access.require(user, "user.manage", target)
    event = auth_event_record(
        kind=AuthEvent.Kind.PASSWORD_CHANGED,
        username=target.username,
        user=target,
        actor=user,
        ip_address=ip_address,
    )
    if target.email:
        _send_password_notice(target=target, actor=user, when=event.created_at)
    return event


def _send_password_notice(*, target: User, actor: User, when) -> None:
    """Email the account's owner that its password changed (plain text, Indonesian)."""
    values = {
        "name": str(target),
        "username": target.username,
        "when": tanggal_jam(when),
        "actor": str(actor),
    }
    if actor.pk == target.pk:
        changed = _("The password of your SIGORO account %(username)s was changed on %(when)s.")
    else:
        changed = _(
            "The password of your SIGORO account %(username)s was set anew by %(actor)s on "
            "%(when)s."
        )
    body = "\n\n".join(
        [
            _("Hello %(name)s,") % values,
            changed % values,
            _("Every other device signed in to this account has been signed out."),
            _("If you did not ask for this, contact the kecamatan office at once."),
        ]
    )
    try:
        send_mail(_("Your SIGORO password was changed"), body + "\n", None, [target.email])
    except Exception:
        # The password is changed either way; a mail server that is down must not undo it.
        logger.exception("Password notice to user %s could not be sent", target.pk)


# -- signing in -----------------------------------------------------------------------------


def auth_event_record(
    *,
    kind: str,
    username: str,
    user: User | None = None,
    actor: User | None = None,
    ip_address: str | None = None,
) -> AuthEvent:
    """Write one sign-in event to the audit trail (never a password)."""
    return AuthEvent.objects.create(
        kind=kind,
        username=(username or "").strip()[:150],
        user=user,
        actor=actor,
        ip_address=ip_address or None,
    )


def user_unlock(*, user, target: User, ip_address=None) -> int:
    """Lift the sign-in lock of ``target`` (from every address); return the attempts removed."""
    from axes.utils import reset

    access.require(user, "user.manage", target)
    removed = reset(username=login_name_canonical(target.username))
    auth_event_record(
        kind=AuthEvent.Kind.UNLOCKED,
        username=target.username,
        user=target,
        actor=user,
        ip_address=ip_address,
    )
    return removed


def user_end_sessions(*, user, target: User, ip_address=None) -> User:
    """Sign ``target`` out on every device: a new session token changes the session hash
    every signed-in browser holds. The caller may keep its own device signed in
    (``django.contrib.auth.update_session_auth_hash``).

    The token is written without a model save: it is not an account change for the history.
    """
    if user.pk != target.pk:
        access.require(user, "user.manage", target)
    target.rotate_session_token()
    with transaction.atomic():
        User.objects.filter(pk=target.pk).update(session_token=target.session_token)
        auth_event_record(
            kind=AuthEvent.Kind.SESSIONS_ENDED,
            username=target.username,
            user=target,
            actor=user,
            ip_address=ip_address,
        )
    return target


def _require_role_grantable(user, role) -> None:
    """A city-wide role reaches beyond any kecamatan: only a system administrator gives it."""
    if role in CITY_WIDE_ROLES and not user.is_superuser:
        raise ValidationError(_("Only the system administrator can create a city monitor account."))


def _require_area_inside(user, target: User) -> None:
    """An administrator may only place accounts inside their own area."""
    area = target.area
    if area is not None and not access.is_in_area(user, area):
        raise ValidationError(_("You can only assign areas inside your own area."))


# -- days off -------------------------------------------------------------------------------


def holiday_check_date(*, tanggal: datetime.date) -> None:
    """Refuse a public holiday as an office day off: the national calendar has it already."""
    name = workdays.public_holiday_name(tanggal)
    if name:
        raise ValidationError(
            {
                "tanggal": _(
                    "%(date)s is already a public holiday (%(name)s): it is skipped without "
                    "being added here."
                )
                % {"date": format_tanggal(tanggal), "name": name}
            }
        )


def holiday_add(*, tanggal: datetime.date, nama: str) -> Holiday:
    """Add a day off the national calendar does not know (cuti bersama, a local day).

    A date added before keeps its row (running the demo or a script twice adds nothing).
    """
    holiday_check_date(tanggal=tanggal)
    holiday = Holiday(tanggal=tanggal, nama=nama)
    holiday.full_clean(validate_unique=False)
    with transaction.atomic():
        holiday, _created = Holiday.objects.get_or_create(tanggal=tanggal, defaults={"nama": nama})
    return holiday


# -- photos ---------------------------------------------------------------------------------

_written_files: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "sigoro_written_files", default=None
)


@contextmanager
def atomic_with_files():
    """A ``transaction.atomic`` block that also deletes the files written inside it if the
    block fails, so a record and its files are saved together or not at all.

    Nested use joins the outermost block (files are removed when the outer one fails).
    """
    outer = _written_files.get()
    if outer is not None:
        with transaction.atomic():
            yield
        return
    written: list[tuple] = []
    token = _written_files.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            delete_quietly(storage, name)
        raise
    finally:
        _written_files.reset(token)


def create_once[M: Model](
    model: type[M],
    idempotency_key: str | None,
    create: Callable[[], M],
    *,
    atomic=None,
    key_field: str = "idempotency_key",
    scope: dict | None = None,
) -> M:
    """Run ``create()`` (which saves a new ``model`` row carrying ``idempotency_key``) at most
    once per key, and return the row.

    A second submit of the same form (the back button and send again, a double tap, a retry
    after a lost answer) returns the row the first one made instead of a copy: looked up
    before creating, and again when the insert loses a race on the unique key. Without a
    key, or for any other integrity error, it is a plain atomic create. ``atomic`` is the
    transaction to use (default ``transaction.atomic``; ``atomic_with_files`` when the
    create writes photo files). ``key_field`` names the key's field and ``scope`` the
    lookups a key is unique within (a photo's upload key is unique per uploader).
    """

    def earlier() -> M | None:
        if not idempotency_key:
            return None
        lookup = {key_field: idempotency_key, **(scope or {})}
        return model._default_manager.filter(**lookup).first()

    if (existing := earlier()) is not None:
        return existing
    try:
        with (atomic or transaction.atomic)():
            return create()
    except IntegrityError:
        if (existing := earlier()) is not None:
            return existing
        raise


def _save_file(field_file, name: str, content: bytes) -> None:
    """Write one file of a record being saved; a storage failure (S3 unreachable, disk
    full) becomes ``StorageUnavailable``, and the enclosing ``atomic_with_files`` removes
    what was already written, so no row is left without its file."""
    try:
        field_file.save(name, ContentFile(content), save=False)
    except Exception as error:
        if is_storage_failure(error):
            raise storage_unavailable_from(error) from error
        raise
    written = _written_files.get()
    if written is not None:
        written.append((field_file.storage, field_file.name))


def photo_create(*, user, upload, caption: str = ""):
    """Process an uploaded photo and store its renditions: all files and the row, or nothing.

    Raises ``sigoro.photos.PhotoError`` (an Indonesian message) for anything that is not a
    usable photo.
    """
    from sigoro.photos import process_photo

    processed = process_photo(upload)
    return photo_create_from_processed(user=user, processed=processed, caption=caption)


def photo_create_from_processed(*, user, processed, caption: str = "", client_key=None):
    with atomic_with_files():
        photo = Photo(
            width=processed.source_width,
            height=processed.source_height,
            source_format=processed.source_format,
            sha256=processed.sha256,
            taken_at=_aware(processed.taken_at),
            gps_lat=processed.gps_lat,
            gps_lon=processed.gps_lon,
            caption=caption[:200],
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            client_key=client_key,
        )
        for name, rendition in processed.renditions.items():
            _save_file(getattr(photo, name), f"{photo.uuid.hex}_{name}.jpg", rendition.content)
        photo.save()
    return photo


def photo_stage(*, user, upload, client_key) -> tuple[Photo, bool]:
    """Store one photo sent ahead of its form (``POST /foto/unggah/``), attached to nothing
    yet; return it and whether it is new.

    ``client_key`` (a UUID the uploader's browser made) makes a retry harmless: the same key
    from the same user returns the photo stored the first time without processing it again,
    and two requests racing with one key still make one photo. The same key from another
    user is that user's own photo. A form takes the photo by its uuid
    (``sigoro.kept_photos.taken_back``); one no form takes is removed by ``cleanup_photos``.
    Raises ``sigoro.photos.PhotoError`` for a file that is not a usable photo.
    """
    from sigoro.photos import process_photo

    access.require_perm(user, "photo.upload")
    if (existing := photo_staged_get(user=user, client_key=client_key)) is not None:
        return existing, False
    processed = process_photo(upload)
    made = []

    def create() -> Photo:
        photo = photo_create_from_processed(user=user, processed=processed, client_key=client_key)
        made.append(photo)
        return photo

    photo = create_once(
        Photo,
        client_key,
        create,
        atomic=atomic_with_files,
        key_field="client_key",
        scope={"uploaded_by": user},
    )
    return photo, bool(made)


def _aware(naive):
    if naive is None:
        return None
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive)


def photo_delete_orphans(*, older_than) -> int:
    """Delete photos that nothing refers to and that are older than ``older_than``
    (a datetime): e.g. photos kept for a report form that was never sent again.

    Every relation pointing at Photo counts as a use (``sigoro.selectors.photos_unused``).
    Returns how many photos were removed (rows and files).
    """
    orphans = photos_unused(Photo.objects.filter(created_at__lt=older_than))
    removed = 0
    for photo in orphans.iterator():
        files = [(f.storage, f.name) for f in photo.files if f.name]
        with transaction.atomic():
            photo.delete()
        for storage, name in files:
            storage.delete(name)
        removed += 1
    return removed
