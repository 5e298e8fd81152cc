"""Per-visitor limits of the public pages, counted by django-ratelimit in the shared cache.

One home for "how much may one address do": every POST to a public form
(``PUBLIC_POST_RATE``, failed tries too), the photos decoded for it (``PUBLIC_PHOTO_RATE``),
successful reports (``PUBLIC_REPORT_RATE``) and lookups (``PUBLIC_LOOKUP_RATE``); and one
per signed-in account: photos sent ahead of a form (``STAFF_UPLOAD_RATE``). Rates use
django-ratelimit's syntax ("30/h") and are read from the settings on every request.
"""

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

KEY = "sigoro.http.ratelimit_key"
RATE = re.compile(r"^\s*(\d+)/(\d*)([smhd])\s*$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parts(rate: str) -> tuple[int, int]:
    """``(count, seconds)`` of a rate in django-ratelimit's syntax, e.g. "10/h" -> (10, 3600)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r} (write e.g. 10/h)")
    count, multiple, period = match.groups()
    return int(count), int(multiple or 1) * PERIOD_SECONDS[period]


def _usage(request, group: str, rate: str, *, increment: bool, key=KEY):
    return get_usage(request, group=group, key=key, rate=rate, increment=increment)


def bucket(name: str) -> Callable:
    """A django-ratelimit key that counts for ``name`` (e.g. one API client) instead of
    the visitor's address: for callers whose identity is not their address."""
    return lambda group, request: name


def limit_reached(request, *, group: str, rate: str, key=KEY) -> bool:
    """Whether this visitor (or ``key``'s bucket) has used up ``rate`` already (checked,
    not counted)."""
    usage = _usage(request, group, rate, increment=False, key=key)
    return usage is not None and usage["count"] >= usage["limit"]


def count(request, *, group: str, rate: str, key=KEY) -> bool:
    """Count one use against ``rate``; return whether it goes over the limit."""
    usage = _usage(request, group, rate, increment=True, key=key)
    return usage is not None and usage["should_limit"]


def remaining(request, *, group: str, rate: str, key=KEY) -> int | None:
    """How many uses of ``rate`` this visitor has left (None: limits are switched off)."""
    usage = _usage(request, group, rate, increment=False, key=key)
    if usage is None:
        return None
    return max(0, usage["limit"] - usage["count"])


def take(request, *, group: str, rate: str, n: int, key=KEY) -> bool:
    """Count ``n`` uses at once when all of them fit in what is left of ``rate``; return
    whether they did (when they do not, nothing is counted)."""
    left = remaining(request, group=group, rate=rate, key=key)
    if left is not None and n > left:
        return False
    for _n in range(n if left is not None else 0):
        _usage(request, group, rate, increment=True, key=key)
    return True


def photo_budget_allows(request, n: int) -> bool:
    """Whether an anonymous visitor may have ``n`` more photos decoded now (counted when
    so), checked before any decoding: photo work costs CPU whether or not the form passes.
    Signed-in staff are not limited."""
    if getattr(request.user, "is_authenticated", False) or n <= 0:
        return True
    return take(request, group="photo-decode", rate=settings.PUBLIC_PHOTO_RATE, n=n)


def photo_budget_message() -> str:
    return _("Too many photos from this connection. Please try again in an hour.")


def staff_upload_over_limit(request) -> bool:
    """Count one new staged photo of the signed-in user against ``STAFF_UPLOAD_RATE``
    (per account, not per address: an office shares one); return whether it goes over.

    Staff are not held to the public budgets, but a runaway script or a stuck phone must
    not fill the disk or the CPU."""
    usage = get_usage(
        request, group="staged-upload", key="user", rate=settings.STAFF_UPLOAD_RATE, increment=True
    )
    return usage is not None and usage["should_limit"]


def staff_upload_limit_message() -> str:
    return _("Too many photos sent in the last hour. Please try again later.")


def post_limit_message() -> str:
    return _(
        "Too many attempts from this connection. Please try again in an hour, "
        "or contact the kelurahan office."
    )


def public_post_limit(group: str, *, refused: Callable | None = None):
    """Count every POST to a public form against ``PUBLIC_POST_RATE`` for the visitor's
    address, whether the form passes or not. Over the limit the view does not run:
    ``refused(request, *args, **kwargs)`` answers (it should keep what was typed), or a
    plain page with the message, both with status 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and count(
                request, group=f"post:{group}", rate=settings.PUBLIC_POST_RATE
            ):
                if refused is not None:
                    response = refused(request, *args, **kwargs)
                else:
                    context = {"message": post_limit_message()}
                    response = render(request, "429.html", context)
                response.status_code = 429
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
