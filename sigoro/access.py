"""Area scoping and role permissions: the one module that knows who may see and do what.

Every read for a signed-in user starts from :func:`scope_queryset` (or :func:`get_or_404`),
every write checks :func:`require_perm` and :func:`require_in_area`. Views and templates never
filter by area themselves.

How a model is scoped: it declares ``area_lookups``, a dict from an area level to the ORM
lookup that holds that level's id, e.g. for a record that carries its RT::

    area_lookups = {
        "kota": "rt__kelurahan__kecamatan__kota",
        "kecamatan": "rt__kelurahan__kecamatan",
        "kelurahan": "rt__kelurahan",
        "rw": "rt__rw",
        "rt": "rt",
    }

A lookup may also be a function of the area id that returns a ``Q`` (for areas one field
cannot express). A level the model does not list sees nothing of it (fail closed): a lurah
has no business with Kecamatan rows, a stakeholder contact with RT records, the city monitor
("kota", read-only) with accounts and the sign-in log. Objects outside
the scope raise 404, exactly like objects that do not exist, so nobody learns what another
area holds.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from sigoro.models import ROLE_AREA_FIELD, Role

ALL = "all"
NONE = "none"
STAKEHOLDER = "stakeholder"

ADMIN_KECAMATAN = Role.ADMIN_KECAMATAN
CAMAT = Role.CAMAT
LURAH = Role.LURAH
KETUA_RW = Role.KETUA_RW
KETUA_RT = Role.KETUA_RT
STAKEHOLDER_ROLE = Role.STAKEHOLDER
PEMANTAU_KOTA = Role.PEMANTAU_KOTA

STAFF_ROLES = frozenset({ADMIN_KECAMATAN, CAMAT, LURAH, KETUA_RW, KETUA_RT})
KECAMATAN_ROLES = frozenset({ADMIN_KECAMATAN, CAMAT})
# The city monitor (the wali kota's office, Bappeda, the inspectorate) reads a whole city
# and changes nothing: it is added to read actions only, by name, never through STAFF_ROLES
# (which also grants writes such as "problem.comment").
CITY = frozenset({PEMANTAU_KOTA})

# What each role may do (the object must also be in the user's area).
PERMISSIONS: dict[str, frozenset[str]] = {
    "region.view": STAFF_ROLES | CITY,
    "region.view_kelurahan": KECAMATAN_ROLES | CITY | {LURAH},
    "region.edit_rt": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    "user.manage": frozenset({ADMIN_KECAMATAN}),
    "audit.view": KECAMATAN_ROLES,
    # UU PDP 2022: export or delete one person's data on request.
    "personal_data.manage": frozenset({ADMIN_KECAMATAN}),
    # Photos sent ahead of a form (POST /foto/unggah/): the roles that record something
    # with photos (problems, attendance, deliveries, documentation).
    "photo.upload": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    # Stage 1: problems.
    "problem.view": STAFF_ROLES | CITY,
    "problem.create": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    "problem.verify": frozenset({ADMIN_KECAMATAN, LURAH}),
    "problem.handle": frozenset({ADMIN_KECAMATAN, LURAH}),
    "problem.comment": STAFF_ROLES,
    "problem.needs": KECAMATAN_ROLES | CITY | {LURAH},
    "category.manage": frozenset({ADMIN_KECAMATAN}),
    # The API keys of other systems filing reports through Open311 (open311/).
    "api_client.manage": frozenset({ADMIN_KECAMATAN}),
    # Stage 2: stakeholders. A stakeholder contact sees its own record and what is
    # addressed to it; the admin keeps the registry; requests come from kecamatan or lurah.
    "stakeholder.list": KECAMATAN_ROLES | CITY | {LURAH},
    "stakeholder.view": KECAMATAN_ROLES | CITY | {LURAH, STAKEHOLDER_ROLE},
    "stakeholder.manage": frozenset({ADMIN_KECAMATAN}),
    "request.view": KECAMATAN_ROLES | CITY | {LURAH, STAKEHOLDER_ROLE},
    "request.manage": frozenset({ADMIN_KECAMATAN, LURAH}),
    # The contact's own menu entry (staff reach requests from the stakeholder pages).
    "request.inbox": frozenset({STAKEHOLDER_ROLE}),
    "pledge.answer": frozenset({ADMIN_KECAMATAN, LURAH, STAKEHOLDER_ROLE}),
    "delivery.record": frozenset({ADMIN_KECAMATAN, LURAH}),
    "support.summary": KECAMATAN_ROLES | CITY | {LURAH},
    "swadaya.view": STAFF_ROLES | CITY,
    "swadaya.record": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    # The RW/RT heads' menu entry (kecamatan and kelurahan staff reach it from "Stakeholder").
    "swadaya.menu": frozenset({KETUA_RW, KETUA_RT}),
    # Stage 3: Rencana Aksi. An RT head's draft is a proposal for the lurah; only the
    # lurah (or admin) submits it, only the camat (or admin) approves or returns it. A
    # stakeholder contact sees the plans its organisation is invited to.
    "plan.view": STAFF_ROLES | CITY | {STAKEHOLDER_ROLE},
    "plan.create": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RT}),
    "plan.submit": frozenset({ADMIN_KECAMATAN, LURAH}),
    "plan.approve": KECAMATAN_ROLES,
    "plan.finish": frozenset({ADMIN_KECAMATAN, LURAH}),
    "series.view": STAFF_ROLES | CITY,
    "series.manage": frozenset({ADMIN_KECAMATAN, LURAH}),
    # Stage 4: the execution day. The lurah (or admin) opens and closes it; the RT and RW
    # heads record their RT's attendance and what was done; staff of the area see it.
    "execution.view": STAFF_ROLES | CITY,
    "execution.manage": frozenset({ADMIN_KECAMATAN, LURAH}),
    "execution.record": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    "attendance.record": frozenset({ADMIN_KECAMATAN, LURAH, KETUA_RW, KETUA_RT}),
    # Stage 5: monitoring. Every staff role sees the dashboard and index of its own area, the
    # city monitor those of every kecamatan of its city; only the kecamatan administrator
    # sets the index weights and targets.
    "dashboard.view": STAFF_ROLES | CITY,
    "index.view": STAFF_ROLES | CITY,
    "index.configure": frozenset({ADMIN_KECAMATAN}),
    "monitoring.view": STAFF_ROLES | CITY,
    # Stage 6: documents. The office roles (kecamatan and kelurahan) generate berita acara
    # and exports of their area, see the archive and attach the signed paper copy.
    # The city monitor reads its city's documents (monthly reports, berita acara).
    "document.view": KECAMATAN_ROLES | CITY | {LURAH},
    "document.create": KECAMATAN_ROLES | {LURAH},
    "export.create": KECAMATAN_ROLES | {LURAH},
    "letterhead.manage": frozenset({ADMIN_KECAMATAN}),
}


# Roles whose area is an organisation rather than a region: the app that owns the link from
# an account to its organisation registers here how to find its id (``stakeholder.apps``), so
# the core knows no stage. Unregistered, such a role sees nothing (fail closed).
ORGANISATION_SCOPES: dict[str, Callable[[object], int | None]] = {}


@dataclass(frozen=True)
class Scope:
    """The area a user may see: a level ("kota" ... "rt", "stakeholder", "all", "none")
    and the id of that area."""

    level: str
    area_id: int | None = None


def scope_for(user) -> Scope:
    """Return the user's scope. No role or no area means nothing at all (fail closed)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(NONE)
    if user.is_superuser:
        return Scope(ALL)
    if not user.role:
        return Scope(NONE)
    if user.role == STAKEHOLDER_ROLE:
        organisation_of = ORGANISATION_SCOPES.get(STAKEHOLDER_ROLE)
        stakeholder_id = organisation_of(user) if organisation_of else None
        return Scope(STAKEHOLDER, stakeholder_id) if stakeholder_id else Scope(NONE)
    level = ROLE_AREA_FIELD[user.role]
    area_id = getattr(user, f"{level}_id")
    return Scope(level, area_id) if area_id else Scope(NONE)


