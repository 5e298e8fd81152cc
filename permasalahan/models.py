"""Stage 1: problems (permasalahan) with their needs, photos and status timeline."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sigoro.models import RT, Kelurahan, OfficeChoice, Photo

# Tracking codes: no 0/O, 1/I/L, U: easy to read aloud and to type on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6
CODE_PREFIX = "SGR-"


def new_tracking_code() -> str:
    """Return a random code like "SGR-7K3Q9M" (30^6 = 729 million: not guessable in turn)."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ProblemCategory(OfficeChoice):
    """A kind of problem (sampah/TPS liar, drainase, ...): data, editable by the office."""

    history = HistoricalRecords()

    class Meta(OfficeChoice.Meta):
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")


class Status(models.TextChoices):
    DILAPORKAN = "dilaporkan", _("reported")
    DIVERIFIKASI = "diverifikasi", _("verified")
    DIRENCANAKAN = "direncanakan", _("planned")
    DITANGANI = "ditangani", _("being handled")
    SELESAI = "selesai", _("resolved")
    DITOLAK = "ditolak", _("rejected")
    DUPLIKAT = "duplikat", _("duplicate")


OPEN_STATUSES = [Status.DILAPORKAN, Status.DIVERIFIKASI, Status.DIRENCANAKAN, Status.DITANGANI]


class Severity(models.IntegerChoices):
    RINGAN = 1, _("minor")
    SEDANG = 2, _("moderate")
    BERAT = 3, _("severe")
    DARURAT = 4, _("urgent")


class Source(models.TextChoices):
    WARGA = "warga", _("resident (public report)")
    RT = "rt", _("RT head")
    RW = "rw", _("RW head")
    KELURAHAN = "kelurahan", _("kelurahan")
    KECAMATAN = "kecamatan", _("kecamatan")
    KEGIATAN = "kegiatan", _("found at a gotong royong")
    OPEN311 = "open311", _("Open311 client (another system)")


class Rating(models.TextChoices):
    PUAS = "puas", _("satisfied")
    BIASA = "biasa", _("neutral")
    TIDAK_PUAS = "tidak_puas", _("not satisfied")


