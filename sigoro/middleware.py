"""Request-level middlewares: the request body limit, the session cookie kept by reads,
the Permissions-Policy header and the idle-session sign-out (ASVS V3)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sigoro import services
from sigoro.formats import durasi
from sigoro.http import client_ip
from sigoro.models import AuthEvent


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that the answer to a read (GET, HEAD, OPTIONS)
    never deletes the session cookie.

    Django deletes the cookie whenever a request's session ends up empty. When this browser
    ends its other sessions or changes its password, its own session moves to a new key; a
    read it sent just before (the service worker refreshing the offline copy of a page, a
    second tab) still carries the old key and finds no valid session. Its answer, arriving
    after the new cookie was set, would then delete the new cookie and sign this device out
    too. Keeping the cookie is harmless: the server no longer knows the old key, so the
    browser is anonymous until it signs in, and sign-out itself is a POST (which still
    deletes the cookie)."""

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def process_response(self, request, response):
        response = super().process_response(request, response)
        name = settings.SESSION_COOKIE_NAME
        if request.method in self.SAFE_METHODS and name in response.cookies:
            morsel = response.cookies[name]
            if morsel.value == "" and str(morsel["max-age"]) == "0":
                del response.cookies[name]
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose announced body is above ``MAX_REQUEST_BODY_SIZE``,
    before anything reads it (no upload parsed, no photo stored, no CPU spent).

    It stands early in MIDDLEWARE and looks only at the Content-Length header. A body sent
    without one (chunked) is not read past a limit either: under WSGI, Django reads at most
    Content-Length bytes of a body (``LimitedStream``), so such a body reaches Django empty;
    nginx refuses it above ``client_max_body_size`` (deploy/nginx/sigoro.conf) before that.
    Inside the limit, Django's own limits still apply: DATA_UPLOAD_MAX_MEMORY_SIZE for the
    non-file fields and DATA_UPLOAD_MAX_NUMBER_FILES / _FIELDS (400 above them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as an empty body as well
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return self.too_large()
        return self.get_response(request)

    @staticmethod
    def too_large():
        limit_mb = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
        # LocaleMiddleware has not run yet: the site's language, explicitly. (The unread
        # body is the server's business: gunicorn and runserver close or drain the
        # connection; a WSGI app may not set the hop-by-hop "Connection" header.)
        with translation.override(settings.LANGUAGE_CODE):
            page = render_to_string("413.html", {"limit_mb": limit_mb})
        return HttpResponse(page, status=413)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` from the PERMISSIONS_POLICY setting: a feature with
    ``["self"]`` is allowed for this site only, one with ``[]`` for nobody."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


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
        # Without a session cookie there is no session to time out; not touching the session
        # keeps "Vary: Cookie" off anonymous responses (public photos stay cacheable).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
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
