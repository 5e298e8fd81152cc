"""Reads of the Open311 API: jurisdictions, services, requests, tokens and API clients.

Problems are read only through ``permasalahan.selectors`` (public fields only). The query
parameters of GET requests are checked here, with the spec's rules: ``service_request_id``
overrides every other filter, a start_date..end_date window is at most
``OPEN311_MAX_DAYS`` days and defaults to the last ``OPEN311_MAX_DAYS`` days.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from open311.errors import Open311Error
from open311.models import ApiClient
from permasalahan import selectors as problem_selectors
from permasalahan.models import OPEN_STATUSES, Problem, ProblemCategory, Status
from sigoro import access
from sigoro.models import Kecamatan

CLOSED_STATUSES = [status for status in Status if status not in OPEN_STATUSES]
STATUS_FILTERS = {"open": list(OPEN_STATUSES), "closed": CLOSED_STATUSES}
TOKEN_SALT = "open311.token"
MAX_PAGE = 100_000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
CODE = re.compile(r"^[A-Za-z0-9-]{1,20}$")


# -- jurisdictions ----------------------------------------------------------------------------


def jurisdiction_id(kecamatan: Kecamatan) -> str:
    """The kecamatan's jurisdiction_id: its official code (e.g. "19.71.04"), or its name as
    a slug when it has none."""
    return kecamatan.kode.strip() or slugify(kecamatan.nama)


def jurisdiction_get(raw: str | None) -> Kecamatan:
    """The kecamatan a request names. A deployment holding one kecamatan does not need the
    parameter; one holding several needs it (400 without it, 404 for an unknown one)."""
    raw = (raw or "").strip()
    kecamatan = list(Kecamatan.objects.order_by("nama", "pk"))
    if raw:
        for candidate in kecamatan:
            if jurisdiction_id(candidate) == raw:
                return candidate
        raise Open311Error(404, _("jurisdiction_id %(id)s was not found.") % {"id": raw[:50]})
    if len(kecamatan) == 1:
        return kecamatan[0]
    if not kecamatan:
        raise Open311Error(404, _("This server holds no kecamatan yet."))
    raise Open311Error(
        400,
        _("jurisdiction_id is required; this server holds: %(ids)s.")
        % {"ids": ", ".join(jurisdiction_id(k) for k in kecamatan)},
    )


# -- services -----------------------------------------------------------------------------------


def service_list() -> list[ProblemCategory]:
    """The services: the problem categories a report may be filed under now."""
    return list(problem_selectors.categories().order_by("urutan", "nama"))


def service_get(code: str) -> ProblemCategory:
    category = problem_selectors.categories().filter(slug=code).first()
    if category is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code[:50]})
    return category


def rt_choices(kecamatan: Kecamatan) -> list[tuple[str, str]]:
    """(key, name) of every RT of the kecamatan: the values of the ``rt`` attribute."""
    rts = problem_selectors.public_rt_choices().filter(kelurahan__kecamatan=kecamatan)
    return [
        (str(rt.pk), f"{rt.kelurahan} · RW {rt.rw.nomor:03d} · RT {rt.nomor:03d}") for rt in rts
    ]


def service_attributes(kecamatan: Kecamatan) -> list[dict]:
    """The attributes of every service (a service definition): the RT of the problem."""
    return [
        {
            "variable": True,
            "code": "rt",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _(
                "The RT of the problem. Send it as attribute[rt]; it may be left out when "
                "lat and long lie within 1.5 km of an RT."
            ),
            "order": 1,
            "description": _("RT (neighbourhood unit)"),
            "values": [{"key": key, "name": name} for key, name in rt_choices(kecamatan)],
        }
    ]


# -- requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestQuery:
    """The checked filters of GET requests."""

    kodes: list[str] | None = None
    service_codes: list[str] | None = None
    statuses: list[str] | None = None
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    page: int = 1


def _listed(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _moment(raw: str, name: str) -> datetime.datetime:
    """A W3C datetime ("2026-11-01T00:00:00Z", "2026-11-01T07:00:00+07:00") or a date
    (midnight, local time); naive times are local."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s is not a date and time like 2026-11-01T00:00:00+07:00.") % {"name": name},
        )
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        # Far dates cannot be converted to the database's UTC (year 1 at +07:00 is year 0).
        raise Open311Error(400, _("start_date or end_date is out of range."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def request_query(
    *,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
    page: str | None = None,
    now: datetime.datetime | None = None,
) -> RequestQuery:
    """Check the GET requests parameters (each may be comma separated); raise
    Open311Error(400) with what is wrong."""
    page_number = _page(page)
    kodes = _listed(service_request_id)
    if kodes:
        if len(kodes) > settings.OPEN311_MAX_REQUESTS:
            raise Open311Error(
                400,
                _("At most %(n)d service_request_id at once.")
                % {"n": settings.OPEN311_MAX_REQUESTS},
            )
        # The spec: a list of ids overrides all other arguments.
        return RequestQuery(kodes=[k for k in kodes if CODE.match(k)], page=page_number)
    service_codes = _listed(service_code) or None
    if service_codes:
        known = {category.slug for category in service_list()}
        unknown = [code for code in service_codes if code not in known]
        if unknown:
            raise Open311Error(
                400,
                *(
                    _("service_code %(code)s was not found.") % {"code": code[:50]}
                    for code in unknown
                ),
            )
    statuses = None
    if _listed(status):
        wanted = _listed(status)
        bad = [value for value in wanted if value not in STATUS_FILTERS]
        if bad:
            raise Open311Error(400, _("status must be open or closed (comma separated)."))
        statuses = sorted({s for value in wanted for s in STATUS_FILTERS[value]})
    start, end = _window(start_date, end_date, now=now)
    return RequestQuery(
        service_codes=service_codes, statuses=statuses, start=start, end=end, page=page_number
    )


def _page(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Open311Error(
            400, _("page must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE}
        )
    return int(raw)


def _window(start_date, end_date, *, now=None) -> tuple[datetime.datetime, datetime.datetime]:
    """The requested_datetime window: both ends given, one end and the longest window, or
    the last ``OPEN311_MAX_DAYS`` days."""
    days = settings.OPEN311_MAX_DAYS
    span = datetime.timedelta(days=days)
    start = _moment(start_date, "start_date") if start_date else None
    end = _moment(end_date, "end_date") if end_date else None
    try:
        if start is None and end is None:
            end = now or timezone.now()
            start = end - span
        elif start is None:
            start = end - span
        elif end is None:
            end = start + span
    except OverflowError:
        raise Open311Error(400, _("start_date or end_date is out of range.")) from None
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > span:
        raise Open311Error(
            400,
            _("start_date and end_date may be at most %(days)d days apart.") % {"days": days},
        )
    return start, end


def request_list(*, kecamatan: Kecamatan, query: RequestQuery) -> list[Problem]:
    """One page (``OPEN311_MAX_REQUESTS`` at most) of the kecamatan's public problems, newest
    first: four queries whatever the page holds."""
    size = settings.OPEN311_MAX_REQUESTS
    problems = problem_selectors.public_problems(
        kecamatan_id=kecamatan.pk,
        kodes=query.kodes,
        kategori_slugs=query.service_codes,
        statuses=query.statuses,
        reported_from=query.start,
        reported_until=query.end,
    )
    offset = (query.page - 1) * size
    return list(problems[offset : offset + size])


def request_get(*, kecamatan: Kecamatan, kode: str) -> Problem:
    """One problem by its tracking code, in any status (as on the tracking page), or 404."""
    found = (
        problem_selectors.public_problems(kecamatan_id=kecamatan.pk, kodes=[kode])
        if CODE.match(kode)
        else []
    )
    if not found:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": kode[:50]})
    return found[0]


# -- tokens -----------------------------------------------------------------------------------


def token_for(problem: Problem) -> str:
    """The token a POST answers: signed, so only this server's answers resolve."""
    return signing.Signer(salt=TOKEN_SALT).sign(problem.kode)


def token_resolve(*, kecamatan: Kecamatan, token: str) -> Problem:
    """The problem a token was given for (in this jurisdiction), or 404."""
    try:
        kode = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        raise Open311Error(404, _("This token was not found.")) from None
    try:
        return request_get(kecamatan=kecamatan, kode=kode)
    except Open311Error:
        raise Open311Error(404, _("This token was not found.")) from None


# -- API clients ------------------------------------------------------------------------------


def api_key_hash(key: str) -> str:
    """The stored form of an API key (a random key needs no slow hash)."""
    return hashlib.sha256(key.encode()).hexdigest()


def client_for_key(key: str | None) -> ApiClient | None:
    """The active client holding ``key``, or None (missing, unknown or revoked)."""
    if not key or len(key) > 200:
        return None
    return (
        ApiClient.objects.filter(kunci_hash=api_key_hash(key), aktif=True)
        .select_related("kecamatan")
        .first()
    )


def client_list(*, user):
    """The API clients of the user's kecamatan (the admin kecamatan's page)."""
    access.require_perm(user, "api_client.manage")
    return access.scope_queryset(ApiClient.objects.select_related("kecamatan"), user).order_by(
        "-aktif", "nama", "pk"
    )


def client_get(*, user, pk: int) -> ApiClient:
    access.require_perm(user, "api_client.manage")
    return access.get_or_404(ApiClient.objects.all(), user, pk=pk)


def kecamatan_choices(*, user):
    """The kecamatan the user may issue keys for."""
    return access.scope_queryset(Kecamatan.objects.order_by("nama"), user)
