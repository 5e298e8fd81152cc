"""End-to-end tests in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Locally, these tests skip with a printed reason when no Chromium is found. In CI
(CI=true) a missing browser is a failure: a skipped browser test must never look green.
"""

import io
import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connections

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
# the tests themselves (building data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        reason = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}: browser tests may not be skipped in CI.")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def phone_page(browser, live_server):
    """A page 360 px wide, like the cheap Android phone of an RT head."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=[360, 1366], ids=lambda width: f"{width}px")
def axe_page(request, browser, live_server):
    """A page at phone (360 px) and desktop (1366 px) width for the axe-core checks; the
    CSP is bypassed so that the test may inject axe."""
    context = browser.new_context(
        viewport={"width": request.param, "height": 740 if request.param < 1000 else 768},
        base_url=live_server.url,
        locale="id-ID",
        bypass_csp=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the rows its migrations made kept aside (serialised) even
    when no collected test asks for ``serialized_rollback``: ``reset_database`` puts them
    back."""
    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            if getattr(connection, "_test_serialized_contents", None) is None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def reset_database(*, restore_migrated_data: bool) -> None:
    """Empty every table as a transactional test's teardown does, and optionally put back
    the rows the migrations made (what ``serialized_rollback`` restores before a test)."""
    for alias in connections:
        connection = connections[alias]
        serialized = getattr(connection, "_test_serialized_contents", None)
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            inhibit_post_migrate=serialized is not None,
        )
        if restore_migrated_data and serialized is not None:
            connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture(scope="module")
def committed_module_db(django_db_setup, django_db_blocker):
    """One committed database for a whole module, emptied when the module ends.

    For modules whose tests only read a large data set (the demo): a transactional test
    would flush it after each test and load it again before the next, which cost a minute
    per test. A module using this overrides pytest-django's ``_live_server_helper`` with
    ``committed_live_server_helper`` below, so no test flushes on its own; its tests must
    not depend on each other's rows.
    """
    with django_db_blocker.unblock():
        reset_database(restore_migrated_data=True)
        yield
        reset_database(restore_migrated_data=False)


@pytest.fixture
def committed_live_server_helper(request, committed_module_db, django_db_blocker):
    """pytest-django's ``_live_server_helper`` without its per-test ``transactional_db``:
    the live server's settings for the test, and database access on committed data."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def committed_demo(committed_module_db, django_db_blocker):
    """The Pangkalbalam demo, loaded once for the module on its committed database."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def pangkalbalam():
    """A small kecamatan: 2 kelurahan x 2 RW x 3 RT (12 RT, numbered 1, 2, 13 in RW 1 and 12),
    and its administrator ``admin`` (password ``TEST_PASSWORD``)."""
    from sigoro.models import Role
    from tests.factories import (
        KecamatanFactory,
        KelurahanFactory,
        RTFactory,
        RWFactory,
        UserFactory,
    )

    kecamatan = KecamatanFactory(nama="Pangkalbalam")
    for nama in ("Ampui", "Lontong Pancur"):
        kelurahan = KelurahanFactory(kecamatan=kecamatan, nama=nama)
        for rw_nomor in (1, 12):
            rw = RWFactory(kelurahan=kelurahan, nomor=rw_nomor)
            for rt_nomor in (1, 2, 13):
                RTFactory(rw=rw, nomor=rt_nomor, jumlah_kk=1234, jumlah_jiwa=12345)
    UserFactory(username="admin", role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)
    return kecamatan
