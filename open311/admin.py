"""Django admin for system administrators (superusers) only: Open311 API clients.

A key is issued through ``open311.services.client_issue`` (shown once, in the message after
saving) and revoked with the list action; the admin kecamatan uses /open311/klien/.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from open311 import services
from open311.models import ApiClient
from sigoro.admin import SuperuserOnlyMixin


@admin.register(ApiClient)
class ApiClientAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["nama", "kecamatan", "kunci_awal", "aktif", "dibuat", "dicabut_pada"]
    list_filter = ["aktif", "kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["nama"]
    fields = ["nama", "kecamatan", "kunci_awal", "aktif", "dibuat", "dibuat_oleh", "dicabut_pada"]
    readonly_fields = ["kunci_awal", "aktif", "dibuat", "dibuat_oleh", "dicabut_pada"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A client's kecamatan is fixed once its key is issued.
        return [*self.readonly_fields, "kecamatan"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client = services.client_issue(user=request.user, nama=obj.nama, kecamatan=obj.kecamatan)
        obj.pk = client.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            _("The new key (copy it now, it is shown only this once): %(key)s")
            % {"key": client.kunci},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for client in queryset.filter(aktif=True):
            services.client_revoke(user=request.user, client=client)
        self.message_user(request, _("The selected keys were revoked."), messages.SUCCESS)
