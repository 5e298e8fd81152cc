"""Fuzz every view: random values into every form field and query parameter, never a 500.

The views come from the URL resolver through the role harness's ``ROUTES`` (which fails
when a named URL is missing), so a new view is fuzzed without touching this file. For each
route the test signs in as a role that may use it (anonymous for public pages) and finds
what the view reads:

* the fields of every form on the page (``<input>``, ``<select>``, ``<textarea>``), posted
  or sent as a query string the way the form's method says, starting from the values the
  page itself fills in, so one bad field reaches the checks behind the others;
* the query parameters its source reads (``request.GET.get("x")``), plus the tables' own
  paging and sorting parameters;
* for a POST-only action, the form that posts to it on the page one level up (the problem
  or plan page), or the harness's own POST data.

Each hypothesis example then replaces some of those values with hostile ones (unicode, NUL,
very long text, numbers far out of range, dates far past and future, malformed ids, lists,
empty) and asserts the answer is a 2xx, 3xx or 4xx, never a 5xx.

``FUZZ_EXAMPLES`` (default 8) sets the examples per route for a deeper local run.
"""

import datetime
import inspect
import os
import re
import traceback
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sigoro.models import Role
from sigoro.tables import TABLE_PARAMETERS
from tests.test_url_access import PUBLIC, ROUTES, _url, named_urls


@pytest.fixture
def world(shared_world):
    """The world is built once for this module (tests/conftest.py: ``module_world``)."""
    return shared_world


EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

# The role that fuzzes a staff page: the widest one allowed to use it.
ROLE_PREFERENCE = [
    Role.ADMIN_KECAMATAN,
    Role.LURAH,
    Role.CAMAT,
    Role.KETUA_RW,
    Role.KETUA_RT,
    Role.STAKEHOLDER,
    Role.PEMANTAU_KOTA,
]

# Fields the fuzz leaves alone: the CSRF token (the test client does not check it anyway).
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}

GET_PARAMETER = re.compile(r"""GET\.get(?:list)?\(\s*["']([\w-]+)["']|GET\[\s*["']([\w-]+)["']""")

HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1.5",
    "1,5",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "99999999999999999999999",
    "-99999999999999999999999",
    "9223372036854775808",
    "2147483648",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2024-02-30",
    "10000-01-01",
    "31/12/9999",
    "25:61",
    "99:99",
    "a/b",
    "../..",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "٣٤",
    "①",
    "x" * 5000,
    "Rp 999.999.999.999.999.999",
    "+62 812-3456-7890",
    "on",
    "true",
    "2025-W60",
]


def hostile_value():
    """One hostile value for a field: a string, or a list of them (a repeated field)."""
    single = st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.text(max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
            datetime.date.isoformat
        ),
    )
    return st.one_of(single, st.lists(single, min_size=0, max_size=3))


