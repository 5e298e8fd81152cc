"""The shared core: the region tree (Kota > Kecamatan > Kelurahan > RW > RT), users and photos.

The region is four explicit models rather than a generic tree: an RT has households and
residents, reports aggregate per Kelurahan, and every record can carry its RT (plus a
denormalised Kelurahan) so the area filter in ``sigoro.access`` is one indexed lookup.
"""

import secrets
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sigoro.phone import normalize_phone
from sigoro.storage import public_storage

NOMOR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(999)]


class Kota(models.Model):
    """A city or regency (kota / kabupaten): optional, so one deployment can hold a city."""

    nama = models.CharField(_("name"), max_length=100, unique=True)
    kode = models.CharField(_("code"), max_length=20, blank=True)
    # Only the city monitor sees Kota rows (the city picker, the ranking of kecamatan).
    area_lookups = {"kota": "pk"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class Kecamatan(models.Model):
    kota = models.ForeignKey(
        Kota,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kecamatan_set",
    )
    nama = models.CharField(_("name"), max_length=100)
    kode = models.CharField(_("code"), max_length=20, blank=True)
    area_lookups = {"kota": "kota", "kecamatan": "pk"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["kota", "nama"],
                name="kecamatan_unique_name_in_kota",
                violation_error_message=_("This city already has a kecamatan with this name."),
            ),
            models.UniqueConstraint(
                fields=["nama"],
                condition=Q(kota__isnull=True),
                name="kecamatan_unique_name_without_kota",
                violation_error_message=_("A kecamatan with this name already exists."),
            ),
        ]

    def __str__(self):
        return _("Kecamatan %(name)s") % {"name": self.nama}


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="kelurahan_set",
    )
    nama = models.CharField(_("name"), max_length=100)
    kode = models.CharField(_("code"), max_length=20, blank=True)
    area_lookups = {"kota": "kecamatan__kota", "kecamatan": "kecamatan", "kelurahan": "pk"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "nama"],
                name="kelurahan_unique_name_in_kecamatan",
                violation_error_message=_("This kecamatan already has a kelurahan with this name."),
            ),
        ]

    def __str__(self):
        return _("Kelurahan %(name)s") % {"name": self.nama}

    def get_absolute_url(self):
        return reverse("kelurahan-detail", kwargs={"pk": self.pk})


class RW(models.Model):
    kelurahan = models.ForeignKey(
        Kelurahan, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="rw_set"
    )
    nomor = models.PositiveSmallIntegerField(_("number"), validators=NOMOR_VALIDATORS)
    area_lookups = {
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": "pk",
    }
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RW")
        verbose_name_plural = _("RW")
        ordering = ["kelurahan__nama", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "nomor"],
                name="rw_unique_number_in_kelurahan",
                violation_error_message=_("This kelurahan already has an RW with this number."),
            ),
        ]

    def __str__(self):
        return f"RW {self.nomor:03d}"

    @property
    def label(self):
        """Return "RW 002 / Kelurahan Ampui"."""
        return f"{self} / {self.kelurahan}"


class RT(models.Model):
    rw = models.ForeignKey(
        RW, verbose_name=_("RW"), on_delete=models.PROTECT, related_name="rt_set"
    )
    # Denormalised from rw so that area filters and per-kelurahan reports are one lookup.
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        related_name="rt_set",
        editable=False,
    )
    nomor = models.PositiveSmallIntegerField(_("number"), validators=NOMOR_VALIDATORS)
    jumlah_kk = models.PositiveIntegerField(
        _("households (KK)"), default=0, help_text=_("Number of family cards (kartu keluarga).")
    )
    jumlah_jiwa = models.PositiveIntegerField(_("residents (jiwa)"), default=0)
    # An approximate centre point: lets a report placed on the map find its RT.
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    area_lookups = {
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": "rw",
        "rt": "pk",
    }
    history = HistoricalRecords()
    history_select_related = ("rw",)

    class Meta:
        verbose_name = _("RT")
        verbose_name_plural = _("RT")
        ordering = ["kelurahan__nama", "rw__nomor", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["rw", "nomor"],
                name="rt_unique_number_in_rw",
                violation_error_message=_("This RW already has an RT with this number."),
            ),
            models.CheckConstraint(
                condition=Q(jumlah_jiwa__gte=models.F("jumlah_kk")),
                name="rt_residents_at_least_households",
                violation_error_message=_(
                    "The number of residents cannot be smaller than the number of households."
                ),
            ),
        ]

    def __str__(self):
        return f"RT {self.nomor:03d} / RW {self.rw.nomor:03d}"

    def save(self, *args, **kwargs):
        # Keep the denormalised kelurahan in step with the RW (a derived field).
        if self.rw_id:
            self.kelurahan_id = self.rw.kelurahan_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.rw_id:
            self.kelurahan_id = self.rw.kelurahan_id

    @staticmethod
    def history_label(record):
        """Label a historical RT row without a query per row (its RW is select_related)."""
        return f"RT {record.nomor:03d} / RW {record.rw.nomor:03d}"

    @property
    def label(self):
        """Return "RT 003 / RW 002 / Kelurahan Ampui"."""
        return f"{self} / {self.kelurahan}"


