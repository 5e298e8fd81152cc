"""The role x URL x foreign-area harness.

Every named URL of the project must be listed in ``ROUTES`` (a test fails when one is
missing). For each route and each role it asserts:

* a role that may open the page gets 200 on an object inside its area,
* a role that may not gets 403 (never 200, never a 404 that hides a role error),
* an anonymous visitor is sent to the login page (or gets the page when it is public),
* a role that may open the page gets 404 on the same kind of object just outside its area.

A new view is covered by adding one line to ``ROUTES``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from kegiatan.models import PlanStatus
from open311.selectors import token_for
from permasalahan.models import ProblemPhoto
from sigoro.models import Photo, Role
from sigoro.services import photo_create
from tests.conftest import ROLES
from tests.factories import UserFactory
from tests.kegiatan import factories as rencana
from tests.laporan import factories as dokumen
from tests.open311.factories import ApiClientFactory, jurisdiction_of
from tests.permasalahan.factories import (
    REPORTER_KEY,
    ProblemFactory,
    ResolvedProblemFactory,
    VerifiedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, upload
from tests.stakeholder import factories as stk


@pytest.fixture
def world(shared_world):
    """The world is built once for this module (tests/conftest.py: ``module_world``)."""
    return shared_world


A = Role.ADMIN_KECAMATAN
C = Role.CAMAT
L = Role.LURAH
RW = Role.KETUA_RW
RT = Role.KETUA_RT
S = Role.STAKEHOLDER
P = Role.PEMANTAU_KOTA  # the city monitor: read-only, a whole city
EVERYONE = frozenset(ROLES)
STAFF = frozenset({A, C, L, RW, RT})
# Pages that only read what every staff role reads: the city monitor reads them too.
READERS = STAFF | {P}
PUBLIC = "public"


def rt_user(rt):
    """An account living in ``rt`` (the object of the user pages)."""
    return {"pk": UserFactory(role=Role.KETUA_RT, rt=rt).pk}


@dataclass(frozen=True)
class Route:
    roles: frozenset | str
    # Build the URL kwargs for an object in the given RT; None for pages without an object.
    obj: Callable | None = None
    method: str = "get"
    ok: int = 200
    # POST data: a dict, or a function of the RT (for data that names other objects).
    data: dict | Callable | None = None
    # False for objects that belong to no area (shared categories): no foreign-area case.
    foreign: bool = True


def problem(factory=ProblemFactory):
    return lambda rt: {"kode": factory(rt=rt).kode}


def reporter_link(rt):
    problem = ResolvedProblemFactory(rt=rt, reporter_key=REPORTER_KEY)
    return {"kode": problem.kode, "kunci": REPORTER_KEY}


def photo_link(rt):
    problem = ProblemFactory(rt=rt)
    photo = Photo.objects.create(width=1, height=1, source_format="jpeg", sha256="0" * 64)
    return {
        "kode": problem.kode,
        "pk": ProblemPhoto.objects.create(problem=problem, photo=photo).pk,
    }


def duplicate_data(rt):
    return {"asli": ProblemFactory(rt=rt).kode}


def category_pk(rt):
    return {"pk": category().pk}


def public_photo(rt):
    """A public photo of a problem in the RT (private photos: tests/sigoro/test_photo_access)."""
    photo = photo_create(user=None, upload=upload(camera_jpeg(orientation=1)))
    ProblemPhoto.objects.create(problem=ProblemFactory(rt=rt), photo=photo)
    return {"uuid": photo.uuid, "rendition": "thumb"}


def jurisdiction(rt):
    """The Open311 query naming the RT's kecamatan (the test world holds two)."""
    return {"jurisdiction_id": jurisdiction_of(rt)}


def api_client_pk(rt):
    kecamatan = rt.kelurahan.kecamatan
    return {"pk": ApiClientFactory(kecamatan=kecamatan, key=f"sgr_{uuid.uuid4().hex}").pk}


def own_notification(rt):
    """A notification of the account the harness signed in last (a notification belongs to
    its recipient, not to an area: tests/notifikasi/test_views.py opens another user's)."""
    from notifikasi.models import Kind, Notifikasi
    from sigoro.models import User

    user = User.objects.order_by(F("last_login").desc(nulls_last=True), "pk").first()
    notification = Notifikasi.objects.create(
        recipient=user,
        kind=Kind.PLAN_APPROVED,
        title="Rencana Aksi disetujui",
        link="/",
        dedupe_key=f"harness:{uuid.uuid4().hex}",
    )
    return {"pk": notification.pk}


