from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholderConfig(AppConfig):
    name = "stakeholder"
    verbose_name = _("Stakeholders")

    def ready(self):
        from stakeholder.personal_data import register_provider

        register_provider()
        from sigoro import access
        from sigoro.models import Role
        from sigoro.selectors import PHOTO_ACCESS_PROVIDERS, TODO_PROVIDERS
        from stakeholder.photo_access import delivery_photo_access
        from stakeholder.selectors import contact_stakeholder_id, home_todo

        if home_todo not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(home_todo)
        if delivery_photo_access not in PHOTO_ACCESS_PROVIDERS:
            PHOTO_ACCESS_PROVIDERS.append(delivery_photo_access)
        access.ORGANISATION_SCOPES[Role.STAKEHOLDER] = contact_stakeholder_id
