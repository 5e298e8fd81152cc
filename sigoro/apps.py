from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigoroConfig(AppConfig):
    name = "sigoro"
    verbose_name = _("SIGORO core")
