"""Django admin for system administrators (superusers) only; staff use SIGORO's pages.

The lists the office keeps as data for the execution day: result indicators (with their
unit) and on-site service types. Retire an entry with "active" rather than deleting it.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kegiatan.models import IndikatorHasil, JenisLayanan
from sigoro.admin import SuperuserOnlyMixin


@admin.register(IndikatorHasil)
class IndikatorHasilAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "satuan", "perlu_jenis_sampah", "urutan", "aktif"]
    list_filter = ["aktif"]
    prepopulated_fields = {"slug": ["nama"]}


@admin.register(JenisLayanan)
class JenisLayananAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "urutan", "aktif"]
    list_filter = ["aktif"]
    prepopulated_fields = {"slug": ["nama"]}
