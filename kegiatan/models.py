"""Stages 3-4: Rencana Aksi (planning), recurring series, approval by the camat."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from permasalahan.models import NeedKind, Problem
from sigoro.models import RT, Kelurahan, OfficeChoice, Photo


class ActivityType(OfficeChoice):
    """A kind of gotong royong work (pembersihan lingkungan, normalisasi drainase, ...)."""

    ikon = models.CharField(
        _("icon"), max_length=40, default="check2-square", help_text=_("Bootstrap icon name.")
    )
    history = HistoricalRecords()

    class Meta(OfficeChoice.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DIAJUKAN = "diajukan", _("submitted")
    DIKEMBALIKAN = "dikembalikan", _("returned")
    DISETUJUI = "disetujui", _("approved")
    TERLAKSANA = "terlaksana", _("carried out")
    DIBATALKAN = "dibatalkan", _("cancelled")


# A lurah (or an RT head, for their own proposal) may still change these.
PLAN_EDITABLE_STATUSES = [PlanStatus.DRAFT, PlanStatus.DIKEMBALIKAN]
# What residents see on the public schedule.
PLAN_PUBLIC_STATUSES = [PlanStatus.DISETUJUI, PlanStatus.TERLAKSANA]


class ParticipantTargets(models.Model):
    """Target participants per element (BAB VI); the total is their sum unless given."""

    target_warga = models.PositiveIntegerField(_("residents"), default=0)
    target_rt_rw = models.PositiveIntegerField(_("RT/RW officials"), default=0)
    target_kelurahan = models.PositiveIntegerField(_("kelurahan staff"), default=0)
    target_kecamatan = models.PositiveIntegerField(_("kecamatan staff"), default=0)
    target_stakeholder = models.PositiveIntegerField(_("stakeholders"), default=0)
    target_tni_polri = models.PositiveIntegerField(_("TNI/Polri"), default=0)
    target_total = models.PositiveIntegerField(_("total participants"), default=0)

    TARGET_FIELDS = [
        "target_warga",
        "target_rt_rw",
        "target_kelurahan",
        "target_kecamatan",
        "target_stakeholder",
        "target_tni_polri",
    ]

    class Meta:
        abstract = True

    @property
    def target_sum(self) -> int:
        return sum(getattr(self, name) for name in self.TARGET_FIELDS)

    def target_rows(self) -> list[tuple[str, int]]:
        """Return [(label, number), ...] of the elements with a target."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.TARGET_FIELDS
            if getattr(self, name)
        ]


class Recurrence(models.TextChoices):
    WEEKLY = "mingguan", _("every week")
    MONTHLY = "bulanan", _("every month")


