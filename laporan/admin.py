"""Django admin for system administrators (superusers) only; the kecamatan administrator
keeps the letterhead on SIGORO's own page (laporan:letterhead-update)."""

from django.contrib import admin

from laporan.models import GeneratedDocument, KopSurat
from sigoro.admin import SuperuserOnlyMixin


@admin.register(KopSurat)
class KopSuratAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["kecamatan", "pemerintah", "nama_kantor", "kota_surat"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "kecamatan", "kelurahan", "diminta_pada", "kode"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "kode", "sha256"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]
