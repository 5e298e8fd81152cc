from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KegiatanConfig(AppConfig):
    name = "kegiatan"
    verbose_name = _("Activities")

    def ready(self):
        from kegiatan import plan_selectors
        from kegiatan.selectors import home_todo
        from sigoro.selectors import TODO_PROVIDERS

        if home_todo not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(home_todo)
        if plan_selectors.home_todo not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(plan_selectors.home_todo)