class Weekday(models.IntegerChoices):
    """Python's numbering (Monday = 0), as ``datetime.date.weekday()`` gives it."""

    SENIN = 0, _("Monday")
    SELASA = 1, _("Tuesday")
    RABU = 2, _("Wednesday")
    KAMIS = 3, _("Thursday")
    JUMAT = 4, _("Friday")
    SABTU = 5, _("Saturday")
    MINGGU = 6, _("Sunday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


def _series_touching(level: str):
    def lookup(area_id) -> Q:
        # A subquery, not a join: a series on three RT of one RW must stay one row.
        through = PlanSeries.rts.through.objects.filter(**{level: area_id})
        return Q(id__in=through.values("planseries_id"))

    return lookup


class PlanSeries(ParticipantTargets):
    """A recurring gotong royong, e.g. Jumat Bersih every Friday 07.00-09.00 in RW 002.

    It generates one :class:`RencanaAksi` per date (see ``kegiatan.recurrence``); each
    occurrence is then planned, approved and cancelled on its own.
    """

    kelurahan = models.ForeignKey(
        Kelurahan, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="series"
    )
    judul = models.CharField(_("title"), max_length=150)
    pola = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    hari = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.JUMAT
    )
    minggu_ke = models.SmallIntegerField(
        _("week of the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    jam_mulai = models.TimeField(_("start time"))
    jam_selesai = models.TimeField(_("end time"))
    mulai = models.DateField(_("first date"))
    sampai = models.DateField(_("last date"), null=True, blank=True)
    minggu_ke_depan = models.PositiveSmallIntegerField(
        _("weeks ahead"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text=_("How many weeks of occurrences are kept ready."),
    )
    rts = models.ManyToManyField(RT, verbose_name=_("RT"), related_name="plan_series")
    titik_kumpul = models.CharField(_("meeting point"), max_length=200, blank=True)
    jenis_kegiatan = models.ManyToManyField(
        ActivityType, verbose_name=_("activity types"), related_name="series"
    )
    penanggung_jawab_nama = models.CharField(_("person in charge"), max_length=100, blank=True)
    penanggung_jawab_hp = models.CharField(
        _("phone of the person in charge"), max_length=20, blank=True
    )
    catatan = models.TextField(_("notes"), max_length=2000, blank=True)
    aktif = models.BooleanField(_("active"), default=True)
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
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": _series_touching("rt__rw"),
        "rt": _series_touching("rt"),
    }

    class Meta:
        verbose_name = _("recurring schedule")
        verbose_name_plural = _("recurring schedules")
        ordering = ["kelurahan__nama", "judul"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jam_selesai__gt=models.F("jam_mulai")),
                name="series_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=Q(pola="mingguan") | Q(minggu_ke__isnull=False),
                name="series_monthly_has_week",
                violation_error_message=_("Choose which week of the month."),
            ),
        ]

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse("kegiatan:series-detail", kwargs={"pk": self.pk})

    @property
    def rule_label(self) -> str:
        """Return "every Friday" or "the second Sunday of every month", in the active language."""
        day = Weekday(self.hari).label
        if self.pola == Recurrence.MONTHLY and self.minggu_ke is not None:
            return _("the %(nth)s %(day)s of every month") % {
                "nth": WeekOfMonth(self.minggu_ke).label,
                "day": day,
            }
        return _("every %(day)s") % {"day": day}


class PlanSeriesSkip(models.Model):
    """A date a series does not take place (a local event, a holiday not in the calendar)."""

    series = models.ForeignKey(PlanSeries, on_delete=models.CASCADE, related_name="skips")
    tanggal = models.DateField(_("date"))
    alasan = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skipped date")
        verbose_name_plural = _("skipped dates")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "tanggal"],
                name="series_skip_once_per_date",
                violation_error_message=_("This date is already skipped."),
            )
        ]

    def __str__(self):
        return f"{self.series_id} {self.tanggal}"


def rt_summary(locations) -> str:
    """Return "RT 001, 002 / RW 002; RT 004 / RW 003" for plan locations (RT and RW loaded)."""
    by_rw: dict[int, list[int]] = {}
    for location in locations:
        by_rw.setdefault(location.rt.rw.nomor, []).append(location.rt.nomor)
    return "; ".join(
        "RT " + ", ".join(f"{n:03d}" for n in sorted(numbers)) + f" / RW {rw:03d}"
        for rw, numbers in sorted(by_rw.items())
    )


def place_summary(locations) -> list[str]:
    """Return one line per meeting point: "RT 001, 002 / RW 002 · Pos ronda RW 002"."""
    by_point: dict[str, list] = {}
    for location in locations:
        by_point.setdefault(location.titik_kumpul, []).append(location)
    return [
        rt_summary(group) + (f" · {point}" if point else "") for point, group in by_point.items()
    ]


def _plans_touching(level: str):
    def lookup(area_id) -> Q:
        # ``id`` rather than ``pk`` so the same lookup scopes the history table too.
        return Q(id__in=PlanLocation.objects.filter(**{level: area_id}).values("plan_id"))

    return lookup


