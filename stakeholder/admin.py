"""Django admin for system administrators (superusers) only; staff use SIGORO's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sigoro.admin import SuperuserOnlyMixin
from stakeholder.models import (
    Delivery,
    Pledge,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    StakeholderType,
    SupportRequest,
    Swadaya,
)


@admin.register(StakeholderType)
class StakeholderTypeAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "kode", "urutan"]


@admin.register(Stakeholder)
class StakeholderAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "jenis", "kecamatan", "seluruh_kecamatan", "aktif"]
    list_filter = ["jenis", "kecamatan", "aktif"]
    list_select_related = ["jenis", "kecamatan"]
    search_fields = ["nama", "kontak_nama"]
    filter_horizontal = ["kelurahan_layanan"]


class RequestItemInline(admin.TabularInline):
    model = RequestItem
    extra = 0


class RequestRecipientInline(admin.TabularInline):
    model = RequestRecipient
    extra = 0
    raw_id_fields = ["stakeholder"]


@admin.register(SupportRequest)
class SupportRequestAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["perihal", "tanggal", "kecamatan", "kelurahan"]
    list_filter = ["kecamatan", "kelurahan"]
    list_select_related = ["kecamatan", "kelurahan"]
    search_fields = ["perihal", "nomor_surat"]
    inlines = [RequestItemInline, RequestRecipientInline]


@admin.register(Pledge)
class PledgeAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "jumlah_dijanjikan", "nilai_dijanjikan", "jumlah_diterima"]
    list_filter = ["status"]
    list_select_related = ["recipient__stakeholder", "item"]


@admin.register(Delivery)
class DeliveryAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "tanggal", "jumlah", "nilai", "diterima_oleh"]
    list_select_related = ["pledge__recipient__stakeholder", "pledge__item"]
    raw_id_fields = ["pledge", "foto"]


@admin.register(Swadaya)
class SwadayaAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "tanggal", "rt", "kelurahan", "sumber", "nilai"]
    list_filter = ["jenis", "sumber", "kelurahan"]
    list_select_related = ["rt__rw", "kelurahan"]
