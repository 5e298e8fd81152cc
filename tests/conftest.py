"""Shared fixtures: a two-kecamatan world with one user per role, and helpers."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction

from sigoro.models import RT, Role, User
from stakeholder.services import stakeholder_contact_link
from tests.factories import (
    KecamatanFactory,
    KelurahanFactory,
    KotaFactory,
    RTFactory,
    RWFactory,
    UserFactory,
)
from tests.stakeholder.factories import StakeholderFactory

ROLES = [
    Role.ADMIN_KECAMATAN,
    Role.CAMAT,
    Role.LURAH,
    Role.KETUA_RW,
    Role.KETUA_RT,
    Role.STAKEHOLDER,
    Role.PEMANTAU_KOTA,
]


def pytest_configure(config):
    """Test settings: static files unhashed (no collectstatic needed), fast hashing, http."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The models may have looked up a storage already (sigoro.storage.public_storage):
    # tell the storage handler the setting changed, as override_settings would.
    import django.test.signals  # noqa: F401 - connects the storages' receiver
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=True)
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Real hashing costs ~0.3 s per password; tests create hundreds of accounts.
    # Live-server threads must not keep connections open past a test (PostgreSQL cannot
    # drop a test database that is still in use).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG unset, which production reads as "HTTPS on". The test client and
    # the browser tests' live server speak plain http: no redirect to https, no HSTS, cookies
    # sent over http. tests/sigoro/test_settings.py checks the production defaults.
    settings.HTTPS = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    settings.SECURE_HSTS_PRELOAD = False


@dataclass
class World:
    """Kecamatan A (kelurahan A1 with RW 1 and RW 2, kelurahan A2) in Kota Pangkal Pinang,
    and kecamatan B in another city (Kabupaten Bangka).

    ``home_rt`` (RT 1 / RW 1 / A1) lies inside every user's area. ``foreign_rt[role]`` lies
    just outside that role's area: the sibling RT for an RT head, an RT of another RW for an
    RW head, another kelurahan for a lurah, another kecamatan for kecamatan roles, another
    city for the city monitor (pemantau kota).
    """

    home_rt: RT
    users: dict = field(default_factory=dict)
    foreign_rt: dict = field(default_factory=dict)
    other_kecamatan_rt: RT | None = None

    def refreshed(self) -> "World":
        """The same world read again from the database: fresh instances for one test."""
        rts = RT.objects.in_bulk(
            [
                self.home_rt.pk,
                self.other_kecamatan_rt.pk,
                *(rt.pk for rt in self.foreign_rt.values()),
            ]
        )
        users = User.objects.in_bulk([user.pk for user in self.users.values()])
        return World(
            home_rt=rts[self.home_rt.pk],
            users={role: users[user.pk] for role, user in self.users.items()},
            foreign_rt={role: rts[rt.pk] for role, rt in self.foreign_rt.items()},
            other_kecamatan_rt=rts[self.other_kecamatan_rt.pk],
        )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world built once for a whole module, inside a transaction rolled back after its
    last test; each test runs in a savepoint within it (the ``db`` fixture), so it sees the
    world as built and leaves nothing behind. For modules of many small tests (the
    role x URL harnesses), where building the world took as long as the test itself; a
    module using it must not hold transactional (live server) tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def shared_world(module_world, db):
    """The module's world (``module_world``) as fresh instances for this test."""
    return module_world.refreshed()


