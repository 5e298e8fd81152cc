"""The installable web app: what the service worker precaches and how its version is made.

The worker (``static/js/service-worker.js``) is served from the site root by the view
``service_worker`` with this module's configuration in front of it: the static files the
RT head's pages need (under their served, possibly hashed, names), the offline page and
a version that changes whenever one of those files or the worker changes, so that a new
deploy replaces the old caches. Which pages a signed-in user may find again offline is
said by the view itself (``offline_page``), never guessed by the worker.
"""

import hashlib
import json
from functools import cache, wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

SERVICE_WORKER_SOURCE = "js/service-worker.js"
# What the RT head's pages load (base template, attendance form, outbox, photo upload).
PRECACHE_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/sigoro.css",
    "js/sigoro.js",
    "js/outbox.js",
    "js/attendance-form.js",
    "vendor/browser-image-compression/browser-image-compression.js",
    "sigoro/js/photo-upload.js",
    "img/favicon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
)
# A page answered with this header may be kept by the worker for the signed-in user and
# shown again when there is no signal (cleared at sign-out).
OFFLINE_HEADER = "Sigoro-Offline"
OFFLINE_KEEP = "keep"
# Cache names: the static files of one version, and the pages the user opened.
STATIC_CACHE_PREFIX = "sigoro-static-"
PAGES_CACHE = "sigoro-pages"


def offline_page(view):
    """Mark a staff page (GET, 200) as one the worker keeps for use without signal."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[OFFLINE_HEADER] = OFFLINE_KEEP
        return response

    return wrapped


def _precached_files() -> list[tuple[str, str]]:
    """Return (served URL, source path) of each precached static file that exists."""
    files = []
    for name in PRECACHE_STATIC:
        path = finders.find(name)
        if path:
            files.append((static(name), path))
    return files


def _digest(paths) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:12]


def service_worker_config() -> dict:
    """Return the worker's configuration: version, precached URLs, offline page, caches."""
    files = _precached_files()
    worker = finders.find(SERVICE_WORKER_SOURCE)
    offline_url = reverse("offline")
    version = _digest([worker, *(path for _url, path in files)])
    return {
        "version": version,
        "precache": [url for url, _path in files] + [offline_url],
        "offlineUrl": offline_url,
        "staticUrl": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
        "staticCachePrefix": STATIC_CACHE_PREFIX,
        "pagesCache": PAGES_CACHE,
        "offlineHeader": OFFLINE_HEADER,
        "offlineKeep": OFFLINE_KEEP,
        # Never kept, even when asked: private photos, sign-in pages, the admin.
        "neverCache": ["/foto/", "/akun/", "/admin/", "/sw.js"],
    }


def service_worker_source() -> str:
    """Return the worker's JavaScript: its configuration, then the static source (read
    once per process in production, where files change only with a deploy)."""
    return _build_source() if settings.DEBUG else _cached_source()


@cache
def _cached_source() -> str:
    return _build_source()


def _build_source() -> str:
    with open(finders.find(SERVICE_WORKER_SOURCE), encoding="utf-8") as handle:
        source = handle.read()
    config = json.dumps(service_worker_config(), separators=(",", ":"))
    return f"self.SIGORO_SW = {config};\n{source}"
