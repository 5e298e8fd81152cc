from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KegiatanConfig(AppConfig):
    name = "kegiatan"
    verbose_name = _("Activities")

    def ready(self):
        from kegiatan import selectors
        from kegiatan.photo_access import attendance_photo_access, documentation_photo_access
        from sigoro.selectors import PHOTO_ACCESS_PROVIDERS, TODO_PROVIDERS, UPCOMING_PROVIDERS
        from stakeholder.selectors import REQUEST_LINK_PROVIDERS

        for provider in (selectors.home_todo, selectors.home_todo_attendance):
            if provider not in TODO_PROVIDERS:
                TODO_PROVIDERS.append(provider)
        if selectors.home_upcoming not in UPCOMING_PROVIDERS:
            UPCOMING_PROVIDERS.append(selectors.home_upcoming)
        if selectors.request_plan_links not in REQUEST_LINK_PROVIDERS:
            REQUEST_LINK_PROVIDERS.append(selectors.request_plan_links)
        from kegiatan import notifications
        from notifikasi.daily import register_daily

        register_daily("plan_reminders", notifications.plan_reminders)
        register_daily("attendance_missing", notifications.attendance_missing)
        for provider in (attendance_photo_access, documentation_photo_access):
            if provider not in PHOTO_ACCESS_PROVIDERS:
                PHOTO_ACCESS_PROVIDERS.append(provider)
