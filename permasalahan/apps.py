from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermasalahanConfig(AppConfig):
    name = "permasalahan"
    verbose_name = _("Problems")

    def ready(self):
        from permasalahan.personal_data import register_provider
        from permasalahan.photo_access import problem_photo_access
        from permasalahan.selectors import home_todo
        from sigoro.selectors import PHOTO_ACCESS_PROVIDERS, TODO_PROVIDERS

        if home_todo not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(home_todo)
        if problem_photo_access not in PHOTO_ACCESS_PROVIDERS:
            PHOTO_ACCESS_PROVIDERS.append(problem_photo_access)
        register_provider()
        from notifikasi.daily import register_daily
        from permasalahan.notifications import overdue_problems

        register_daily("problems_overdue", overdue_problems)
