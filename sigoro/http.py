"""Request helpers shared by the public pages."""

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address: behind our own reverse proxy, the address it saw."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw: the last entry is the trustworthy one.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request) -> str:
    """Key function for django-ratelimit: one bucket per visitor address."""
    return client_ip(request)
