from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = _("Reports")

    def ready(self):
        from kegiatan.selectors import PLAN_PAGE_ACTIONS
        from laporan.dashboard.cache import area_data_changed_listener
        from laporan.dokumen import (  # noqa: F401  (generators register)
            berita_acara,
            exports,
            laporan_bulanan,
        )
        from laporan.indeks.services import index_refresh_requested
        from sigoro.changes import AREA_DATA_LISTENERS
        from sigoro.selectors import PHOTO_ACCESS_PROVIDERS

        # Stored index figures of closed months follow the records they count.
        if index_refresh_requested not in AREA_DATA_LISTENERS:
            AREA_DATA_LISTENERS.append(index_refresh_requested)
        # The cached monitoring pages of the area move to a new data version.
        if area_data_changed_listener not in AREA_DATA_LISTENERS:
            AREA_DATA_LISTENERS.append(area_data_changed_listener)

        PLAN_PAGE_ACTIONS.append(berita_acara.berita_acara_page_actions)
        PHOTO_ACCESS_PROVIDERS.append(berita_acara.signed_copy_photo_access)
