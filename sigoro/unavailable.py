"""The 503 page: a request that meets an unreachable database or file storage gets a clear
Indonesian page with ``Retry-After`` instead of a 500.

Two doors, because a failure can happen in a view or in a middleware: the middleware
``ServiceUnavailableMiddleware`` (exceptions raised by views) and the ``handler500``
``server_error`` (exceptions raised anywhere else, e.g. the session saved after the view).
With ``CONN_HEALTH_CHECKS`` the next request after the database comes back opens a fresh
connection, so no app server needs a restart.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from sigoro.storage import StorageUnavailable

logger = logging.getLogger(__name__)

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, StorageUnavailable)


def unavailable_response() -> HttpResponse:
    """Return the 503 page (rendered without a request: nothing on it touches the database)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def is_unavailable(error: BaseException | None) -> bool:
    """Return whether ``error`` means a service the app needs is down (not a bug)."""
    return isinstance(error, UNAVAILABLE_ERRORS)


class ServiceUnavailableMiddleware:
    """Turn a database or storage outage met by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        logger.warning("503 for %s %s: %r", request.method, request.path, exception)
        return unavailable_response()


def server_error(request, template_name="500.html"):
    """The project's ``handler500``: the 503 page for an outage, Django's 500 otherwise."""
    if is_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request, template_name)
