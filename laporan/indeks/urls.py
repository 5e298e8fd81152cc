"""URLs of laporan.indeks (included by laporan/urls.py, namespace "laporan")."""

urlpatterns = []
