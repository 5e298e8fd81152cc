"""Request-level guards that run before any view."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


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
