"""Sign a session out after it has been idle for ``SESSION_IDLE_TIMEOUT`` seconds (ASVS V3)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from sigoro import services
from sigoro.formats import durasi
from sigoro.http import client_ip
from sigoro.models import AuthEvent

SESSION_KEY = "last_activity"
# Write the session again only when this much has passed: not on every request.
REFRESH_SECONDS = 60


def mark_activity(request) -> None:
    """Remember now as the session's last activity."""
    request.session[SESSION_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """After the sign-in middleware: a signed-in session idle too long is signed out and sent
    to the sign-in page with a message; otherwise the request counts as activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            timeout = settings.SESSION_IDLE_TIMEOUT
            if isinstance(last, int) and timeout and now - last > timeout:
                return self.sign_out(request, user, timeout)
            if not isinstance(last, int) or now - last >= REFRESH_SECONDS:
                mark_activity(request)
        return self.get_response(request)

    def sign_out(self, request, user, timeout):
        services.auth_event_record(
            kind=AuthEvent.Kind.IDLE_TIMEOUT,
            username=user.get_username(),
            user=user,
            ip_address=client_ip(request) or None,
        )
        request.sigoro_idle_logout = True
        logout(request)
        messages.info(
            request,
            _("You were signed out after %(duration)s without activity. Sign in again.")
            % {"duration": durasi(timeout)},
        )
        return redirect_to_login(request.get_full_path())
