"""Django admin for system administrators (superusers) only.

Kecamatan and kelurahan staff use SIGORO's own pages, which are scoped by
``sigoro.access``; the admin site is the developers' tool and sees everything.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sigoro.models import RT, RW, Kecamatan, Kelurahan, Kota, Photo, User


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Kota)
class KotaAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    search_fields = ["nama"]


@admin.register(Kecamatan)
class KecamatanAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "kota", "kode"]
    search_fields = ["nama"]


@admin.register(Kelurahan)
class KelurahanAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "kecamatan", "kode"]
    list_filter = ["kecamatan"]
    search_fields = ["nama"]


@admin.register(RW)
class RWAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kelurahan"]
    list_filter = ["kelurahan"]
    list_select_related = ["kelurahan"]


@admin.register(RT)
class RTAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kelurahan", "jumlah_kk", "jumlah_jiwa"]
    list_filter = ["kelurahan"]
    list_select_related = ["rw", "kelurahan"]


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = [
        "username",
        "first_name",
        "role",
        "kecamatan",
        "kelurahan",
        "rw",
        "rt",
        "is_active",
    ]
    list_filter = ["role", "is_active", "kecamatan"]
    list_select_related = ["kecamatan", "kelurahan", "rw", "rt"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("SIGORO role and area"),
            {"fields": ["role", "phone", "jabatan", "kecamatan", "kelurahan", "rw", "rt"]},
        ),
    ]


@admin.register(Photo)
class PhotoAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "width", "height", "source_format", "created_at"]
    readonly_fields = ["uuid", "sha256", "taken_at", "gps_lat", "gps_lon"]
