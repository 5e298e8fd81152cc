"""URLs of laporan.dokumen (included by laporan/urls.py, namespace "laporan")."""

urlpatterns = []
