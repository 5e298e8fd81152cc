"""The project's URLs plus views that fail on purpose (tests/sigoro/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path
from django_ratelimit.exceptions import Ratelimited

from sigoro.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("SECRET-TRACEBACK-MARKER")


def suspicious(request):
    raise SuspiciousOperation("SECRET-TRACEBACK-MARKER")


def forbidden(request):
    raise PermissionDenied("SECRET-TRACEBACK-MARKER")


def limited(request):
    raise Ratelimited("SECRET-TRACEBACK-MARKER")


urlpatterns = [
    path("uji/500/", broken),
    path("uji/400/", suspicious),
    path("uji/403/", forbidden),
    path("uji/429/", limited),
    *project_urlpatterns,
]
