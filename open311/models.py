"""The clients of the Open311 GeoReport v2 API: other systems that may file reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigoro.models import Kecamatan


class ApiClient(models.Model):
    """A system holding an API key (a city system, an SP4N-LAPOR! adapter, an app): it may
    file reports in one kecamatan. Only the key's hash is stored; the key is shown once."""

    nama = models.CharField(_("client name"), max_length=100)
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="open311_clients",
    )
    kunci_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to tell keys apart on the staff page (not enough to use).
    kunci_awal = models.CharField(_("key begins with"), max_length=12, editable=False)
    aktif = models.BooleanField(_("active"), default=True)
    dibuat = models.DateTimeField(_("created at"), auto_now_add=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dicabut_pada = models.DateTimeField(_("revoked at"), null=True, blank=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    area_lookups = {"kecamatan": "kecamatan"}

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["-aktif", "nama", "pk"]

    def __str__(self):
        return f"{self.nama} ({self.kunci_awal}…)"
