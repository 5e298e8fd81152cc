"""Django admin for system administrators (superusers) only.

Kecamatan and kelurahan staff use SIGORO's own pages, which are scoped by
``sigoro.access``; the admin site is the developers' tool and sees everything.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sigoro import services, workdays
from sigoro.models import RT, RW, AuthEvent, Holiday, Kecamatan, Kelurahan, Kota, Photo, User


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
        "kota",
        "kecamatan",
        "kelurahan",
        "rw",
        "rt",
        "is_active",
    ]
    list_filter = ["role", "is_active", "kota", "kecamatan"]
    list_select_related = ["kota", "kecamatan", "kelurahan", "rw", "rt"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("SIGORO role and area"),
            {
                # A city monitor (pemantau kota) needs only the city; other roles get
                # theirs filled from their own area when saved.
                "fields": ["role", "phone", "jabatan", "kota", "kecamatan", "kelurahan", "rw", "rt"]
            },
        ),
    ]


@admin.register(AuthEvent)
class AuthEventAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """The sign-in trail, read only: also the events of unknown usernames, which belong to
    no area and so appear on no staff page."""

    list_display = ["created_at", "kind", "username", "ip_address", "user", "actor"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["user", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Photo)
class PhotoAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "width", "height", "source_format", "created_at"]
    readonly_fields = ["uuid", "sha256", "taken_at", "gps_lat", "gps_lon"]


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["tanggal", "nama"]

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        try:
            services.holiday_check_date(tanggal=tanggal)
        except ValidationError as error:
            raise ValidationError(error.message_dict["tanggal"]) from None
        return tanggal


@admin.register(Holiday)
class HolidayAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """The office's own days off (cuti bersama, local days); public holidays are listed
    beside them, from the national calendar, and need no row."""

    form = HolidayForm
    list_display = ["tanggal", "nama"]
    date_hierarchy = "tanggal"
    search_fields = ["nama"]

    def changelist_view(self, request, extra_context=None):
        year = timezone.localdate().year
        extra_context = {
            **(extra_context or {}),
            "public_holidays": [
                (year, workdays.national_holidays(year=year)),
                (year + 1, workdays.national_holidays(year=year + 1)),
            ],
        }
        return super().changelist_view(request, extra_context=extra_context)
