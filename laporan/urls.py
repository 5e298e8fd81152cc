"""Stage 5 and 6: each concern of laporan keeps its own URLs, all in the "laporan" namespace."""

from django.urls import include, path

app_name = "laporan"

urlpatterns = [
    path("", include("laporan.dashboard.urls")),
    path("indeks/", include("laporan.indeks.urls")),
    path("dokumen/", include("laporan.dokumen.urls")),
]