class FormParser(HTMLParser):
    """Collect every form of a page: method, action and its fields with their values."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "formactions": [],
                    "fields": {},
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if attrs.get("formaction"):
            # One form, several submit buttons, each posting to its own action.
            self.forms[-1]["formactions"].append(attrs["formaction"])
        name = attrs.get("name")
        if tag == "input" and name and name not in SKIPPED_FIELDS:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            value = attrs.get("value") or ""
            if kind in ("checkbox", "radio"):
                current = fields.setdefault(name, [])
                if "checked" in attrs:
                    current.append(value or "on")
            else:
                fields[name] = [value]
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] = [data]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def _query_parameters(url: str) -> set[str]:
    """The query parameters the view's source reads, and the tables' own ones."""
    func = inspect.unwrap(resolve(urlsplit(url).path).func)
    view = getattr(func, "view_class", None) or func
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        source = ""
    names = {a or b for a, b in GET_PARAMETER.findall(source)}
    return names | set(TABLE_PARAMETERS)


def _targets(client, url: str, route, rt) -> list[tuple[str, str, dict]]:
    """Return (method, address, baseline fields) for every input the route takes."""
    targets = []
    path = urlsplit(url).path
    if route.method == "get":
        page = client.get(url, follow=True)
        if page.redirect_chain:
            url = page.redirect_chain[-1][0]
            path = urlsplit(url).path
        html = page.content.decode() if page.status_code == 200 and not page.streaming else ""
        forms = _forms(html)
        query = {parameter: [""] for parameter in _query_parameters(url)}
        for form in forms:
            action = form["action"]
            if action and urlsplit(action).path != path:
                continue  # a form of the page's frame (the sign-out button): its own route
            if form["method"] == "post":
                targets.append(("post", action or url, form["fields"]))
            else:
                query.update(form["fields"])
        targets.append(("get", path, query))
    else:
        fields = {}
        # Data built in an RT (a submitted plan) also puts its form on the page one level up.
        data = route.data(rt) if callable(route.data) else route.data
        for key, value in (data or {}).items():
            fields[key] = value if isinstance(value, list) else [value]
        parent = path.rstrip("/").rsplit("/", 1)[0] + "/"
        page = client.get(parent)
        if page.status_code == 200:
            for form in _forms(page.content.decode()):
                actions = [form["action"], *form["formactions"]]
                if form["method"] == "post" and path in {urlsplit(a).path for a in actions}:
                    fields.update(form["fields"])
        targets.append(("post", path, fields))
    return targets


# Actions that take no input at all: a button alone (or the confirm form of the similar-problems
# hint, only on the report form). Any other POST target must show the fuzz some fields, or
# the discovery above missed its form.
NO_INPUT = {
    "logout",
    "account-sessions-end",
    "notifikasi:mark-all-read",
    "user-sessions-end",
    "user-unlock",
    "kegiatan:series-generate",
    "kegiatan:documentation-delete",
    "kegiatan:series-submit",
    "kegiatan:execution-row-delete",
    "permasalahan:track-confirm",
    "open311:client-revoke",
    "laporan:berita-acara-create",
    "laporan:document-retry",
    # Its only input is a file to hash; a hostile file is just another hash.
    "verification",
}


def fuzz_role(route):
    """The role that fuzzes the route: None for a public page (an anonymous visitor)."""
    if route.roles == PUBLIC:
        return None
    return next(role for role in ROLE_PREFERENCE if role in route.roles)


def test_every_named_url_is_fuzzed():
    """A new view is fuzzed from ROUTES: the role harness fails when one is missing."""
    assert named_urls() <= set(FUZZED), sorted(named_urls() - set(FUZZED))


FUZZED = sorted(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FUZZED)
def test_no_server_error_on_hostile_input(client, world, name, record_property):
    route = ROUTES[name]
    role = fuzz_role(route)
    if role is not None:
        client.force_login(world.users[role])
    url = _url(name, route, world.home_rt)
    targets = _targets(client, url, route, world.home_rt)
    blind = [address for method, address, fields in targets if method == "post" and not fields]
    assert not blind or name in NO_INPUT, f"No form found for POST {blind}: add it to NO_INPUT?"
    client.raise_request_exception = False
    tally = {"requests": 0, "bad": 0, "500s": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # No shrinking: it replays a failure hundreds of times; the failure shows unshrunk.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        method, address, baseline = data.draw(st.sampled_from(targets), label="target")
        values = {}
        bad = 0
        for field, value in baseline.items():
            if data.draw(st.booleans(), label=f"fuzz {field}"):
                hostile = data.draw(hostile_value(), label=field)
                values[field] = hostile
                bad += 1
            else:
                values[field] = value
        cache.clear()  # rate limits would answer 429 before the view reads anything
        if role is not None:
            client.force_login(world.users[role])  # an example may have signed out
        try:
            response = getattr(client, method)(address, values)
        except Exception:  # noqa: BLE001 - the test client re-raised a view's exception
            pytest.fail(f"{method.upper()} {address} {values!r}\n{traceback.format_exc()}")
        tally["requests"] += 1
        tally["bad"] += bad
        if response.status_code >= 500:
            tally["500s"] += 1
            cause = "".join(traceback.format_exception(*response.exc_info[:3]))
            pytest.fail(
                f"{response.status_code} on {method.upper()} {address} with {values!r}\n{cause}"
            )

    try:
        fuzz()
    finally:
        record_property("fuzz_requests", tally["requests"])
        record_property("fuzz_bad_inputs", tally["bad"])
        record_property("fuzz_500s", tally["500s"])


def test_targets_find_the_report_form(client, world):
    """The discovery reads real forms: the public report form's fields are all found."""
    route = ROUTES["permasalahan:report"]
    targets = _targets(
        client, _url("permasalahan:report", route, world.home_rt), route, world.home_rt
    )
    posts = [fields for method, _, fields in targets if method == "post"]
    assert posts, targets
    assert {"kategori", "rt", "lat", "lon", "deskripsi"} <= set(posts[0])
