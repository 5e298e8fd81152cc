from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholderConfig(AppConfig):
    name = "stakeholder"
    verbose_name = _("Stakeholders")

    def ready(self):
        from sigoro.selectors import TODO_PROVIDERS
        from stakeholder.selectors import home_todo

        if home_todo not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(home_todo)
