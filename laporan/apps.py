from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = _("Reports")

    def ready(self):
        from kegiatan.selectors import PLAN_PAGE_ACTIONS
        from laporan.dokumen import berita_acara, exports  # noqa: F401  (generators register)
        from sigoro.selectors import PHOTO_ACCESS_PROVIDERS

        PLAN_PAGE_ACTIONS.append(berita_acara.berita_acara_page_actions)
        PHOTO_ACCESS_PROVIDERS.append(berita_acara.signed_copy_photo_access)
