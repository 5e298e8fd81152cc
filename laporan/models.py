"""Stage 5 and 6 records.

Stage 5: the SIGORO index's weights and targets (versioned) and its stored closed periods.
Stage 6: the office letterhead (kop surat) and the documents generated for users. A generated
document (a berita acara, an export, later the monthly report) is made by a task
(``laporan.dokumen.tasks``); its row is the archive entry, the progress the user watches and
the record the public verification page (/verifikasi/<kode>/) reads.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigoro.models import Kecamatan, Kelurahan, Kota, Photo

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class IndexConfig(models.Model):
    """One version of a kecamatan's index weights and targets, in force from ``berlaku_mulai``
    (the first day of a month) until the next version starts. Versions are never edited:
    a change is a new version, so a past month keeps the weights of its time."""

    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="index_configs",
    )
    berlaku_mulai = models.DateField(_("in force from"))
    bobot_kolaboratif = models.PositiveSmallIntegerField(
        _("weight: collaborative"), validators=PERCENT_VALIDATORS
    )
    bobot_partisipatif = models.PositiveSmallIntegerField(
        _("weight: participatory"), validators=PERCENT_VALIDATORS
    )
    bobot_terintegrasi = models.PositiveSmallIntegerField(
        _("weight: integrated"), validators=PERCENT_VALIDATORS
    )
    bobot_berkelanjutan = models.PositiveSmallIntegerField(
        _("weight: sustainable"), validators=PERCENT_VALIDATORS
    )
    bobot_akuntabel = models.PositiveSmallIntegerField(
        _("weight: accountable"), validators=PERCENT_VALIDATORS
    )
    target_stakeholder = models.DecimalField(
        _("target stakeholders per kelurahan per month"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    target_jenis_stakeholder = models.DecimalField(
        _("target stakeholder types per kelurahan per month"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("set at"), auto_now_add=True)

    area_lookups = {"kecamatan": "kecamatan"}

    class Meta:
        verbose_name = _("index weights and targets")
        verbose_name_plural = _("index weights and targets")
        ordering = ["kecamatan", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "berlaku_mulai"],
                name="index_config_once_per_start",
                violation_error_message=_("A version already starts in this month."),
            ),
            models.CheckConstraint(
                condition=Q(
                    bobot_kolaboratif__lte=100,
                    bobot_partisipatif__lte=100,
                    bobot_terintegrasi__lte=100,
                    bobot_berkelanjutan__lte=100,
                    bobot_akuntabel__lte=100,
                ),
                name="index_config_weights_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(target_stakeholder__gt=0, target_jenis_stakeholder__gt=0),
                name="index_config_targets_positive",
            ),
        ]

    def __str__(self):
        return f"{self.kecamatan_id} {self.berlaku_mulai}"


class IndexSnapshot(models.Model):
    """The index of one area for one closed period, as computed (one row per level, area,
    period), with the numerators and denominators behind each dimension (``raw``)."""

    level = models.CharField(_("level"), max_length=10)
    area_id = models.PositiveIntegerField(_("area"))
    period_kind = models.CharField(_("period kind"), max_length=10)
    period_start = models.DateField(_("period start"))
    kolaboratif = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    partisipatif = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    terintegrasi = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    berkelanjutan = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    akuntabel = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    config = models.ForeignKey(
        IndexConfig,
        verbose_name=_("weights version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
    )
    raw = models.JSONField(_("numerators and denominators"), default=dict)
    flags = models.JSONField(_("flags"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("index snapshot")
        verbose_name_plural = _("index snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_id", "period_kind", "period_start"],
                name="index_snapshot_once_per_area_period",
            )
        ]
        indexes = [models.Index(fields=["level", "period_kind", "period_start"])]

    def __str__(self):
        return f"{self.level} {self.area_id} {self.period_kind} {self.period_start}"


class DashboardMonth(models.Model):
    """The dashboard figures of one area (RT, kelurahan, kecamatan or kota) for one closed
    month, as ``laporan.dashboard.selectors`` counts them live; refreshed with the stored
    index (``laporan.indeks.services.index_refresh``). The dashboard's twelve-month trend
    and the figures of closed months read these rows instead of aggregating five years of
    records; the running month is always counted live."""

    level = models.CharField(_("level"), max_length=10)
    area_id = models.PositiveIntegerField(_("area"))
    month = models.DateField(_("month"))
    held = models.PositiveIntegerField(default=0)
    not_held = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)
    kg = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    reported = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolved_of_reported = models.PositiveIntegerField(default=0)
    support_value = models.PositiveBigIntegerField(default=0)
    swadaya_value = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("dashboard month")
        verbose_name_plural = _("dashboard months")
        constraints = [
            # Also the index of every read: one area (or its children) over a range of months.
            models.UniqueConstraint(
                fields=["level", "area_id", "month"], name="dashboard_month_once_per_area"
            )
        ]

    def __str__(self):
        return f"{self.level} {self.area_id} {self.month}"


def _logo_upload_to(instance, filename: str) -> str:
    return f"kop/{uuid.uuid4().hex}-{filename[-40:]}"


def _document_upload_to(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"dokumen/{today:%Y/%m}/{uuid.uuid4().hex}-{filename[-60:]}"


class KopSurat(models.Model):
    """The letterhead of a kecamatan office, printed on top of every generated PDF.

    Kept by the administrator in the Django admin; a kecamatan without one prints a default
    built from its own name (``laporan.dokumen.selectors.kop_surat_for``).
    """

    kecamatan = models.OneToOneField(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        related_name="kop_surat",
    )
    pemerintah = models.CharField(
        _("government"), max_length=120, help_text=_("E.g. PEMERINTAH KOTA PANGKALPINANG")
    )
    nama_kantor = models.CharField(
        _("office name"), max_length=120, help_text=_("E.g. KECAMATAN PANGKALBALAM")
    )
    alamat = models.CharField(_("address"), max_length=200, blank=True)
    telepon = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    situs = models.CharField(_("website"), max_length=100, blank=True)
    kota_surat = models.CharField(
        _("place of signing"),
        max_length=60,
        blank=True,
        help_text=_("The place written before the date above the signatures, e.g. Pangkalpinang"),
    )
    logo = models.ImageField(_("logo"), upload_to=_logo_upload_to, blank=True)
    nama_camat = models.CharField(_("camat's name"), max_length=100, blank=True)
    nip_camat = models.CharField(_("camat's NIP"), max_length=30, blank=True)

    area_lookups = {"kecamatan": "kecamatan"}

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self):
        return f"{self.pemerintah} / {self.nama_kantor}"


class DocumentKind(models.TextChoices):
    BERITA_ACARA = "berita_acara", _("Berita acara")
    EXPORT = "ekspor", _("Export")
    MONTHLY_REPORT = "laporan_bulanan", _("Monthly report")


class DocumentStatus(models.TextChoices):
    QUEUED = "antre", _("queued")
    RUNNING = "dibuat", _("being made")
    DONE = "selesai", _("done")
    FAILED = "gagal", _("failed")


ACTIVE_STATUSES = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)


class GeneratedDocument(models.Model):
    """One generated file: what it is, for which area, who asked, how far it got, the file
    and what proves it (SHA-256 and the public verification code)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # A city's monthly report has a kota and no kecamatan; every other document a kecamatan.
    kota = models.ForeignKey(
        Kota,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    periode = models.CharField(_("period"), max_length=20, blank=True)
    # The object the document is about (a plan's pk for a berita acara).
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    # What the generator needs besides the object: an export's dataset, format and filters.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The same request (kind, object, parameters, the asker's area) while one is queued or
    # running returns that one (see the constraint below).
    kunci = models.CharField(_("request key"), max_length=255, db_index=True)
    # None: made by the monthly schedule (``generate_monthly_reports``), not by a person.
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    diminta_pada = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    mulai_pada = models.DateTimeField(_("started at"), null=True, blank=True)
    denyut = models.DateTimeField(_("last progress at"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.QUEUED,
        db_index=True,
    )
    progres = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    galat = models.TextField(_("error"), blank=True)
    percobaan = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_result_id = models.CharField(_("task id"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=_document_upload_to, max_length=200, blank=True)
    nama_file = models.CharField(_("file name"), max_length=120, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    ukuran = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    halaman = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    kode = models.CharField(_("verification code"), max_length=16, unique=True)
    # The signed paper copy scanned back: a PDF file or a photo (through the photo pipeline).
    salinan = models.FileField(
        _("signed copy"), upload_to=_document_upload_to, max_length=200, blank=True
    )
    salinan_foto = models.ForeignKey(
        Photo,
        verbose_name=_("signed copy (photo)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    salinan_sha256 = models.CharField(max_length=64, blank=True)
    salinan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed copy uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    salinan_pada = models.DateTimeField(_("signed copy uploaded at"), null=True, blank=True)

    area_lookups = {
        # The city monitor reads the documents of its city's kecamatan and the city's own
        # reports, never exports (a list page's rows, personal data included).
        "kota": lambda kota_id: (
            (Q(kota_id=kota_id) | Q(kecamatan__kota_id=kota_id)) & ~Q(kind="ekspor")
        ),
        "kecamatan": "kecamatan",
        "kelurahan": "kelurahan",
    }

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-diminta_pada", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kunci"],
                condition=Q(status__in=["antre", "dibuat"]),
                name="document_one_active_per_request",
            ),
            models.CheckConstraint(
                condition=Q(progres__lte=100), name="document_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("laporan:document-detail", kwargs={"pk": self.pk})

    @property
    def area_name(self) -> str:
        """Return the area the document is for: "Kelurahan Ampui", "Kecamatan ...", the city."""
        if self.kelurahan_id:
            return str(self.kelurahan)
        if self.kecamatan_id:
            return str(self.kecamatan)
        return str(self.kota) if self.kota_id else ""

    @property
    def requester_name(self) -> str:
        """Return who asked for the document, or the monthly schedule."""
        if self.diminta_oleh is None:
            return str(_("the monthly schedule"))
        return self.diminta_oleh.get_full_name() or self.diminta_oleh.username

    @property
    def has_signed_copy(self) -> bool:
        return bool(self.salinan) or self.salinan_foto_id is not None
