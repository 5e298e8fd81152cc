"""Stage 5: the SIGORO index's weights and targets (versioned) and its stored closed periods."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigoro.models import Kecamatan

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
