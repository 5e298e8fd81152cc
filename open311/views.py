"""The Open311 GeoReport v2 endpoints (public, JSON or XML) and the staff page of API keys.

Every endpoint answers in the format its address names (``.json`` or ``.xml``), and every
refusal in the spec's error format: 400 for a bad parameter, 403 for a missing or revoked
api_key, 404 for an unknown jurisdiction, service or request, 429 over the rate limits.
Reads are limited per address (``OPEN311_READ_RATE``); POSTs with a valid api_key per key
(``OPEN311_CLIENT_*_RATE``), POSTs without one per address (``PUBLIC_POST_RATE``).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from open311 import documents, selectors, services
from open311.errors import Open311Error
from open311.forms import ClientForm, report_errors, report_form
from sigoro import ratelimit
from sigoro.decorators import role_required
from sigoro.photos import PhotoError

NEW_KEY_SESSION = "open311_new_key"


def answers_errors(view):
    """Turn an Open311Error raised by ``view`` into the spec's error document, and count
    every read (GET) against ``OPEN311_READ_RATE`` for the caller's address first."""

    @wraps(view)
    def wrapped(request, *args, fmt, **kwargs):
        try:
            if request.method == "GET" and ratelimit.count(
                request, group="open311-read", rate=settings.OPEN311_READ_RATE
            ):
                raise Open311Error(429, _("Too many requests. Please try again in a minute."))
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return documents.respond_error(error, fmt=fmt)

    return wrapped


def _absolute(request):
    return request.build_absolute_uri


@require_GET
@answers_errors
def discovery(request, fmt):
    root = reverse("open311:services", kwargs={"fmt": "json"}).rsplit("/", 1)[0] + "/"
    document = {
        "changeset": documents.CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": _(
            "Reading is open to all. To file reports, ask the kecamatan office for an API key."
        ),
        "endpoints": [
            {
                "specification": documents.SPECIFICATION,
                "url": request.build_absolute_uri(root),
                "changeset": documents.CHANGESET,
                "type": "production",
                "formats": documents.FORMATS,
            }
        ],
    }
    return documents.respond(document, fmt=fmt, root="discovery")


@require_GET
@answers_errors
def services_list(request, fmt):
    selectors.jurisdiction_get(request.GET.get("jurisdiction_id"))
    document = [documents.service(category) for category in selectors.service_list()]
    return documents.respond(document, fmt=fmt, root="services")


@require_GET
@answers_errors
def service_definition(request, code, fmt):
    kecamatan = selectors.jurisdiction_get(request.GET.get("jurisdiction_id"))
    category = selectors.service_get(code)
    document = documents.service_definition(
        category, attributes=selectors.service_attributes(kecamatan)
    )
    return documents.respond(document, fmt=fmt, root="service_definition")


# The API is authenticated by its api_key, sent by other systems' servers, never by a
# browser session: a cross-site request forgery has no cookie to ride on, so the POST is
# exempt from the CSRF check on purpose (GET requests change nothing).
@csrf_exempt
@require_http_methods(["GET", "POST"])
@answers_errors
def requests_list(request, fmt):
    if request.method == "POST":
        return _request_create(request, fmt=fmt)
    kecamatan = selectors.jurisdiction_get(request.GET.get("jurisdiction_id"))
    query = selectors.request_query(
        service_request_id=request.GET.get("service_request_id"),
        service_code=request.GET.get("service_code"),
        start_date=request.GET.get("start_date"),
        end_date=request.GET.get("end_date"),
        status=request.GET.get("status"),
        page=request.GET.get("page"),
    )
    problems = selectors.request_list(kecamatan=kecamatan, query=query)
    absolute = _absolute(request)
    document = [documents.service_request(problem, absolute=absolute) for problem in problems]
    return documents.respond(document, fmt=fmt, root="service_requests")


def _client_of(request):
    """The API client whose api_key the POST carries. A POST without a valid key is
    counted against the public limit of its address (guessing keys costs tries) and
    refused with 403."""
    client = selectors.client_for_key(request.POST.get("api_key"))
    if client is not None:
        return client
    if ratelimit.count(request, group="post:open311", rate=settings.PUBLIC_POST_RATE):
        raise Open311Error(429, ratelimit.post_limit_message())
    raise Open311Error(403, _("api_key is missing, unknown or revoked."))