class Role(models.TextChoices):
    ADMIN_KECAMATAN = "admin_kecamatan", _("Kecamatan administrator")
    CAMAT = "camat", _("Camat")
    LURAH = "lurah", _("Lurah / kelurahan staff")
    KETUA_RW = "ketua_rw", _("RW head")
    KETUA_RT = "ketua_rt", _("RT head")
    STAKEHOLDER = "stakeholder", _("Stakeholder contact")
    # Read-only, city-wide: the wali kota's office, Bappeda, the inspectorate.
    PEMANTAU_KOTA = "pemantau_kota", _("City monitor")


# The one area each role implies: the lowest region field that must be set.
ROLE_AREA_FIELD = {
    Role.ADMIN_KECAMATAN: "kecamatan",
    Role.CAMAT: "kecamatan",
    Role.LURAH: "kelurahan",
    Role.KETUA_RW: "rw",
    Role.KETUA_RT: "rt",
    Role.STAKEHOLDER: "kecamatan",
    Role.PEMANTAU_KOTA: "kota",
}
AREA_FIELDS = ("kota", "kecamatan", "kelurahan", "rw", "rt")
# Roles above any kecamatan: only a system administrator (superuser) gives them.
CITY_WIDE_ROLES = frozenset({Role.PEMANTAU_KOTA})


class SigoroUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A signed-in user: one role and the one area that role implies.

    The area fields above the role's own are filled from it (an RT head's RW, kelurahan and
    kecamatan are those of the RT), so scoping filters never have to join upwards.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Can be used to sign in, e.g. 0812 3456 7890."),
    )
    jabatan = models.CharField(_("position"), max_length=100, blank=True)
    # Filled from the kecamatan for every role (``fill_area_ancestors``); the city monitor's
    # own area.
    kota = models.ForeignKey(
        Kota,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    rw = models.ForeignKey(
        RW,
        verbose_name=_("RW"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    rt = models.ForeignKey(
        RT,
        verbose_name=_("RT"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # Part of the session hash: a new token ends every session of the account on every
    # device (sigoro.services.user_end_sessions). Empty: the hash is Django's own.
    session_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    # No "kota": the city monitor reads figures, not the accounts (and their phone numbers).
    area_lookups = {"kecamatan": "kecamatan", "kelurahan": "kelurahan", "rw": "rw", "rt": "rt"}
    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_token"])

    objects = SigoroUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalize_phone(self.phone)
            if self.phone is None:
                raise ValidationError({"phone": _("Enter a valid Indonesian phone number.")})
        if self.role == Role.PEMANTAU_KOTA:
            # The city monitor's area is the city itself: a kecamatan left on the account
            # must not move it to another city.
            self.clear_area_below("kota")
        self.fill_area_ancestors()
        if self.role:
            required = ROLE_AREA_FIELD[self.role]
            if getattr(self, f"{required}_id") is None:
                raise ValidationError(
                    {
                        required: _("This role needs an area: choose the %(level)s.")
                        % {"level": self._meta.get_field(required).verbose_name}
                    }
                )
            self.clear_area_below(required)

    @staticmethod
    def history_label(record):
        """Label a historical user row without loading the fields history leaves out."""
        return f"{record.first_name} {record.last_name}".strip() or record.username

    def _get_session_auth_hash(self, secret=None):
        """Return Django's HMAC of the password, with the session token mixed in when set."""
        if not self.session_token:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "sigoro.User.get_session_auth_hash",
            f"{self.password}:{self.session_token}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def rotate_session_token(self) -> None:
        """Give the account a new session token (save it to end its sessions)."""
        self.session_token = secrets.token_hex(32)

    def fill_area_ancestors(self):
        """Fill kota/kecamatan/kelurahan/rw from the lowest area field that is set."""
        if self.rt_id:
            rt = RT.objects.select_related("rw__kelurahan__kecamatan").get(pk=self.rt_id)
            self.rw_id, self.kelurahan_id = rt.rw_id, rt.kelurahan_id
            self.kecamatan_id = rt.rw.kelurahan.kecamatan_id
            self.kota_id = rt.rw.kelurahan.kecamatan.kota_id
        elif self.rw_id:
            rw = RW.objects.select_related("kelurahan__kecamatan").get(pk=self.rw_id)
            self.kelurahan_id, self.kecamatan_id = rw.kelurahan_id, rw.kelurahan.kecamatan_id
            self.kota_id = rw.kelurahan.kecamatan.kota_id
        elif self.kelurahan_id:
            self.kecamatan_id, self.kota_id = Kelurahan.objects.values_list(
                "kecamatan_id", "kecamatan__kota_id"
            ).get(pk=self.kelurahan_id)
        elif self.kecamatan_id:
            # A kecamatan outside any city leaves the account without one.
            self.kota_id = Kecamatan.objects.values_list("kota_id", flat=True).get(
                pk=self.kecamatan_id
            )

    def clear_area_below(self, field):
        """Drop area fields below the role's own level (an admin has no RT)."""
        for lower in AREA_FIELDS[AREA_FIELDS.index(field) + 1 :]:
            setattr(self, f"{lower}_id", None)

    @property
    def area(self):
        """Return the region object this user's role is scoped to, or None."""
        if not self.role:
            return None
        return getattr(self, ROLE_AREA_FIELD[self.role])


class AuthEvent(models.Model):
    """One sign-in event for the audit trail: who tried, from where, when; never a password.

    ``username`` is the name as typed (an unknown name has no ``user``); ``actor`` is the
    person who acted when that is someone else (an admin unlocking or signing out an account).
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKED_OUT = "locked_out", _("locked after failed sign-ins")
        LOGOUT = "logout", _("signed out")
        IDLE_TIMEOUT = "idle_timeout", _("signed out after inactivity")
        UNLOCKED = "unlocked", _("sign-in unlocked")
        SESSIONS_ENDED = "sessions_ended", _("signed out of all devices")
        PASSWORD_CHANGED = "password_changed", _("password changed")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("username tried"), max_length=150, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="auth_events",
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Events of unknown usernames belong to no area: only the Django admin shows them.
    area_lookups = {
        "kecamatan": "user__kecamatan",
        "kelurahan": "user__kelurahan",
        "rw": "user__rw",
        "rt": "user__rt",
    }

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username}"


def photo_upload_to(instance, filename):
    return f"foto/{instance.uuid.hex[:2]}/{filename}"


class Photo(models.Model):
    """A photo, stored only as metadata-free renditions (the original is never kept).

    Capture time and GPS are private fields: useful to prefill a problem's location, never
    served. Files are written by ``sigoro.services.photo_create``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thumb = models.FileField(
        _("thumbnail"), upload_to=photo_upload_to, max_length=200, storage=public_storage
    )
    web = models.FileField(
        _("web size"), upload_to=photo_upload_to, max_length=200, storage=public_storage
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    source_format = models.CharField(_("original format"), max_length=10)
    sha256 = models.CharField(max_length=64, db_index=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    gps_lat = models.FloatField(_("latitude"), null=True, blank=True)
    gps_lon = models.FloatField(_("longitude"), null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
    )
    # The key the uploader's browser made for a staged upload (``POST /foto/unggah/``): the
    # same upload sent again (a retry after a dropped connection) finds this row instead of
    # making a second photo. Unique per uploader; empty for photos sent with a form.
    client_key = models.UUIDField(_("upload key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["uploaded_by", "client_key"], name="photo_client_key_per_uploader"
            )
        ]

    def __str__(self):
        return self.caption or f"{_('Photo')} {self.uuid.hex[:8]}"

    @property
    def files(self):
        return [self.thumb, self.web]

    # Templates link photos through the view that checks who may see them
    # (``sigoro.views.photo``), never through MEDIA_URL.
    @property
    def thumb_url(self) -> str:
        return reverse("photo", args=[self.uuid, "thumb"])

    @property
    def web_url(self) -> str:
        return reverse("photo", args=[self.uuid, "web"])


class OfficeChoice(models.Model):
    """A list the office keeps as data (categories, activity types): a name, a short code,
    an icon, an order, and an active flag to retire an entry without losing its history."""

    nama = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short code"), max_length=40, unique=True)
    ikon = models.CharField(
        _("icon"), max_length=40, default="exclamation-circle", help_text=_("Bootstrap icon name.")
    )
    urutan = models.PositiveSmallIntegerField(_("order"), default=100)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


class Holiday(models.Model):
    """A day off that service-level deadlines skip (national holidays, cuti bersama)."""

    tanggal = models.DateField(_("date"), unique=True)
    nama = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class PersonalDataAction(models.TextChoices):
    EXPORT = "ekspor", _("export")
    ERASE = "hapus", _("deletion")


class PersonalDataSubjectKind(models.TextChoices):
    ACCOUNT = "akun", _("user account (username)")
    PHONE = "hp", _("reporter's phone number")
    NAME = "nama", _("reporter's name")


class PersonalDataRequest(models.Model):
    """An export or a deletion of one person's data, done by the admin kecamatan on request
    (UU PDP 2022). It names the account, never the phone or name it was asked for, so the
    record of a deletion keeps nothing of what was deleted."""

    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    aksi = models.CharField(_("action"), max_length=10, choices=PersonalDataAction.choices)
    jenis_subjek = models.CharField(
        _("identified by"), max_length=10, choices=PersonalDataSubjectKind.choices
    )
    akun = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    jumlah = models.PositiveIntegerField(_("records"), default=0)
    oleh = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    waktu = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    area_lookups = {"kecamatan": "kecamatan"}

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-waktu", "-pk"]

    def __str__(self):
        return f"{self.get_aksi_display()}: {self.get_jenis_subjek_display()}"

    @staticmethod
    def history_label(record):
        aksi = PersonalDataAction(record.aksi).label
        subjek = PersonalDataSubjectKind(record.jenis_subjek).label
        account = f" #{record.akun_id}" if record.akun_id else ""
        return f"{aksi}: {subjek}{account} ({record.jumlah})"