def open311(**kwargs):
    """URL kwargs of an Open311 endpoint, in JSON (tests/open311 covers XML)."""
    return lambda rt: {"fmt": "json", **{k: v(rt) for k, v in kwargs.items()}}


def staged_photo(rt):
    """A photo sent ahead of its form: the file and the browser's upload key."""
    return {"kunci": str(uuid.uuid4()), "foto": upload(camera_jpeg(orientation=1))}


ROUTES: dict[str, Route] = {
    "home": Route(EVERYONE),
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, method="post", ok=302),
    "password_change": Route(EVERYONE),
    "password_change_done": Route(EVERYONE),
    "account-sessions-end": Route(EVERYONE, method="post", ok=302),
    "healthz": Route(PUBLIC),
    # Notifications: every signed-in account has its own inbox and settings.
    "notifikasi:list": Route(EVERYONE),
    "notifikasi:open": Route(EVERYONE, obj=own_notification, ok=302, foreign=False),
    "notifikasi:mark-all-read": Route(EVERYONE, method="post", ok=302),
    "notifikasi:preferences": Route(EVERYONE),
    "service-worker": Route(PUBLIC),
    "web-manifest": Route(PUBLIC),
    "offline": Route(PUBLIC),
    "photo": Route(PUBLIC, obj=public_photo),
    "photo-upload": Route(frozenset({A, L, RW, RT}), method="post", ok=201, data=staged_photo),
    "region-list": Route(READERS),
    "area-options": Route(EVERYONE),
    "kelurahan-detail": Route(frozenset({A, C, L, P}), obj=lambda rt: {"pk": rt.kelurahan_id}),
    "rt-update": Route(frozenset({A, L, RW, RT}), obj=lambda rt: {"pk": rt.pk}),
    "user-list": Route(frozenset({A})),
    "user-create": Route(frozenset({A})),
    "user-update": Route(frozenset({A}), obj=rt_user),
    "user-unlock": Route(frozenset({A}), obj=rt_user, method="post", ok=302),
    "user-sessions-end": Route(frozenset({A}), obj=rt_user, method="post", ok=302),
    "audit-list": Route(frozenset({A, C})),
    "personal-data": Route(frozenset({A})),
    # Stage 1: public pages.
    # The report forms first redirect to their address with a one-time key (?kunci=).
    "permasalahan:report": Route(PUBLIC, ok=302),
    "permasalahan:report-similar": Route(PUBLIC),
    "permasalahan:report-rt-options": Route(PUBLIC),
    "permasalahan:track-lookup": Route(PUBLIC),
    "permasalahan:track": Route(PUBLIC, obj=problem()),
    "permasalahan:track-slip": Route(PUBLIC, obj=problem()),
    "permasalahan:track-confirm": Route(PUBLIC, obj=problem(), method="post", ok=302),
    # The reporter's actions need the private key, never the public code alone: refused.
    "permasalahan:track-reopen": Route(
        PUBLIC,
        obj=problem(ResolvedProblemFactory),
        method="post",
        ok=403,
        data={"catatan": "Sampahnya menumpuk lagi"},
    ),
    "permasalahan:track-rate": Route(
        PUBLIC,
        obj=problem(ResolvedProblemFactory),
        method="post",
        ok=403,
        data={"penilaian": "puas"},
    ),
    # The private link remembers the key in this browser, then shows the tracking page.
    "permasalahan:track-reporter": Route(PUBLIC, obj=reporter_link, ok=302),
    "permasalahan:public-map": Route(PUBLIC),
    "permasalahan:public-map-data": Route(PUBLIC),
    # Stage 1: staff pages.
    "permasalahan:problem-list": Route(READERS),
    "permasalahan:problem-create": Route(frozenset({A, L, RW, RT}), ok=302),
    "permasalahan:problem-map": Route(READERS),
    "permasalahan:problem-map-data": Route(READERS),
    "permasalahan:problem-detail": Route(READERS, obj=problem()),
    "permasalahan:problem-verify": Route(frozenset({A, L}), obj=problem(), method="post", ok=302),
    "permasalahan:problem-reject": Route(
        frozenset({A, L}),
        obj=problem(),
        method="post",
        ok=302,
        data={"catatan": "Bukan masalah kebersihan"},
    ),
    "permasalahan:problem-duplicate": Route(
        frozenset({A, L}), obj=problem(), method="post", ok=302, data=duplicate_data
    ),
    "permasalahan:problem-handle": Route(
        frozenset({A, L}), obj=problem(VerifiedProblemFactory), method="post", ok=302
    ),
    "permasalahan:problem-resolve": Route(
        frozenset({A, L}), obj=problem(VerifiedProblemFactory), method="post", ok=302
    ),
    "permasalahan:problem-note": Route(
        STAFF, obj=problem(), method="post", ok=302, data={"catatan": "Truk DLH datang Senin"}
    ),
    "permasalahan:problem-photo-visibility": Route(
        frozenset({A, L}), obj=photo_link, method="post", ok=302, data={"publik": ""}
    ),
    "permasalahan:needs-summary": Route(frozenset({A, C, L, P})),
    "permasalahan:category-list": Route(frozenset({A})),
    "permasalahan:category-create": Route(frozenset({A})),
    "permasalahan:category-update": Route(frozenset({A}), obj=category_pk, foreign=False),
    # Stage 3: Rencana Aksi, approval queue, calendar and feed, recurring schedules.
    "kegiatan:plan-list": Route(READERS | {S}),
    "kegiatan:plan-create": Route(frozenset({A, L, RT})),
    "kegiatan:plan-queue": Route(frozenset({A, C})),
    "kegiatan:plan-approve-many": Route(
        frozenset({A, C}), method="post", ok=302, data=rencana.approve_many_data
    ),
    "kegiatan:plan-calendar": Route(READERS | {S}),
    "kegiatan:plan-ics": Route(PUBLIC, obj=rencana.feed_kwargs),
    "kegiatan:plan-ics-kecamatan": Route(PUBLIC, obj=rencana.kecamatan_feed_kwargs),
    "kegiatan:plan-detail": Route(READERS | {S}, obj=rencana.plan_kwargs()),
    "kegiatan:plan-update": Route(frozenset({A, L}), obj=rencana.plan_kwargs()),
    "kegiatan:plan-submit": Route(
        frozenset({A, L}), obj=rencana.plan_kwargs(), method="post", ok=302
    ),
    "kegiatan:plan-approve": Route(
        frozenset({A, C}), obj=rencana.plan_kwargs(PlanStatus.DIAJUKAN), method="post", ok=302
    ),
    "kegiatan:plan-return": Route(
        frozenset({A, C}),
        obj=rencana.plan_kwargs(PlanStatus.DIAJUKAN),
        method="post",
        ok=302,
        data={"kembalikan-catatan": "Tambahkan titik kumpul RT 002"},
    ),
    "kegiatan:plan-done": Route(
        frozenset({A, L}),
        obj=rencana.plan_kwargs(PlanStatus.DISETUJUI, tanggal=rencana.timezone.localdate()),
        method="post",
        ok=302,
    ),
    "kegiatan:plan-cancel": Route(
        frozenset({A, L}),
        obj=rencana.plan_kwargs(PlanStatus.DISETUJUI),
        method="post",
        ok=302,
        data={"batal-catatan": "Hujan deras sejak pagi"},
    ),
    "kegiatan:plan-request-support": Route(frozenset({A, L}), obj=rencana.plan_kwargs()),
    # Stage 4: the execution day.
    "kegiatan:execution-open": Route(frozenset({A, L}), obj=rencana.today_plan_kwargs),
    "kegiatan:execution-not-held": Route(frozenset({A, L}), obj=rencana.today_plan_kwargs),
    "kegiatan:attendance-record": Route(frozenset({A, L, RW, RT}), obj=rencana.attendance_kwargs),
    "kegiatan:execution-results": Route(frozenset({A, L, RW, RT}), obj=rencana.execution_kwargs),
    "kegiatan:execution-services": Route(frozenset({A, L, RW, RT}), obj=rencana.execution_kwargs),
    "kegiatan:execution-kendala": Route(frozenset({A, L, RW, RT}), obj=rencana.execution_kwargs),
    "kegiatan:execution-problems": Route(
        frozenset({A, L, RW, RT}), obj=rencana.execution_problem_kwargs
    ),
    "kegiatan:execution-problem-found": Route(
        frozenset({A, L, RW, RT}), obj=rencana.execution_kwargs
    ),
    "kegiatan:execution-support": Route(frozenset({A, L}), obj=rencana.execution_pledge_kwargs),
    "kegiatan:execution-swadaya": Route(frozenset({A, L}), obj=rencana.execution_kwargs),
    # A row recorded by nobody of the world: only the lurah or admin may change it.
    "kegiatan:execution-row-update": Route(frozenset({A, L}), obj=rencana.execution_row_kwargs),
    "kegiatan:execution-row-delete": Route(
        frozenset({A, L}), obj=rencana.execution_row_kwargs, method="post", ok=302
    ),
    "kegiatan:documentation-add": Route(frozenset({A, L, RW, RT}), obj=rencana.execution_kwargs),
    "kegiatan:documentation-delete": Route(
        frozenset({A, L, RW, RT}), obj=rencana.documentation_kwargs
    ),
    "kegiatan:documentation-public": Route(
        frozenset({A, L}),
        obj=rencana.documentation_kwargs,
        method="post",
        ok=302,
        data={"publik": "0"},
    ),
    "kegiatan:series-list": Route(READERS),
    "kegiatan:series-create": Route(frozenset({A, L})),
    "kegiatan:series-detail": Route(READERS, obj=rencana.series_kwargs),
    "kegiatan:series-update": Route(frozenset({A, L}), obj=rencana.series_kwargs),
    "kegiatan:series-generate": Route(
        frozenset({A, L}), obj=rencana.series_kwargs, method="post", ok=302
    ),
    "kegiatan:series-skip": Route(
        frozenset({A, L}), obj=rencana.series_kwargs, method="post", ok=302, data=rencana.skip_data
    ),
    "kegiatan:series-submit": Route(
        frozenset({A, L}), obj=rencana.series_kwargs, method="post", ok=302
    ),
    "kegiatan:public-schedule-index": Route(PUBLIC),
    "kegiatan:public-schedule": Route(PUBLIC, obj=rencana.kelurahan_kwargs),
    "kegiatan:public-schedule-ics": Route(PUBLIC, obj=rencana.kelurahan_kwargs),
    "kegiatan:public-event": Route(PUBLIC, obj=rencana.public_event_kwargs),
    # The Open311 GeoReport v2 API (public) and its API keys (the admin kecamatan).
    "open311:discovery": Route(PUBLIC, obj=open311()),
    "open311:services": Route(PUBLIC, obj=open311(), data=jurisdiction),
    "open311:service-definition": Route(
        PUBLIC, obj=open311(code=lambda rt: "sampah"), data=jurisdiction
    ),
    "open311:requests": Route(PUBLIC, obj=open311(), data=jurisdiction),
    "open311:request-detail": Route(
        PUBLIC, obj=open311(kode=lambda rt: ProblemFactory(rt=rt).kode), data=jurisdiction
    ),
    "open311:token-detail": Route(
        PUBLIC,
        obj=open311(token=lambda rt: token_for(ProblemFactory(rt=rt))),
        data=jurisdiction,
    ),
    "open311:client-list": Route(frozenset({A})),
    "open311:client-revoke": Route(frozenset({A}), obj=api_client_pk, method="post", ok=302),
    # Stage 2: stakeholders, requests, pledges, swadaya.
    "stakeholder:stakeholder-list": Route(frozenset({A, C, L, P})),
    "stakeholder:stakeholder-create": Route(frozenset({A})),
    "stakeholder:stakeholder-detail": Route(frozenset({A, C, L, S, P}), obj=stk.stakeholder_kwargs),
    "stakeholder:stakeholder-update": Route(frozenset({A}), obj=stk.stakeholder_kwargs),
    "stakeholder:stakeholder-account": Route(frozenset({A}), obj=stk.stakeholder_kwargs),
    "stakeholder:request-list": Route(frozenset({A, C, L, S, P})),
    "stakeholder:request-create": Route(frozenset({A, L})),
    "stakeholder:request-detail": Route(frozenset({A, C, L, S, P}), obj=stk.request_kwargs),
    "stakeholder:request-update": Route(frozenset({A, L}), obj=stk.request_kwargs),
    "stakeholder:recipient-letter": Route(frozenset({A, C, L, S, P}), obj=stk.recipient_kwargs),
    "stakeholder:recipient-answer": Route(frozenset({A, L, S}), obj=stk.recipient_kwargs),
    "stakeholder:delivery-create": Route(frozenset({A, L}), obj=stk.pledge_kwargs),
    "stakeholder:summary": Route(frozenset({A, C, L, P})),
    "stakeholder:swadaya-list": Route(READERS),
    "stakeholder:swadaya-create": Route(frozenset({A, L, RW, RT})),
    "stakeholder:swadaya-update": Route(frozenset({A, L, RW, RT}), obj=stk.swadaya_kwargs),
    # Stage 5: monitoring (the figures of the user's own area; the selectors' tests check
    # what each area counts).
    "laporan:dashboard": Route(READERS),
    "laporan:plan-vs-actual": Route(READERS),
    "laporan:kendala": Route(READERS),
    # Stage 5: the SIGORO index (laporan/indeks).
    "laporan:index": Route(READERS),
    "laporan:ranking": Route(READERS),
    "laporan:index-method": Route(READERS),
    "laporan:index-config": Route(frozenset({A})),
    "laporan:index-detail": Route(READERS, obj=lambda rt: {"level": "rt", "pk": rt.pk}),
    # Stage 6: generated documents, exports and the public verification.
    # The city monitor reads its city's documents (monthly reports, berita acara) too.
    "laporan:document-list": Route(frozenset({A, C, L, P})),
    "laporan:document-detail": Route(frozenset({A, C, L, P}), obj=dokumen.document_kwargs),
    "laporan:document-progress": Route(frozenset({A, C, L, P}), obj=dokumen.document_kwargs),
    "laporan:document-download": Route(frozenset({A, C, L, P}), obj=dokumen.document_kwargs),
    "laporan:document-signed-copy": Route(
        frozenset({A, C, L, P}), obj=dokumen.signed_document_kwargs
    ),
    "laporan:monthly-report-create": Route(
        frozenset({A, C, L}), method="post", ok=302, data=dokumen.monthly_report_data
    ),
    "laporan:document-retry": Route(
        frozenset({A, C, L}), obj=dokumen.failed_document_kwargs, method="post", ok=302
    ),
    "laporan:document-attach-copy": Route(
        frozenset({A, C, L}),
        obj=dokumen.document_kwargs,
        method="post",
        ok=302,
        data=dokumen.signed_copy_data,
    ),
    "laporan:berita-acara-create": Route(
        frozenset({A, C, L}), obj=dokumen.berita_acara_kwargs, method="post", ok=302
    ),
    "laporan:export-index": Route(frozenset({A, C, L})),
    "laporan:letterhead-update": Route(frozenset({A})),
    "laporan:export": Route(frozenset({A, C, L}), obj=dokumen.export_kwargs, foreign=False),
    "verification-lookup": Route(PUBLIC),
    "verification": Route(PUBLIC, obj=dokumen.verification_kwargs),
}

