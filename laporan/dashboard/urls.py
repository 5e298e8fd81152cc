"""URLs of laporan.dashboard (included by laporan/urls.py, namespace "laporan")."""

urlpatterns = []