def _request_create(request, *, fmt):
    """POST requests: file a report like the public report form does, with the limits
    counted per api_key (a client files for many residents from one address)."""
    client = _client_of(request)
    per_client = ratelimit.bucket(f"open311-client:{client.pk}")
    if ratelimit.count(
        request, group="open311-post", rate=settings.OPEN311_CLIENT_POST_RATE, key=per_client
    ):
        raise Open311Error(429, _("Too many requests with this api_key. Please try again later."))
    # Without a jurisdiction_id a key files in its own kecamatan.
    raw = request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id")
    kecamatan = selectors.jurisdiction_get(raw) if raw else client.kecamatan
    if kecamatan.pk != client.kecamatan_id:
        raise Open311Error(403, _("This api_key may not file reports in this jurisdiction."))
    code = request.POST.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    try:
        category = selectors.service_get(code)
    except Open311Error as error:
        raise Open311Error(400, *error.descriptions) from None
    report_limit = {
        "group": "open311-report",
        "rate": settings.OPEN311_CLIENT_REPORT_RATE,
        "key": per_client,
    }
    if ratelimit.limit_reached(request, **report_limit):
        raise Open311Error(
            429, _("Too many reports with this api_key. Please try again in an hour.")
        )
    form = report_form(request.POST, request.FILES, category=category)
    if not form.is_valid():
        raise Open311Error(400, *report_errors(form))
    uploads = form.uploads()
    if not ratelimit.take(
        request,
        group="open311-photo",
        rate=settings.OPEN311_CLIENT_PHOTO_RATE,
        n=len(uploads),
        key=per_client,
    ):
        raise Open311Error(
            429, _("Too many photos with this api_key. Please try again in an hour.")
        )
    key = services.request_idempotency_key(
        client=client,
        fields={k: v for k, v in request.POST.items() if k != "api_key"},
        media=uploads[0] if uploads else None,
    )
    try:
        problem = services.request_create(client=client, form=form, idempotency_key=key)
    except PhotoError as error:
        raise Open311Error(400, f"media: {error}") from None
    except ValidationError as error:
        raise Open311Error(400, *error.messages) from None
    ratelimit.count(request, **report_limit)
    notice = _("Follow the report with its tracking code %(code)s at %(url)s") % {
        "code": problem.kode,
        "url": request.build_absolute_uri(problem.get_public_url()),
    }
    document = [
        {
            "service_request_id": problem.kode,
            "token": selectors.token_for(problem),
            "service_notice": notice,
            "account_id": None,
        }
    ]
    return documents.respond(document, fmt=fmt, root="service_requests", status=201)


@require_GET
@answers_errors
def request_detail(request, kode, fmt):
    kecamatan = selectors.jurisdiction_get(request.GET.get("jurisdiction_id"))
    problem = selectors.request_get(kecamatan=kecamatan, kode=kode)
    document = [documents.service_request(problem, absolute=_absolute(request))]
    return documents.respond(document, fmt=fmt, root="service_requests")


@require_GET
@answers_errors
def token_detail(request, token, fmt):
    kecamatan = selectors.jurisdiction_get(request.GET.get("jurisdiction_id"))
    problem = selectors.token_resolve(kecamatan=kecamatan, token=token)
    document = [{"service_request_id": problem.kode, "token": token}]
    return documents.respond(document, fmt=fmt, root="service_requests")


# -- the staff page: API keys ---------------------------------------------------------------


@role_required("api_client.manage")
def client_list(request):
    kecamatan = selectors.kecamatan_choices(user=request.user)
    form = ClientForm(request.POST or None, kecamatan_queryset=kecamatan)
    if request.method == "POST" and form.is_valid():
        client = services.client_issue(
            user=request.user,
            nama=form.cleaned_data["nama"],
            kecamatan=form.cleaned_data["kecamatan"],
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        )
        if getattr(client, "kunci", ""):
            # Shown once, on the next page, then gone: only its hash is stored.
            request.session[NEW_KEY_SESSION] = {"pk": client.pk, "kunci": client.kunci}
        return redirect("open311:client-list")
    new_key = request.session.pop(NEW_KEY_SESSION, None)
    context = {
        "form": form,
        "page": Paginator(selectors.client_list(user=request.user), 50).get_page(
            request.GET.get("page")
        ),
        "new_key": new_key,
        "api_root": request.build_absolute_uri(
            reverse("open311:discovery", kwargs={"fmt": "json"})
        ),
    }
    return render(request, "open311/client_list.html", context)


@require_POST
@role_required("api_client.manage")
def client_revoke(request, pk):
    client = selectors.client_get(user=request.user, pk=pk)
    services.client_revoke(user=request.user, client=client)
    messages.success(request, _("The key of %(name)s was revoked.") % {"name": client.nama})
    return redirect("open311:client-list")