class Problem(models.Model):
    """A cleanliness problem in one RT: reported, verified, planned, handled, resolved."""

    kode = models.CharField(
        _("tracking code"), max_length=12, unique=True, default=new_tracking_code, editable=False
    )
    kategori = models.ForeignKey(
        ProblemCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    rt = models.ForeignKey(
        RT, verbose_name=_("RT"), on_delete=models.PROTECT, related_name="problems"
    )
    # Denormalised from the RT: every list and report filters by kelurahan.
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        related_name="problems",
        editable=False,
    )
    alamat = models.CharField(
        _("address / landmark"),
        max_length=255,
        help_text=_("Street, alley or a landmark, e.g. Gg. Melati near the mosque."),
    )
    lat = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-11.5), MaxValueValidator(6.5)],
    )
    lon = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(94.5), MaxValueValidator(141.5)],
    )
    keparahan = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.SEDANG
    )
    deskripsi = models.TextField(_("description"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DILAPORKAN, db_index=True
    )
    duplikat_dari = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    sumber = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Which system sent it, for a report that came through another system (the Open311
    # client's name); empty for reports made in SIGORO.
    sumber_keterangan = models.CharField(_("sent by (system)"), max_length=100, blank=True)
    # Private: never shown on public pages.
    pelapor_nama = models.CharField(_("reporter name"), max_length=100, blank=True)
    pelapor_hp = models.CharField(_("reporter phone"), max_length=20, blank=True)
    # Private too: the address the reporter's status changes are emailed to (never shown
    # publicly, never in Open311).
    pelapor_email = models.EmailField(_("reporter email"), blank=True)
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems_reported",
    )
    # A hash of the reporter's private key (given once, at a public report): only who holds
    # the key may reopen or rate. Empty for problems entered by staff.
    pelapor_kunci_hash = models.CharField(max_length=64, blank=True, editable=False)
    jumlah_laporan = models.PositiveIntegerField(
        _("number of reports"),
        default=1,
        help_text=_("This report plus every 'I saw this too' and merged duplicate."),
    )
    dibuat = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    diverifikasi_pada = models.DateTimeField(_("verified at"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("resolved at"), null=True, blank=True)
    tenggat_verifikasi = models.DateField(_("verification due"), null=True, blank=True)
    tenggat_tindak_lanjut = models.DateField(_("follow-up due"), null=True, blank=True)
    penilaian = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["jumlah_laporan", "pelapor_kunci_hash"])

    area_lookups = {
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": "rt__rw",
        "rt": "rt",
    }

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-dibuat"]
        indexes = [
            # With the due dates: the overdue count of an area is an index-only scan.
            models.Index(
                fields=["kelurahan", "status", "tenggat_verifikasi", "tenggat_tindak_lanjut"],
                name="problem_area_status_due",
            ),
            # The map by viewport: open problems in a latitude band, longitude read from
            # the index (an index-only scan for the cluster counts).
            models.Index(fields=["status", "lat", "lon"], name="problem_status_lat_lon"),
            # The staff list filtered by category inside an area.
            models.Index(fields=["kelurahan", "kategori"], name="problem_area_kategori"),
            # The staff list's "resolved from/until" and the dashboard's problems resolved in
            # a period: a range scan.
            models.Index(fields=["selesai_pada"], name="problem_selesai_pada"),
            # The index counts problems by follow-up deadline in a period: a range scan.
            models.Index(fields=["tenggat_tindak_lanjut"], name="problem_monitor_followup_due"),
            # The dashboard's open problems by age: an index-only scan of the open ones.
            models.Index(
                fields=["status", "dibuat", "kelurahan", "rt"], name="problem_monitor_open_age"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__isnull=False, lon__isnull=False),
                name="problem_gps_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.kode} · {self.kategori}"

    def save(self, *args, **kwargs):
        if self.rt_id:
            self.kelurahan_id = self.rt.kelurahan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("permasalahan:problem-detail", kwargs={"kode": self.kode})

    def get_public_url(self):
        return reverse("permasalahan:track", kwargs={"kode": self.kode})

    @property
    def has_gps(self):
        return self.lat is not None and self.lon is not None


class NeedKind(models.TextChoices):
    ALAT = "alat", _("tools")
    MATERIAL = "material", _("materials")
    TENAGA = "tenaga", _("people")
    KONSUMSI = "konsumsi", _("food and drink")
    DANA = "dana", _("funds")


class ProblemNeed(models.Model):
    """A resource the problem needs: 40 karung, 12 cangkul, 30 orang."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="needs")
    jenis = models.CharField(_("kind"), max_length=12, choices=NeedKind.choices)
    item = models.CharField(_("item"), max_length=80)
    jumlah = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    satuan = models.CharField(_("unit"), max_length=20)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource need")
        verbose_name_plural = _("resource needs")
        ordering = ["jenis", "item"]

    def __str__(self):
        return f"{self.jumlah} {self.satuan} {self.item}"


class ProblemEvent(models.Model):
    """One entry of a problem's timeline: a status change or a note, by whom and when."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    waktu = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    dari_status = models.CharField(
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    ke_status = models.CharField(_("to status"), max_length=20, choices=Status.choices, blank=True)
    catatan = models.TextField(_("note"), max_length=2000, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    oleh_pelapor = models.BooleanField(_("by the reporter"), default=False)
    # Whether the note is shown on the public tracking page (the step itself always is).
    publik = models.BooleanField(_("shown to the public"), default=False)
    foto = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["waktu", "pk"]

    def __str__(self):
        return f"{self.problem.kode} {self.dari_status} -> {self.ke_status}"


class ProblemPhoto(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    photo = models.OneToOneField(Photo, on_delete=models.CASCADE, related_name="problem_link")
    publik = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("problem photo")
        verbose_name_plural = _("problem photos")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.problem_id}: {self.photo_id}"


class ProblemConfirmation(models.Model):
    """A resident's "I saw this too" on an existing open problem (a priority signal)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="confirmations")
    catatan = models.CharField(_("note"), max_length=500, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "ip_hash"],
                condition=~Q(ip_hash=""),
                name="confirmation_once_per_ip",
            )
        ]

    def __str__(self):
        return f"{self.problem_id} @ {self.waktu}"
