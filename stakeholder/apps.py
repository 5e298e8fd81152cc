from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholderConfig(AppConfig):
    name = "stakeholder"
    verbose_name = _("Stakeholders")
