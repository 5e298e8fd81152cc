"""The project's URLs plus views that meet an outage (tests/sigoro/test_production_profile.py)."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from sigoro.urls import handler500  # noqa: F401 - the project's 503-aware handler
from sigoro.urls import urlpatterns as project_urlpatterns


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def connection_closed(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("uji/db-mati/", database_down),
    path("uji/koneksi-tertutup/", connection_closed),
    *project_urlpatterns,
]