def build_world() -> World:
    kota_a = KotaFactory(nama="Kota Pangkal Pinang")
    # Kecamatan B in another city: the city monitor's "just outside" is a real city border.
    kec_a = KecamatanFactory(nama="Pangkalbalam", kota=kota_a)
    kec_b = KecamatanFactory(nama="Gerunggang", kota=KotaFactory(nama="Kabupaten Bangka"))
    kel_a1 = KelurahanFactory(kecamatan=kec_a, nama="Ampui")
    kel_a2 = KelurahanFactory(kecamatan=kec_a, nama="Ketapang")
    kel_b1 = KelurahanFactory(kecamatan=kec_b, nama="Bukit Sari")
    rw1 = RWFactory(kelurahan=kel_a1, nomor=1)
    rw2 = RWFactory(kelurahan=kel_a1, nomor=2)
    rw_a2 = RWFactory(kelurahan=kel_a2, nomor=1)
    rw_b = RWFactory(kelurahan=kel_b1, nomor=1)
    home_rt = RTFactory(rw=rw1, nomor=1)
    sibling_rt = RTFactory(rw=rw1, nomor=2)
    other_rw_rt = RTFactory(rw=rw2, nomor=1)
    other_kel_rt = RTFactory(rw=rw_a2, nomor=1)
    other_kec_rt = RTFactory(rw=rw_b, nomor=1)
    users = {
        Role.ADMIN_KECAMATAN: UserFactory(
            username="admin", role=Role.ADMIN_KECAMATAN, kecamatan=kec_a
        ),
        Role.CAMAT: UserFactory(username="camat", role=Role.CAMAT, kecamatan=kec_a),
        Role.LURAH: UserFactory(username="lurah", role=Role.LURAH, kelurahan=kel_a1),
        Role.KETUA_RW: UserFactory(username="ketuarw", role=Role.KETUA_RW, rw=rw1),
        Role.KETUA_RT: UserFactory(username="ketuart", role=Role.KETUA_RT, rt=home_rt),
        Role.STAKEHOLDER: UserFactory(username="mitra", role=Role.STAKEHOLDER, kecamatan=kec_a),
        Role.PEMANTAU_KOTA: UserFactory(username="pemantau", role=Role.PEMANTAU_KOTA, kota=kota_a),
    }
    # The contact account answers for a stakeholder that serves kelurahan A1 only.
    mitra = users[Role.STAKEHOLDER]
    stakeholder_contact_link(
        account=mitra,
        stakeholder=StakeholderFactory(
            kecamatan=kec_a, nama="Koramil Pangkalbalam", kelurahan=[kel_a1]
        ),
    )
    foreign = {
        Role.ADMIN_KECAMATAN: other_kec_rt,
        Role.CAMAT: other_kec_rt,
        Role.LURAH: other_kel_rt,
        Role.KETUA_RW: other_rw_rt,
        Role.KETUA_RT: sibling_rt,
        Role.STAKEHOLDER: other_kec_rt,
        Role.PEMANTAU_KOTA: other_kec_rt,
    }
    return World(home_rt=home_rt, users=users, foreign_rt=foreign, other_kecamatan_rt=other_kec_rt)


@pytest.fixture(scope="session", autouse=True)
def keep_serialized_db_contents(django_db_setup):
    """Browser tests flush the database; ``serialized_rollback`` then restores the migrated
    rows (categories, activity types) from a snapshot Django keeps on the connection object.
    That object can be replaced between tests, losing the snapshot: copy it onto new ones."""
    from django.db import connections

    snapshot = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    handler = type(connections)
    original = handler.create_connection

    def create_connection(self, alias):
        connection = original(self, alias)
        if alias in snapshot:
            connection._test_serialized_contents = snapshot[alias]
        return connection

    handler.create_connection = create_connection
    yield
    handler.create_connection = original


@pytest.fixture(autouse=True)
def fresh_rate_limits(django_db_blocker):
    """Rate-limit counters live in the cache: each test starts with none.

    The cache is a database table (shared by all workers): clearing it needs the database
    even for tests that do not use it otherwise. Inside a test's transaction the clearing
    is rolled back with the test; browser tests commit, and the next test clears.
    """
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a throw-away folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def login(client):
    """Return a function that signs ``client`` in as a user and returns the client."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="module")
def give_back_migrated_rows(django_db_blocker):
    """For a module of transactional tests (``transaction=True, serialized_rollback=True``):
    the flush after each test empties every table; once the module is done, put the
    migrated rows (categories, stakeholder types...) back for the tests that run after it
    in the same worker."""
    yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)
