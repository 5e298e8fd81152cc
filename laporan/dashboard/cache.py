"""The data-versioned cache of the monitoring pages (issue 14).

Every area keeps a version in the Django cache (``CACHE_URL``): a token that changes when a
record its figures count changes. ``sigoro.changes.area_data_changed`` (and a change of the
index weights) replaces, once the transaction commits, the token of the kelurahan, of its
kecamatan, of its kota and of the whole database. A page's cached figures are stored under
a key made of the user's scope (level and area), the role, the page, the period, the
language, the day and the token of the scope's area: a change in the area shows at once on
the next view (the key moves on), a change elsewhere leaves the entry in use, and the scope
in the key keeps one area's figures out of another's page.

What is not signalled (a region renamed, an RT's households edited) shows after
``TIMEOUT`` at the latest.
"""

import datetime
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from sigoro import access
from sigoro.models import RT, RW, Kecamatan, Kelurahan

# Seconds a cached page part lives at most (the changes that are not signalled).
TIMEOUT = 15 * 60
PREFIX = "sigoro:monitoring"
ALL_KEY = f"{PREFIX}:v:all"
# Changes of the index weights touch every figure of a kecamatan's index; they are rare,
# so one token for all of them is enough.
CONFIG_KEY = f"{PREFIX}:v:config"


def _version_key(level: str, area_id: int) -> str:
    return f"{PREFIX}:v:{level}:{area_id}"


def _scope_version_key(user) -> str | None:
    """Return the key of the version that covers the user's scope (an RW or RT head: their
    kelurahan's), or None when the scope has no figures to cache."""
    scope = access.scope_for(user)
    if scope.level == access.ALL:
        return ALL_KEY
    if scope.level in ("kota", "kecamatan", "kelurahan"):
        return _version_key(scope.level, scope.area_id)
    if scope.level in ("rw", "rt"):
        model = RW if scope.level == "rw" else RT
        kelurahan_id = (
            model.objects.filter(pk=scope.area_id).values_list("kelurahan_id", flat=True).first()
        )
        return _version_key("kelurahan", kelurahan_id) if kelurahan_id else None
    return None


def cached(user, *, page: str, parts: tuple, compute: Callable[[], object], today=None):
    """Return ``compute()`` for the user's scope, from the cache when the area's data has
    not changed since it was stored. ``parts`` names what else the value depends on (the
    period, filters). A scope without an area (a stakeholder, nobody) is never cached."""
    version_key = _scope_version_key(user)
    if version_key is None:
        return compute()
    versions = cache.get_many([version_key, CONFIG_KEY])
    scope = access.scope_for(user)
    today = today or timezone.localdate()
    key = ":".join(
        str(part)
        for part in (
            PREFIX,
            page,
            scope.level,
            scope.area_id,
            user.role or "-",
            translation.get_language() or "-",
            today.isoformat(),
            versions.get(version_key, "0"),
            versions.get(CONFIG_KEY, "0"),
            *parts,
        )
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _new_versions(keys: list[str]) -> None:
    token = uuid.uuid4().hex
    cache.set_many(dict.fromkeys(keys, token), timeout=None)


def area_versions_bump(*, kelurahan_id: int | None = None, kecamatan_id: int | None = None):
    """Give a new version, once the current transaction commits, to the kelurahan, its
    kecamatan, its kota and the whole database (a record of the kecamatan office: the
    kecamatan, its kota and the whole database)."""
    keys = [ALL_KEY]
    if kelurahan_id is not None:
        keys.append(_version_key("kelurahan", kelurahan_id))
        kecamatan_id = (
            Kelurahan.objects.filter(pk=kelurahan_id).values_list("kecamatan_id", flat=True).first()
        )
    if kecamatan_id is not None:
        keys.append(_version_key("kecamatan", kecamatan_id))
        kota_id = (
            Kecamatan.objects.filter(pk=kecamatan_id).values_list("kota_id", flat=True).first()
        )
        if kota_id is not None:
            keys.append(_version_key("kota", kota_id))
    transaction.on_commit(lambda: _new_versions(keys))


def area_data_changed_listener(
    *, kelurahan_id: int | None = None, kecamatan_id: int | None = None, day: datetime.date
) -> None:
    """The listener of ``sigoro.changes.area_data_changed``: any day, running month too."""
    area_versions_bump(kelurahan_id=kelurahan_id, kecamatan_id=kecamatan_id)


def config_version_bump() -> None:
    """Give the index weights a new version once the current transaction commits."""
    transaction.on_commit(lambda: _new_versions([CONFIG_KEY]))