# Not SIGORO pages: Django's admin site is for system administrators (superusers) only.
EXCLUDED_NAMESPACES = {"admin"}


def named_urls() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                if ns in EXCLUDED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_named_url_is_in_the_harness():
    missing = named_urls() - set(ROUTES)
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


def test_the_harness_lists_no_url_that_does_not_exist():
    assert set(ROUTES) <= named_urls()


def _url(name, route, rt):
    return reverse(name, kwargs=route.obj(rt) if route.obj else None)


def _request(client, route, url, rt=None):
    data = route.data(rt) if callable(route.data) else route.data
    return getattr(client, route.method)(url, data or {})


CASES = [(name, role) for name in sorted(ROUTES) for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_on_own_area(client, world, name, role):
    route = ROUTES[name]
    client.force_login(world.users[role])
    response = _request(client, route, _url(name, route, world.home_rt), world.home_rt)
    allowed = route.roles == PUBLIC or role in route.roles
    expected = route.ok if allowed else 403
    if route.roles == PUBLIC and name == "login":
        expected = 302  # a signed-in user is sent on to the home page
    assert response.status_code == expected, f"{role} on {name}"


FOREIGN_CASES = [
    (name, role)
    for name, route in sorted(ROUTES.items())
    if route.obj and route.roles != PUBLIC and route.foreign
    for role in sorted(route.roles)
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role"), FOREIGN_CASES, ids=[f"{n}-{r}" for n, r in FOREIGN_CASES]
)
def test_role_on_another_area_gets_404(client, world, name, role):
    route = ROUTES[name]
    client.force_login(world.users[role])
    foreign = world.foreign_rt[role]
    # The POST data names objects in the user's own area: only the target is foreign.
    response = _request(client, route, _url(name, route, foreign), world.home_rt)
    assert response.status_code == 404, f"{role} opened another area's {name}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous(client, world, name):
    route = ROUTES[name]
    url = _url(name, route, world.home_rt)
    response = _request(client, route, url, world.home_rt)
    if route.roles == PUBLIC:
        assert response.status_code == route.ok
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.roles != PUBLIC))
def test_user_without_area_sees_nothing(client, world, name):
    """Fail closed: a role without its area gets neither pages nor objects."""
    route = ROUTES[name]
    lost = UserFactory(role=Role.LURAH, kelurahan=None)
    client.force_login(lost)
    url = _url(name, route, world.home_rt)
    response = _request(client, route, url, world.home_rt)
    # Pages every role may open without a permission (home); a permission all roles hold
    # (seeing plans) still needs an area.
    if route.roles == EVERYONE and not hasattr(resolve(url).func, "required_action"):
        assert response.status_code == route.ok
    else:
        assert response.status_code in (403, 404)
