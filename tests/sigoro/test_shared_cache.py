"""Finding 11: rate-limit counters live in a cache every worker shares (the database cache
by default), not in each process's memory."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache

from tests.sigoro.test_settings import MANAGE_PY, run

# One web request's rate-limit check, as a separate process (a separate worker) makes it.
HIT = """
import sys, django
django.setup()
from django.test import RequestFactory
from django_ratelimit.core import get_usage
request = RequestFactory().post("/lapor/", REMOTE_ADDR="203.0.113.7")
usage = get_usage(request, group="lapor", key="sigoro.http.ratelimit_key", rate="100/h",
                  increment=sys.argv[1] == "hit")
print(usage["count"])
"""


def test_two_worker_processes_count_in_the_same_rate_limit(tmp_path):
    environment = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    created = run([str(MANAGE_PY), "createcachetable"], **environment)
    assert created.returncode == 0, created.stderr
    counts = []
    for action in ("hit", "hit", "hit", "read"):
        result = run(["-c", HIT, action], **environment)
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.strip()))
    assert counts == [1, 2, 3, 3]


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis server on a free loopback port for this test (redis-server from the
    system's packages; .ci/run installs it). Skipped locally without it, a failure in CI."""
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_worker_processes_count_in_the_same_rate_limit_in_redis(tmp_path, redis_url):
    """Production with CACHE_URL=redis://: the pinned redis client reaches a real server and
    two processes count in one rate limit there."""
    environment = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": redis_url,
    }
    counts = []
    for action in ("hit", "hit", "read"):
        result = run(["-c", HIT, action], **environment)
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.strip()))
    assert counts == [1, 2, 2]


def test_the_default_cache_is_the_database_cache_and_its_table_exists(db):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.RATELIMIT_USE_CACHE == "default"
    assert isinstance(caches["default"], DatabaseCache)
    # Not Django's 300, after which a third of the rate-limit counters would be culled.
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == 20_000
    # The test database is built by the migrations: the cache table comes with them.
    cache.set("sigoro-probe", 41)
    assert cache.incr("sigoro-probe") == 42


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/1", "locmemcache://"])
def test_cache_url_still_chooses_another_cache(url):
    probe = "import django; from django.conf import settings; django.setup(); "
    probe += "print(settings.CACHES['default']['BACKEND'])"
    result = run(["-c", probe], DEBUG="1", CACHE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().rsplit(".", 1)[-1] in ("RedisCache", "LocMemCache")