def area_lookups(model) -> dict[str, str]:
    try:
        return model.area_lookups
    except AttributeError:
        raise ImproperlyConfigured(
            f"{model.__name__} has no area_lookups: it cannot be scoped to a user's area."
        ) from None


def scope_queryset(queryset: QuerySet, user, *, lookups: dict[str, str] | None = None) -> QuerySet:
    """Return ``queryset`` limited to what ``user`` may see.

    ``lookups`` overrides the model's own ``area_lookups`` (the audit trail scopes a
    model's history table with the model's lookups).
    """
    scope = scope_for(user)
    if scope.level == ALL:
        return queryset
    if scope.level == NONE:
        return queryset.none()
    lookup = (lookups if lookups is not None else area_lookups(queryset.model)).get(scope.level)
    if lookup is None:
        return queryset.none()
    if callable(lookup):
        # For areas one lookup cannot say (e.g. "serves this kelurahan or the whole
        # kecamatan"): a function of the area id returning a Q; it must not multiply rows.
        return queryset.filter(lookup(scope.area_id))
    return queryset.filter(**{lookup: scope.area_id})


def get_or_404(queryset: QuerySet, user, **lookup) -> Model:
    """Return the one object matching ``lookup`` inside the user's area, else raise 404.

    "Not in your area" and "does not exist" give the same answer.
    """
    try:
        return scope_queryset(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def has_perm(user, action: str) -> bool:
    """Return whether the user's role may perform ``action`` (anywhere in their area)."""
    if action not in PERMISSIONS:
        raise ImproperlyConfigured(f"Unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in PERMISSIONS[action] and scope_for(user).level != NONE


def require_perm(user, action: str) -> None:
    if not has_perm(user, action):
        raise PermissionDenied


def is_in_area(user, obj: Model) -> bool:
    """Return whether ``obj`` lies inside the user's area."""
    model = type(obj)
    return scope_queryset(model._default_manager.filter(pk=obj.pk), user).exists()


def require_in_area(user, obj: Model) -> None:
    """Raise 404 unless ``obj`` is inside the user's area (writes check this first)."""
    if not is_in_area(user, obj):
        raise Http404


def require(user, action: str, obj: Model | None = None) -> None:
    """The write guard services call: the role may do ``action``, and on this object."""
    require_perm(user, action)
    if obj is not None:
        require_in_area(user, obj)


def users_for_area(area: Model, roles) -> QuerySet:
    """Return the active users with one of ``roles`` whose own area covers ``area``.

    ``area`` is a region (RT, RW, Kelurahan, Kecamatan, Kota) or any record with string
    ``area_lookups`` (a problem, a plan): the ids of its areas are read in one query, and a
    user qualifies when the area of their role is one of them. An RT head covers only their
    RT, so a kelurahan-wide object reaches no RT head; a lurah of another kelurahan never
    qualifies. Stakeholder contacts are organisations, not areas: never returned here.
    """
    from sigoro.models import User

    declared = area_lookups(type(area))
    lookups = {level: lookup for level, lookup in declared.items() if isinstance(lookup, str)}
    if not lookups:
        return User.objects.none()
    row = type(area)._default_manager.filter(pk=area.pk).values(*lookups.values()).first()
    if row is None:
        return User.objects.none()
    ids = {level: row[lookup] for level, lookup in lookups.items()}
    condition = Q()
    for role in roles:
        level = ROLE_AREA_FIELD.get(role)
        if role == STAKEHOLDER_ROLE or level is None or ids.get(level) is None:
            continue
        condition |= Q(role=role, **{f"{level}_id": ids[level]})
    if not condition:
        return User.objects.none()
    return User.objects.filter(condition, is_active=True)


def own_queryset(queryset: QuerySet, user, *, field: str = "recipient") -> QuerySet:
    """Return the rows of ``queryset`` that belong to ``user`` itself (its notifications,
    its preferences): nothing for a visitor or a deactivated account (fail closed)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    return queryset.filter(**{field: user})


def get_own_or_404(queryset: QuerySet, user, *, field: str = "recipient", **lookup) -> Model:
    """Return the one row of ``user`` matching ``lookup``, else 404 (another user's row and a
    missing one answer the same)."""
    try:
        return own_queryset(queryset, user, field=field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