def _plans_inviting(stakeholder_id) -> Q:
    """A stakeholder contact sees the plans its organisation is invited to."""
    invited = RencanaAksi.stakeholders_invited.through.objects.filter(stakeholder_id=stakeholder_id)
    return Q(id__in=invited.values("rencanaaksi_id"))


class RencanaAksi(ParticipantTargets):
    """A planned gotong royong: where (one or more RT), when, what, for which problems.

    draft -> diajukan -> disetujui / dikembalikan -> terlaksana / dibatalkan; the moves are
    enforced in ``kegiatan.services``.
    """

    judul = models.CharField(_("title"), max_length=150)
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    tanggal = models.DateField(_("date"), db_index=True)
    jam_mulai = models.TimeField(_("start time"))
    jam_selesai = models.TimeField(_("end time"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    jenis_kegiatan = models.ManyToManyField(
        ActivityType, verbose_name=_("activity types"), related_name="plans"
    )
    problems = models.ManyToManyField(
        Problem, verbose_name=_("problems addressed"), blank=True, related_name="plans"
    )
    stakeholders_invited = models.ManyToManyField(
        "stakeholder.Stakeholder",
        verbose_name=_("stakeholders invited"),
        blank=True,
        related_name="plans_invited",
    )
    # Requests for support made from this plan (stage 2 knows nothing of plans).
    support_requests = models.ManyToManyField(
        "stakeholder.SupportRequest",
        verbose_name=_("support requests"),
        blank=True,
        related_name="rencana_aksi",
    )
    penanggung_jawab = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_in_charge",
    )
    penanggung_jawab_nama = models.CharField(_("person in charge"), max_length=100, blank=True)
    penanggung_jawab_hp = models.CharField(
        _("phone of the person in charge"), max_length=20, blank=True
    )
    catatan = models.TextField(_("notes"), max_length=2000, blank=True)
    series = models.ForeignKey(
        PlanSeries,
        verbose_name=_("recurring schedule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    # An occurrence changed on its own: "change future occurrences" leaves it alone.
    diubah_sendiri = models.BooleanField(_("edited on its own"), default=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("created at"), auto_now_add=True)
    diubah = models.DateTimeField(_("changed at"), auto_now=True)
    diajukan_pada = models.DateTimeField(_("submitted at"), null=True, blank=True)
    disetujui_pada = models.DateTimeField(_("approved at"), null=True, blank=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["diubah"])

    area_lookups = {
        "kota": "kelurahan__kecamatan__kota",
        "kecamatan": "kelurahan__kecamatan",
        "kelurahan": "kelurahan",
        "rw": _plans_touching("rt__rw"),
        "rt": _plans_touching("rt"),
        "stakeholder": _plans_inviting,
    }

    class Meta:
        verbose_name = _("Rencana Aksi")
        verbose_name_plural = _("Rencana Aksi")
        ordering = ["tanggal", "jam_mulai", "pk"]
        indexes = [models.Index(fields=["kelurahan", "tanggal"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(jam_selesai__gt=models.F("jam_mulai")),
                name="plan_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.UniqueConstraint(
                fields=["series", "tanggal"],
                condition=Q(series__isnull=False),
                name="plan_one_occurrence_per_series_date",
                violation_error_message=_("This schedule already has a plan on this date."),
            ),
        ]

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse("kegiatan:plan-detail", kwargs={"pk": self.pk})

    @property
    def rt_summary(self) -> str:
        """Return e.g. "RT 001, 002 / RW 002" (prefetch ``lokasi__rt__rw``)."""
        return rt_summary(self.lokasi.all())

    @property
    def places(self) -> list[str]:
        """One line per meeting point (prefetch ``lokasi__rt__rw``)."""
        return place_summary(self.lokasi.all())

    @property
    def starts_at(self) -> datetime.datetime:
        """The start as an aware datetime in the deployment's time zone (WIB)."""
        return timezone.make_aware(datetime.datetime.combine(self.tanggal, self.jam_mulai))


class PlanLocation(models.Model):
    """One RT where the plan takes place, with its meeting point (titik kumpul)."""

    plan = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="lokasi")
    rt = models.ForeignKey(
        RT, verbose_name=_("RT"), on_delete=models.PROTECT, related_name="plan_locations"
    )
    titik_kumpul = models.CharField(
        _("meeting point"),
        max_length=200,
        blank=True,
        help_text=_("E.g. in front of Musala Al-Ikhlas, Gg. Melati."),
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan location")
        verbose_name_plural = _("plan locations")
        ordering = ["rt__rw__nomor", "rt__nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "rt"],
                name="plan_location_rt_once",
                violation_error_message=_("This RT is already a location of the plan."),
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__isnull=False, lon__isnull=False),
                name="plan_location_gps_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.rt} {self.titik_kumpul}".strip()


class PlanNeed(models.Model):
    """Equipment or material the plan needs: 12 cangkul, 40 karung."""

    plan = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="needs")
    jenis = models.CharField(_("kind"), max_length=12, choices=NeedKind.choices)
    item = models.CharField(_("item"), max_length=80)
    jumlah = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    satuan = models.CharField(_("unit"), max_length=20)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan need")
        verbose_name_plural = _("plan needs")
        ordering = ["jenis", "item", "pk"]

    def __str__(self):
        return f"{self.jumlah} {self.satuan} {self.item}"


class PlanEvent(models.Model):
    """One entry of a plan's timeline: a status change or an edit, by whom, when, why."""

    plan = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="events")
    waktu = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    dari_status = models.CharField(
        _("from status"), max_length=20, choices=PlanStatus.choices, blank=True
    )
    ke_status = models.CharField(
        _("to status"), max_length=20, choices=PlanStatus.choices, blank=True
    )
    catatan = models.TextField(_("note"), max_length=2000, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan timeline entry")
        verbose_name_plural = _("plan timeline entries")
        ordering = ["waktu", "pk"]

    def __str__(self):
        return f"{self.plan_id} {self.dari_status} -> {self.ke_status}"


# -- stage 4: the execution day (pelaksanaan) -----------------------------------------------


class PelaksanaanStatus(models.TextChoices):
    DIBUKA = "dibuka", _("in progress")
    DITUTUP = "ditutup", _("closed")
    TIDAK_TERLAKSANA = "tidak_terlaksana", _("not held")


# An event counts as held once the lurah closed its execution (in progress is not yet
# held); monitoring (events held, participants, results, the index) and the plan list's
# "held" filter count these.
EXECUTION_HELD_STATUSES = [PelaksanaanStatus.DITUTUP]


def _executions_touching(level: str):
    def lookup(area_id) -> Q:
        return Q(plan_id__in=PlanLocation.objects.filter(**{level: area_id}).values("plan_id"))

    return lookup


class Pelaksanaan(models.Model):
    """What actually happened on the day of an approved plan: when, where, led by whom.

    The lurah (or admin) opens it, then closes it (the plan becomes "terlaksana") or marks
    it not held with a reason; the moves are in ``kegiatan.services``.
    """

    plan = models.OneToOneField(
        RencanaAksi,
        verbose_name=_("Rencana Aksi"),
        on_delete=models.CASCADE,
        related_name="pelaksanaan",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PelaksanaanStatus.choices,
        default=PelaksanaanStatus.DIBUKA,
        db_index=True,
    )
    tanggal = models.DateField(_("actual date"))
    jam_mulai = models.TimeField(_("actual start time"), null=True, blank=True)
    jam_selesai = models.TimeField(_("actual end time"), null=True, blank=True)
    lokasi = models.CharField(_("actual location"), max_length=200, blank=True)
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
    dipimpin_oleh = models.CharField(_("led by"), max_length=100, blank=True)
    alasan_tidak_terlaksana = models.TextField(
        _("reason it was not held"), max_length=2000, blank=True
    )
    hasil_lainnya = models.TextField(_("other results"), max_length=2000, blank=True)
    # Problems of the plan resolved on the day, and new ones found there (stage 1 records,
    # moved and created through ``permasalahan.services``).
    masalah_diselesaikan = models.ManyToManyField(
        Problem,
        verbose_name=_("problems resolved"),
        blank=True,
        related_name="diselesaikan_pada",
    )
    masalah_ditemukan = models.ManyToManyField(
        Problem,
        verbose_name=_("problems found"),
        blank=True,
        related_name="ditemukan_pada",
    )
    # The community's contribution to the event (stage 2 records, ``swadaya_create``).
    swadaya = models.ManyToManyField(
        "stakeholder.Swadaya",
        verbose_name=_("swadaya"),
        blank=True,
        related_name="pelaksanaan",
    )
    dibuka_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuka_pada = models.DateTimeField(_("opened at"), default=timezone.now)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ditutup_pada = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    area_lookups = {
        "kota": "plan__kelurahan__kecamatan__kota",
        "kecamatan": "plan__kelurahan__kecamatan",
        "kelurahan": "plan__kelurahan",
        "rw": _executions_touching("rt__rw"),
        "rt": _executions_touching("rt"),
    }

    class Meta:
        verbose_name = _("execution")
        verbose_name_plural = _("executions")
        ordering = ["-tanggal", "pk"]
        indexes = [
            # Monitoring (index, dashboards, kendala) reads the executions of a date range,
            # often only the held ones: without it every page scans every execution.
            models.Index(fields=["tanggal", "status"], name="execution_date_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(jam_mulai__isnull=True)
                | Q(jam_selesai__isnull=True)
                | Q(jam_selesai__gt=models.F("jam_mulai")),
                name="execution_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__isnull=False, lon__isnull=False),
                name="execution_gps_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.plan} ({self.tanggal})"

    def get_absolute_url(self):
        return reverse("kegiatan:plan-detail", kwargs={"pk": self.plan_id})


class RecordedEntry(models.Model):
    """What every row recorded on the execution day carries: who recorded it, when, and the
    key of the form that wrote it (the same form sent twice changes nothing)."""

    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dicatat_pada = models.DateTimeField(_("recorded at"), default=timezone.now)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class Kehadiran(RecordedEntry):
    """The attendance of one RT at an execution: head counts by element, the stakeholders
    present, photos of the attendance sheet or the crowd (private: they carry names)."""

    COUNT_FIELDS = [
        "hadir_warga",
        "hadir_rt_rw",
        "hadir_kelurahan",
        "hadir_kecamatan",
        "hadir_stakeholder",
        "hadir_tni_polri",
    ]

    pelaksanaan = models.ForeignKey(Pelaksanaan, on_delete=models.CASCADE, related_name="kehadiran")
    rt = models.ForeignKey(
        RT, verbose_name=_("RT"), on_delete=models.PROTECT, related_name="kehadiran"
    )
    hadir_warga = models.PositiveIntegerField(_("residents"), default=0)
    hadir_rt_rw = models.PositiveIntegerField(_("RT/RW officials"), default=0)
    hadir_kelurahan = models.PositiveIntegerField(_("kelurahan staff"), default=0)
    hadir_kecamatan = models.PositiveIntegerField(_("kecamatan staff"), default=0)
    hadir_stakeholder = models.PositiveIntegerField(_("stakeholders"), default=0)
    hadir_tni_polri = models.PositiveIntegerField(_("TNI/Polri"), default=0)
    stakeholders = models.ManyToManyField(
        "stakeholder.Stakeholder",
        verbose_name=_("stakeholders present"),
        blank=True,
        related_name="kehadiran",
    )
    foto = models.ManyToManyField(
        Photo, verbose_name=_("attendance photos"), blank=True, related_name="kehadiran"
    )
    diubah_pada = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["diubah_pada"])

    area_lookups = {
        "kota": "rt__kelurahan__kecamatan__kota",
        "kecamatan": "rt__kelurahan__kecamatan",
        "kelurahan": "rt__kelurahan",
        "rw": "rt__rw",
        "rt": "rt",
    }

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["rt__rw__nomor", "rt__nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["pelaksanaan", "rt"],
                name="attendance_once_per_rt",
                violation_error_message=_("This RT's attendance is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.rt} {self.total}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.COUNT_FIELDS)

    def count_rows(self) -> list[tuple[str, int]]:
        """Return [(label, number), ...] of the elements present."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.COUNT_FIELDS
            if getattr(self, name)
        ]


class IndikatorHasil(OfficeChoice):
    """A result the office measures (sampah terangkut in kg, pohon ditanam in batang ...)."""

    ikon = models.CharField(
        _("icon"), max_length=40, default="bar-chart", help_text=_("Bootstrap icon name.")
    )
    satuan = models.CharField(_("unit"), max_length=20)
    perlu_jenis_sampah = models.BooleanField(
        _("asks for the waste type"),
        default=False,
        help_text=_("E.g. waste sorted for the bank sampah, by plastic, paper, metal ..."),
    )
    history = HistoricalRecords()

    class Meta(OfficeChoice.Meta):
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")

    def __str__(self):
        return f"{self.nama} ({self.satuan})"


class JenisSampah(models.TextChoices):
    PLASTIK = "plastik", _("plastic")
    KERTAS = "kertas", _("paper")
    LOGAM = "logam", _("metal")
    KACA = "kaca", _("glass")
    ORGANIK = "organik", _("organic")
    LAINNYA = "lainnya", _("other")


class HasilKegiatan(RecordedEntry):
    """One result row of an execution: 120 kg sampah terangkut, 40 m drainase dibersihkan."""

    pelaksanaan = models.ForeignKey(Pelaksanaan, on_delete=models.CASCADE, related_name="hasil")
    indikator = models.ForeignKey(
        IndikatorHasil,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="hasil",
    )
    jumlah = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    jenis_sampah = models.CharField(
        _("waste type"), max_length=10, choices=JenisSampah.choices, blank=True
    )
    catatan = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indikator__urutan", "pk"]

    def __str__(self):
        return f"{self.indikator.nama}: {self.jumlah} {self.indikator.satuan}"


class JenisLayanan(OfficeChoice):
    """A public service given on site during an event (konsultasi KTP/KK, cek kesehatan)."""

    ikon = models.CharField(
        _("icon"), max_length=40, default="person-check", help_text=_("Bootstrap icon name.")
    )
    history = HistoricalRecords()

    class Meta(OfficeChoice.Meta):
        verbose_name = _("on-site service type")
        verbose_name_plural = _("on-site service types")


class LayananLokasi(RecordedEntry):
    """How many people got one on-site service during an execution (Layanan di lokasi)."""

    pelaksanaan = models.ForeignKey(Pelaksanaan, on_delete=models.CASCADE, related_name="layanan")
    jenis = models.ForeignKey(
        JenisLayanan, verbose_name=_("service"), on_delete=models.PROTECT, related_name="log"
    )
    jumlah = models.PositiveIntegerField(_("people served"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("on-site service")
        verbose_name_plural = _("on-site services")
        ordering = ["jenis__urutan", "pk"]

    def __str__(self):
        return f"{self.jenis}: {self.jumlah}"


class KategoriKendala(models.TextChoices):
    CUACA = "cuaca", _("weather")
    ALAT_KURANG = "alat_kurang", _("not enough tools")
    PARTISIPASI_RENDAH = "partisipasi_rendah", _("low participation")
    KOORDINASI = "koordinasi", _("coordination")
    ANGGARAN = "anggaran", _("budget")
    LAINNYA = "lainnya", _("other")


class Kendala(RecordedEntry):
    """A constraint met during an execution (rain, too few tools ...)."""

    pelaksanaan = models.ForeignKey(Pelaksanaan, on_delete=models.CASCADE, related_name="kendala")
    kategori = models.CharField(_("category"), max_length=20, choices=KategoriKendala.choices)
    uraian = models.TextField(_("description"), max_length=1000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("constraint (kendala)")
        verbose_name_plural = _("constraints (kendala)")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kategori_display()}: {self.uraian[:40]}"


# -- documentation photos (before / after by spot, activity) --------------------------------


class JenisFotoDokumentasi(models.TextChoices):
    SEBELUM = "sebelum", _("before")
    SESUDAH = "sesudah", _("after")
    KEGIATAN = "kegiatan", _("activity")


# Kinds of documentation photo that belong to a spot (a before/after pair).
SPOT_PHOTO_KINDS = [JenisFotoDokumentasi.SEBELUM, JenisFotoDokumentasi.SESUDAH]


def _documentation_touching(level: str):
    def lookup(area_id) -> Q:
        plans = PlanLocation.objects.filter(**{level: area_id}).values("plan_id")
        return Q(pelaksanaan__plan_id__in=plans)

    return lookup


# A spot and a documentation photo belong to the area of their execution's plan.
DOCUMENTATION_AREA_LOOKUPS = {
    "kota": "pelaksanaan__plan__kelurahan__kecamatan__kota",
    "kecamatan": "pelaksanaan__plan__kelurahan__kecamatan",
    "kelurahan": "pelaksanaan__plan__kelurahan",
    "rw": _documentation_touching("rt__rw"),
    "rt": _documentation_touching("rt"),
}


class TitikDokumentasi(models.Model):
    """A spot of an execution photographed before and after the work (a drain, a corner
    of the market): its before and after photos are shown side by side."""

    pelaksanaan = models.ForeignKey(Pelaksanaan, on_delete=models.CASCADE, related_name="titik")
    nama = models.CharField(_("spot"), max_length=100)
    keterangan = models.CharField(_("description"), max_length=200, blank=True)
    rt = models.ForeignKey(
        RT,
        verbose_name=_("RT"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="titik_dokumentasi",
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
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    area_lookups = DOCUMENTATION_AREA_LOOKUPS

    class Meta:
        verbose_name = _("documentation spot")
        verbose_name_plural = _("documentation spots")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pelaksanaan", "nama"],
                name="documentation_spot_name_once",
                violation_error_message=_("This execution already has a spot of this name."),
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__isnull=False, lon__isnull=False),
                name="documentation_spot_gps_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.nama


class FotoDokumentasi(RecordedEntry):
    """One documentation photo of an execution: before or after (of a spot) or of the
    activity, with a caption. Shown to the public once the execution is closed, unless
    the staff hid it (``kegiatan.selectors.documentation_photo_is_public``)."""

    pelaksanaan = models.ForeignKey(
        Pelaksanaan, on_delete=models.CASCADE, related_name="dokumentasi"
    )
    jenis = models.CharField(_("kind"), max_length=10, choices=JenisFotoDokumentasi.choices)
    titik = models.ForeignKey(
        TitikDokumentasi,
        verbose_name=_("spot"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="foto",
    )
    keterangan = models.CharField(_("caption"), max_length=200, blank=True)
    foto = models.OneToOneField(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="dokumentasi"
    )
    publik = models.BooleanField(
        _("shown to the public"),
        default=True,
        help_text=_("Untick to hide this photo from the public schedule."),
    )
    # Without the photo: a history row must not count as a use of it (photos_unused).
    history = HistoricalRecords(excluded_fields=["foto"])

    area_lookups = DOCUMENTATION_AREA_LOOKUPS

    class Meta:
        verbose_name = _("documentation photo")
        verbose_name_plural = _("documentation photos")
        ordering = ["dicatat_pada", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jenis="kegiatan", titik__isnull=True)
                | Q(jenis__in=["sebelum", "sesudah"], titik__isnull=False),
                name="documentation_photo_spot_for_before_after",
                violation_error_message=_(
                    "A before or after photo belongs to a spot; an activity photo does not."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.keterangan or self.foto_id}"
