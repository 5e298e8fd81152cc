"""Stage 2: stakeholder coordination and collaboration.

The registry (:class:`Stakeholder`), requests for support from the kecamatan or a kelurahan
(:class:`SupportRequest` with its :class:`RequestItem` rows), addressed to stakeholders one
:class:`RequestRecipient` each, whose answer per row is a :class:`Pledge` and whose
deliveries are :class:`Delivery` rows; and the community's own contribution
(:class:`Swadaya`). Money is whole Rupiah in integer fields, never a float.

A stakeholder contact's scope is its stakeholder: it reaches a request through its own
recipient record, so two stakeholders on one request never see each other's answers.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sigoro.models import RT, Kecamatan, Kelurahan, Photo


class StakeholderType(models.Model):
    """A kind of stakeholder (BAB V: instansi pemerintah, BUMN, ... lembaga pendidikan): data."""

    nama = models.CharField(_("name"), max_length=80, unique=True)
    kode = models.SlugField(_("short code"), max_length=40, unique=True)
    urutan = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder type")
        verbose_name_plural = _("stakeholder types")
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


def _serves_kelurahan(kelurahan_id) -> Q:
    """Stakeholders serving the whole kecamatan of this kelurahan, or this kelurahan by name.

    Subqueries rather than joins: an OR across joins would repeat rows.
    """
    return Q(
        seluruh_kecamatan=True,
        kecamatan_id__in=Kelurahan.objects.filter(pk=kelurahan_id).values("kecamatan_id"),
    ) | Q(
        pk__in=Stakeholder.kelurahan_layanan.through.objects.filter(
            kelurahan_id=kelurahan_id
        ).values("stakeholder_id")
    )


class Stakeholder(models.Model):
    """An organisation that gives guidance or support: a Koramil, a BUMN branch, a school."""

    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="stakeholders",
    )
    jenis = models.ForeignKey(
        StakeholderType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="stakeholders",
    )
    nama = models.CharField(_("name"), max_length=150)
    alamat = models.CharField(_("address"), max_length=255, blank=True)
    kontak_nama = models.CharField(_("contact person"), max_length=100, blank=True)
    telepon = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    seluruh_kecamatan = models.BooleanField(
        _("serves the whole kecamatan"),
        default=True,
        help_text=_("Untick to choose the kelurahan it serves."),
    )
    kelurahan_layanan = models.ManyToManyField(
        Kelurahan,
        verbose_name=_("kelurahan served"),
        blank=True,
        related_name="stakeholders",
    )
    aktif = models.BooleanField(_("active"), default=True)
    catatan = models.TextField(_("notes"), max_length=2000, blank=True)
    dibuat = models.DateTimeField(_("created at"), auto_now_add=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(m2m_fields=[kelurahan_layanan], excluded_fields=["dibuat"])

    area_lookups = {
        "kota": "kecamatan__kota",
        "kecamatan": "kecamatan",
        "kelurahan": _serves_kelurahan,
        "stakeholder": "pk",
    }

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                Lower("nama"),
                "kecamatan",
                name="stakeholder_unique_name_in_kecamatan",
                violation_error_message=_(
                    "This kecamatan already has a stakeholder with this name."
                ),
            ),
        ]

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("stakeholder:stakeholder-detail", kwargs={"pk": self.pk})


class StakeholderContact(models.Model):
    """The link from a login to the organisation it answers for: a stakeholder contact
    sees this stakeholder and what is addressed to it (see ``stakeholder.apps``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="stakeholder_contact",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="contact_links",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder contact")
        verbose_name_plural = _("stakeholder contacts")

    def __str__(self):
        return f"{self.user} → {self.stakeholder}"


class SupportKind(models.TextChoices):
    ALAT = "alat", _("tools")
    MATERIAL = "material", _("materials")
    KONSUMSI = "konsumsi", _("food and drink")
    TENAGA = "tenaga", _("people")
    DANA = "dana", _("funds")
    ARAHAN = "arahan", _("guidance / coaching")


class SupportRequest(models.Model):
    """A request for support (permintaan dukungan) from the kecamatan or one kelurahan."""

    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="support_requests",
        editable=False,
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("from kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
        help_text=_("Empty: the request comes from the kecamatan office."),
    )
    perihal = models.CharField(_("subject"), max_length=200)
    nomor_surat = models.CharField(_("letter number"), max_length=60, blank=True)
    tanggal = models.DateField(_("letter date"), default=timezone.localdate)
    dibutuhkan_tanggal = models.DateField(_("needed by"), null=True, blank=True)
    keterangan = models.TextField(_("purpose and details"), max_length=4000, blank=True)
    problems = models.ManyToManyField(
        "permasalahan.Problem",
        verbose_name=_("problems addressed"),
        blank=True,
        related_name="support_requests",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("created at"), auto_now_add=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["dibuat"])

    area_lookups = {
        "kota": "kecamatan__kota",
        "kecamatan": "kecamatan",
        "kelurahan": "kelurahan",
        # One recipient row per (request, stakeholder): this join never repeats a request.
        "stakeholder": "recipients__stakeholder",
    }

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-tanggal", "-pk"]

    def __str__(self):
        return self.perihal

    def save(self, *args, **kwargs):
        if self.kelurahan_id:
            self.kecamatan_id = self.kelurahan.kecamatan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("stakeholder:request-detail", kwargs={"pk": self.pk})

    @property
    def origin(self):
        """Return who asks: the kelurahan, or the kecamatan office."""
        return self.kelurahan or self.kecamatan


class RequestItem(models.Model):
    """One row of a request: 20 karung, 10 cangkul, 1 truk, arahan."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="items", verbose_name=_("request")
    )
    jenis = models.CharField(_("kind"), max_length=12, choices=SupportKind.choices)
    item = models.CharField(_("item"), max_length=80)
    jumlah = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    satuan = models.CharField(_("unit"), max_length=20)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requested item")
        verbose_name_plural = _("requested items")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.jumlah} {self.satuan} {self.item}"


class RequestRecipient(models.Model):
    """One stakeholder a request is addressed to: the door through which it sees the request."""

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("request"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="recipients",
        verbose_name=_("stakeholder"),
    )
    jawaban = models.TextField(_("answer"), max_length=2000, blank=True)
    dijawab_pada = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    area_lookups = {
        "kota": "request__kecamatan__kota",
        "kecamatan": "request__kecamatan",
        "kelurahan": "request__kelurahan",
        "stakeholder": "stakeholder",
    }

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["stakeholder__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "stakeholder"],
                name="recipient_once_per_request",
                violation_error_message=_("This stakeholder is already asked in this request."),
            ),
        ]

    def __str__(self):
        return f"{self.request} → {self.stakeholder}"


class PledgeStatus(models.TextChoices):
    DIMINTA = "diminta", _("requested")
    DIJANJIKAN = "dijanjikan", _("pledged")
    SEBAGIAN = "sebagian", _("partly delivered")
    DITERIMA = "diterima", _("delivered")
    DITOLAK = "ditolak", _("declined")


# Pledges that promise something (their value counts as pledged).
PLEDGED_STATUSES = [PledgeStatus.DIJANJIKAN, PledgeStatus.SEBAGIAN, PledgeStatus.DITERIMA]


class AnswerChannel(models.TextChoices):
    PORTAL = "portal", _("in SIGORO, by the stakeholder")
    TELEPON = "telepon", _("by phone")
    SURAT = "surat", _("by letter")
    LANGSUNG = "langsung", _("in person")


class Pledge(models.Model):
    """A stakeholder's answer to one row: what it pledges, and what has been delivered.

    The status follows from the quantities (``stakeholder.services`` keeps it): no answer
    yet -> diminta; 0 pledged -> ditolak; nothing delivered -> dijanjikan; delivered less
    than pledged -> sebagian; all delivered -> diterima.
    """

    recipient = models.ForeignKey(
        RequestRecipient,
        on_delete=models.CASCADE,
        related_name="pledges",
        verbose_name=_("recipient"),
    )
    item = models.ForeignKey(
        RequestItem, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("item")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PledgeStatus.choices,
        default=PledgeStatus.DIMINTA,
        db_index=True,
    )
    jumlah_dijanjikan = models.PositiveIntegerField(_("quantity pledged"), null=True, blank=True)
    nilai_dijanjikan = models.PositiveBigIntegerField(_("estimated value (Rp)"), default=0)
    tanggal_janji = models.DateField(_("pledge date"), null=True, blank=True)
    cara = models.CharField(_("answered"), max_length=10, choices=AnswerChannel.choices, blank=True)
    catatan = models.CharField(_("note"), max_length=500, blank=True)
    dijawab_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Sums of the deliveries, kept by the services (summaries read them without a join).
    jumlah_diterima = models.PositiveIntegerField(_("quantity delivered"), default=0)
    nilai_diterima = models.PositiveBigIntegerField(_("value delivered (Rp)"), default=0)
    history = HistoricalRecords()

    area_lookups = {
        "kota": "recipient__request__kecamatan__kota",
        "kecamatan": "recipient__request__kecamatan",
        "kelurahan": "recipient__request__kelurahan",
        "stakeholder": "recipient__stakeholder",
    }

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "item"], name="pledge_once_per_recipient_and_item"
            ),
            models.CheckConstraint(
                condition=Q(jumlah_dijanjikan__isnull=True, jumlah_diterima=0)
                | Q(jumlah_diterima__lte=F("jumlah_dijanjikan")),
                name="pledge_delivered_at_most_pledged",
                violation_error_message=_("More cannot be delivered than was pledged."),
            ),
        ]

    def __str__(self):
        return f"{self.recipient.stakeholder}: {self.item}"


class Delivery(models.Model):
    """What a stakeholder actually handed over for one pledge, when and to whom."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("pledge")
    )
    tanggal = models.DateField(_("date received"))
    jumlah = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    nilai = models.PositiveBigIntegerField(_("estimated value (Rp)"))
    diterima_oleh = models.CharField(_("received by"), max_length=100)
    foto = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    catatan = models.CharField(_("note"), max_length=500, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dicatat_pada = models.DateTimeField(_("recorded at"), auto_now_add=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["dicatat_pada"])

    area_lookups = {
        "kota": "pledge__recipient__request__kecamatan__kota",
        "kecamatan": "pledge__recipient__request__kecamatan",
        "kelurahan": "pledge__recipient__request__kelurahan",
        "stakeholder": "pledge__recipient__stakeholder",
    }

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["tanggal", "pk"]
        # Monitoring reads the deliveries received in a period (index, dashboard).
        indexes = [models.Index(fields=["tanggal"], name="delivery_date")]

    def __str__(self):
        return f"{self.pledge}: {self.jumlah} ({self.tanggal})"


class SwadayaKind(models.TextChoices):
    UANG = "uang", _("cash")
    MATERIAL = "material", _("materials")
    JASA = "jasa", _("labour and services")
    KONSUMSI = "konsumsi", _("food and drink")
    ALAT = "alat", _("tools lent")


class SwadayaSource(models.TextChoices):
    WARGA = "warga", _("residents")
    RT = "rt", _("RT / RW")
    DONATUR = "donatur", _("donor")


class Swadaya(models.Model):
    """The community's own contribution (swadaya masyarakat) in one RT: cash, goods, labour."""

    rt = models.ForeignKey(
        RT, verbose_name=_("RT"), on_delete=models.PROTECT, related_name="swadaya"
    )
    # Denormalised from the RT: reports add up per kelurahan.
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        related_name="swadaya",
        editable=False,
    )
    tanggal = models.DateField(_("date"), default=timezone.localdate)
    acara = models.CharField(
        _("occasion"),
        max_length=150,
        blank=True,
        help_text=_("E.g. Jumat Bersih 20 November, kerja bakti drainase."),
    )
    jenis = models.CharField(_("kind"), max_length=10, choices=SwadayaKind.choices)
    item = models.CharField(_("what"), max_length=100)
    jumlah = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    satuan = models.CharField(_("unit"), max_length=20, blank=True)
    nilai = models.PositiveBigIntegerField(_("estimated value (Rp)"))
    sumber = models.CharField(
        _("from"), max_length=10, choices=SwadayaSource.choices, default=SwadayaSource.WARGA
    )
    donatur_nama = models.CharField(_("donor name (optional)"), max_length=100, blank=True)
    catatan = models.CharField(_("note"), max_length=500, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dicatat_pada = models.DateTimeField(_("recorded at"), auto_now_add=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["dicatat_pada"])

    area_lookups = {
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": "rt__rw",
        "rt": "rt",
    }

    class Meta:
        verbose_name = _("swadaya")
        verbose_name_plural = _("swadaya")
        ordering = ["-tanggal", "-pk"]
        indexes = [models.Index(fields=["kelurahan", "tanggal"])]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.item}"

    def save(self, *args, **kwargs):
        if self.rt_id:
            self.kelurahan_id = self.rt.kelurahan_id
        super().save(*args, **kwargs)
