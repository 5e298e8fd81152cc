"""Reads of the shared core, always through ``sigoro.access``."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigoro import access
from sigoro.models import (
    RT,
    RW,
    AuthEvent,
    Kecamatan,
    Kelurahan,
    PersonalDataRequest,
    Photo,
    Role,
    User,
)
from sigoro.phone import normalize_phone


@dataclass
class AreaSummary:
    """Totals of the RT inside a user's area."""

    kelurahan: int = 0
    rw: int = 0
    rt: int = 0
    kk: int = 0
    jiwa: int = 0
    rt_without_counts: int = 0


@dataclass
class TodoItem:
    text: str
    url: str
    count: int | None = None
    level: str = "warning"


@dataclass
class UpcomingItem:
    """A coming activity on the home page; ``url`` is empty when the user may not open it."""

    title: str
    url: str
    day: datetime.date
    time: str
    place: str
    status: str = ""
    badge: str = ""  # the status badge's CSS class


@dataclass
class CityKecamatan:
    """One kecamatan of the city monitor's city on its home page."""

    nama: str
    kelurahan: int
    rt: int
    url: str  # its monitoring page, empty while the reports module has none


@dataclass
class CityOverview:
    """What a city monitor (pemantau kota) can look at: its city's kecamatan and the ranking
    of kecamatan (an empty link while that page does not exist). The dashboard link is the
    one every role with "dashboard.view" gets."""

    kecamatan: list[CityKecamatan]
    ranking_url: str = ""


@dataclass
class Home:
    area_label: str
    role_label: str
    summary: AreaSummary | None  # None for who may not see the region's figures
    todo: list[TodoItem] = field(default_factory=list)
    upcoming: list[UpcomingItem] = field(default_factory=list)
    city: CityOverview | None = None  # the city monitor's overview


def rt_list(*, user, only_without_counts: bool = False):
    rts = access.scope_queryset(RT.objects.select_related("rw", "kelurahan__kecamatan"), user)
    if only_without_counts:
        rts = rts.filter(WITHOUT_COUNTS)
    return rts.order_by("kelurahan__nama", "rw__nomor", "nomor")


WITHOUT_COUNTS = Q(jumlah_kk=0) | Q(jumlah_jiwa=0)


# A list filter (and the public report form) lists every RT of the area only up to this
# many; a larger area offers them once a kelurahan is chosen (issue 14: a city's
# 2,000-option select cost most of a list page's time). The demo kecamatan's 110 RT stay in
# one select, grouped by kelurahan and RW; a city kecamatan (~300 RT) or a city are larger.
AREA_OPTION_LIMIT = 150


@dataclass
class AreaOptions:
    """The RW and RT a list filter offers: (pk, label) pairs, in the user's area."""

    rw: list = field(default_factory=list)
    rt: list = field(default_factory=list)
    complete: bool = True  # False: too many to list, a kelurahan must be chosen first
    kelurahan: int | None = None  # the kelurahan they belong to, when one was given


def submitted_id(raw) -> int | None:
    """A submitted id (a GET or POST value) as a number, or None for anything else: blank,
    text, too long, or digits of other scripts ("²", "٣"), which ``str.isdigit`` accepts but
    ``int`` does not."""
    raw = str(raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def area_options(*, user, kelurahan=None, rt=None, limit: int | None = None) -> AreaOptions:
    """Return the RW and RT a filter offers, in one query.

    ``kelurahan`` (a submitted id) narrows them to that kelurahan; without it, a submitted
    ``rt`` narrows them to the RT's kelurahan, so the chosen RT stays listed. With neither,
    the whole area is listed when it holds at most ``limit`` RT (``AREA_OPTION_LIMIT``).
    Ids outside the user's area give nothing (the RT come from ``access.scope_queryset``).
    """
    limit = AREA_OPTION_LIMIT if limit is None else limit
    rts = access.scope_queryset(RT.objects.all(), user)
    kelurahan_id, rt_id = submitted_id(kelurahan), submitted_id(rt)
    narrowed = True
    if kelurahan_id is not None:
        rts = rts.filter(kelurahan_id=kelurahan_id)
    elif rt_id is not None:
        rts = rts.filter(kelurahan_id__in=RT.objects.filter(pk=rt_id).values("kelurahan_id"))
    else:
        narrowed = False
    rows = list(
        rts.order_by("kelurahan__nama", "kelurahan_id", "rw__nomor", "nomor").values_list(
            "pk", "nomor", "rw_id", "rw__nomor", "kelurahan_id", "kelurahan__nama"
        )[: None if narrowed else limit + 1]
    )
    if not narrowed and len(rows) > limit:
        return AreaOptions(complete=False)
    names: dict[int, str] = {}
    options = AreaOptions(kelurahan=rows[0][4] if narrowed and rows else None)
    seen_rw = set()
    for pk, nomor, rw_id, rw_nomor, kel_id, kel_nama in rows:
        if kel_id not in names:
            names[kel_id] = _("Kelurahan %(name)s") % {"name": kel_nama}
        options.rt.append((pk, f"RT {nomor:03d} / RW {rw_nomor:03d} / {names[kel_id]}"))
        if rw_id not in seen_rw:
            seen_rw.add(rw_id)
            options.rw.append((rw_id, f"RW {rw_nomor:03d} / {names[kel_id]}"))
    return options


def rt_get(*, user, pk):
    return access.get_or_404(RT.objects.select_related("rw", "kelurahan__kecamatan"), user, pk=pk)


def kelurahan_list(*, user):
    """Return the kelurahan the user may open, with their RW/RT/KK/jiwa totals."""
    return (
        access.scope_queryset(Kelurahan.objects.select_related("kecamatan"), user)
        .annotate(
            # A subquery, not a second join: joining RW and RT together would multiply sums.
            n_rw=Subquery(
                RW.objects.filter(kelurahan=OuterRef("pk"))
                .values("kelurahan")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            n_rt=Count("rt_set"),
            total_kk=Sum("rt_set__jumlah_kk"),
            total_jiwa=Sum("rt_set__jumlah_jiwa"),
        )
        .order_by("kecamatan__nama", "nama")
    )


def kelurahan_get(*, user, pk):
    return access.get_or_404(Kelurahan.objects.select_related("kecamatan"), user, pk=pk)


def rw_list_with_rt(*, user, kelurahan):
    """Return the kelurahan's RW, each with its RT prefetched, inside the user's area."""
    rts = access.scope_queryset(RT.objects.order_by("nomor"), user)
    return (
        access.scope_queryset(RW.objects.filter(kelurahan=kelurahan), user)
        .prefetch_related(Prefetch("rt_set", queryset=rts, to_attr="rts"))
        .order_by("nomor")
    )


def area_summary(*, user) -> AreaSummary:
    """Count kelurahan, RW, RT, households and residents inside the user's area."""
    totals = rt_list(user=user).aggregate(
        kelurahan=Count("kelurahan", distinct=True),
        rw=Count("rw", distinct=True),
        rt=Count("pk"),
        kk=Sum("jumlah_kk"),
        jiwa=Sum("jumlah_jiwa"),
        rt_without_counts=Count("pk", filter=WITHOUT_COUNTS),
    )
    return AreaSummary(**{k: v or 0 for k, v in totals.items()})


def area_label(user) -> str:
    """Return the user's area as people say it, e.g. "RT 003 / RW 002 / Kelurahan Ampui"."""
    if user.is_superuser and not user.role:
        return _("All areas")
    area = user.area
    if area is None:
        return _("No area assigned")
    return getattr(area, "label", str(area))


# Later stages add what their users have to do (apps register in AppConfig.ready):
# each provider takes the user and returns a list of TodoItem.
TODO_PROVIDERS: list = []
# Later stages list the user's coming activities the same way: each provider takes the user
# and returns a list of UpcomingItem, soonest first.
UPCOMING_PROVIDERS: list = []
UPCOMING_SHOWN = 5


def home_for(*, user) -> Home:
    """Return what the signed-in home page shows: the area, its figures (staff only: a
    stakeholder contact sees no KK or jiwa) and the to-do list."""
    summary = area_summary(user=user) if access.has_perm(user, "region.view") else None
    role_label = user.get_role_display() if user.role else _("System administrator")
    return Home(
        area_label=area_label(user),
        role_label=role_label,
        summary=summary,
        todo=_todo_for(user, summary),
        upcoming=upcoming_for(user=user),
        city=city_overview(user=user),
    )


def city_overview(*, user) -> CityOverview | None:
    """Return the city monitor's kecamatan with their size (one query), or None for other
    roles. The links go to the monitoring pages of ``laporan`` when those exist; the core
    names them only by URL name (it imports no stage)."""
    if access.scope_for(user).level != "kota":
        return None
    kecamatan = (
        access.scope_queryset(Kecamatan.objects.all(), user)
        .annotate(
            n_kelurahan=Count("kelurahan_set", distinct=True),
            n_rt=Count("kelurahan_set__rt_set", distinct=True),
        )
        .order_by("nama")
    )
    return CityOverview(
        kecamatan=[
            CityKecamatan(
                nama=k.nama,
                kelurahan=k.n_kelurahan,
                rt=k.n_rt,
                url=_url_if_present(
                    "laporan:index-detail", user, "index.view", level="kecamatan", pk=k.pk
                ),
            )
            for k in kecamatan
        ],
        ranking_url=_url_if_present("laporan:ranking", user, "index.view"),
    )


def _url_if_present(name: str, user, action: str, **kwargs) -> str:
    """The URL of a page of a later stage, or "" when it is not installed or not allowed."""
    if not access.has_perm(user, action):
        return ""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def upcoming_for(*, user) -> list[UpcomingItem]:
    """Return the user's next activities from every stage, soonest first."""
    items = [item for provider in UPCOMING_PROVIDERS for item in provider(user)]
    return sorted(items, key=lambda item: (item.day, item.time))[:UPCOMING_SHOWN]


def _todo_for(user, summary: AreaSummary | None) -> list[TodoItem]:
    todo = []
    if access.scope_for(user).level == access.NONE:
        todo.append(
            TodoItem(
                _("Your account has no area yet. Ask the kecamatan administrator to set it."),
                "",
                level="danger",
            )
        )
        return todo
    if summary and summary.rt_without_counts and access.has_perm(user, "region.edit_rt"):
        todo.append(
            TodoItem(
                ngettext(
                    "%(n)d RT has no household or resident count yet.",
                    "%(n)d RT have no household or resident count yet.",
                    summary.rt_without_counts,
                )
                % {"n": summary.rt_without_counts},
                reverse("region-list") + "?kosong=1",
                summary.rt_without_counts,
            )
        )
    for provider in TODO_PROVIDERS:
        todo.extend(provider(user))
    if access.has_perm(user, "user.manage"):
        missing = rt_without_head(user=user).count()
        if missing:
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d RT has no RT head account yet.",
                        "%(n)d RT have no RT head account yet.",
                        missing,
                    )
                    % {"n": missing},
                    reverse("user-list"),
                    missing,
                    level="info",
                )
            )
    return todo


def rt_without_head(*, user):
    """Return the RT in the user's area that no active RT-head account points to."""
    heads = User.objects.filter(role=Role.KETUA_RT, is_active=True, rt__isnull=False)
    return rt_list(user=user).exclude(pk__in=heads.values("rt_id"))


def area_head_names(*, kelurahan=None, kecamatan=None, rts=()) -> dict:
    """Return the names of the area heads who sign documents: {"lurah": name, "camat": name,
    "rt": {rt_id: name}} from the active accounts of those roles (empty when none)."""
    heads = User.objects.filter(is_active=True).order_by("pk")
    names: dict = {"lurah": "", "camat": "", "rt": {}}
    if kelurahan is not None:
        lurah = heads.filter(role=Role.LURAH, kelurahan=kelurahan).first()
        names["lurah"] = lurah.get_full_name() or lurah.username if lurah else ""
    if kecamatan is not None:
        camat = heads.filter(role=Role.CAMAT, kecamatan=kecamatan).first()
        names["camat"] = camat.get_full_name() or camat.username if camat else ""
    for head in heads.filter(role=Role.KETUA_RT, rt__in=list(rts)):
        names["rt"].setdefault(head.rt_id, head.get_full_name() or head.username)
    return names


def user_list(*, user, search: str = ""):
    qs = access.scope_queryset(
        User.objects.select_related("kecamatan", "kelurahan", "rw", "rt__rw"), user
    ).order_by("role", "kelurahan__nama", "rw__nomor", "rt__nomor", "username")
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(phone__icontains=search)
        )
    return qs


def user_get(*, user, pk):
    return access.get_or_404(User.objects.all(), user, pk=pk)


# -- signing in ----------------------------------------------------------------------------


def login_account(typed: str) -> User | None:
    """Return the account a sign-in name means: the username in any case, else the phone
    number in any common spelling; None when no account has it."""
    typed = (typed or "").strip()
    if not typed:
        return None
    account = User.objects.filter(username__iexact=typed).first()
    if account is None:
        phone = normalize_phone(typed)
        if phone:
            account = User.objects.filter(phone=phone).first()
    return account


def login_name_canonical(typed: str) -> str:
    """Return one name per account for counting failed sign-ins: the account's username in
    lower case, or the typed name (trimmed, lower case) when no account has it."""
    account = login_account(typed)
    name = account.username if account is not None else (typed or "").strip()
    return name.lower()[:150]


def user_login_locked(*, user, target: User, now=None) -> bool:
    """Return whether sign-in to ``target`` is locked now (from any address)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    access.require(user, "user.manage", target)
    attempts = AccessAttempt.objects.filter(
        username=login_name_canonical(target.username),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    )
    if settings.AXES_COOLOFF_TIME:
        threshold = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
        attempts = attempts.filter(attempt_time__gte=threshold)
    return attempts.exists()


def kecamatan_for(*, user):
    """Return the kecamatan the user administers (forms choose areas inside it)."""
    return access.scope_queryset(Kecamatan.objects.all(), user)


# -- audit trail ----------------------------------------------------------------------------

AUDITED_MODELS = [Kecamatan, Kelurahan, RW, RT, User, PersonalDataRequest]


@dataclass
class AuditEntry:
    when: object
    who: object
    action: str
    model: str
    object_label: str
    changes: list


def audit_list(*, user, limit: int = 100) -> list[AuditEntry]:
    """Return the latest changes to records inside the user's area, newest first.

    Historical rows keep the model's fields (foreign keys included), so each model's own
    ``area_lookups`` scope its history too: an admin sees only their kecamatan's changes.
    Two queries per audited model, however many rows.
    """
    access.require_perm(user, "audit.view")
    records = []
    for model in AUDITED_MODELS:
        records.extend(_scoped_history(model, user)[:limit])
    records.sort(key=lambda h: h.history_date, reverse=True)
    records = records[:limit]
    previous = _previous_records(records)
    labels = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries = [
        AuditEntry(
            when=record.history_date,
            who=record.history_user,
            action=labels.get(record.history_type, record.history_type),
            model=str(record.instance_type._meta.verbose_name),
            object_label=_history_label(record),
            changes=_history_changes(record, previous.get((type(record), record.history_id))),
        )
        for record in records
    ]
    entries.extend(_auth_entries(user, limit))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _auth_entries(user, limit: int) -> list[AuditEntry]:
    """Sign-in events of accounts inside the user's area, as audit entries (one query)."""
    events = access.scope_queryset(
        AuthEvent.objects.select_related("user", "actor"), user
    ).order_by("-created_at", "-pk")[:limit]
    model = str(AuthEvent._meta.verbose_name)
    return [
        AuditEntry(
            when=event.created_at,
            who=event.actor or event.user,
            action=event.get_kind_display(),
            model=model,
            object_label=_("%(username)s from %(ip)s")
            % {"username": event.username, "ip": event.ip_address or "?"},
            changes=[],
        )
        for event in events
    ]


def _scoped_history(model, user):
    history = access.scope_queryset(
        model.history.model.objects.all(), user, lookups=_history_lookups(model)
    )
    related = ["history_user", *getattr(model, "history_select_related", ())]
    return history.select_related(*related).order_by("-history_date")


def _history_lookups(model) -> dict[str, str]:
    # On a historical model "pk" is the history row's id; the object's id is "id".
    return {
        level: ("id" if lookup == "pk" else lookup) for level, lookup in model.area_lookups.items()
    }


def _previous_records(records) -> dict:
    """Return {(history model, history_id): the record just before it}, in one query a model."""
    by_model: dict = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    found = {}
    for history_model, rows in by_model.items():
        candidates = history_model.objects.filter(
            id__in={r.id for r in rows},
            history_date__lt=max(r.history_date for r in rows),
        ).order_by("id", "-history_date")
        per_object: dict = {}
        for candidate in candidates:
            per_object.setdefault(candidate.id, []).append(candidate)
        for row in rows:
            earlier = [c for c in per_object.get(row.id, []) if c.history_date < row.history_date]
            if earlier:
                found[(history_model, row.history_id)] = earlier[0]
    return found


def _history_label(record) -> str:
    label = getattr(record.instance_type, "history_label", None)
    return label(record) if label else str(record.instance)


def _history_changes(record, previous) -> list:
    if previous is None:
        return []
    model_meta = record.instance_type._meta
    return [
        (str(model_meta.get_field(change.field).verbose_name), change.old, change.new)
        for change in record.diff_against(previous).changes
    ]


# -- photos ---------------------------------------------------------------------------------


def photos_unused(queryset=None):
    """Return the photos no record uses (of ``queryset``, default all): those stored for a
    form that failed and may be sent again, and orphans for ``cleanup_photos``.

    Every relation pointing at Photo counts as a use, so later apps need no change here.
    """
    photos = Photo.objects.all() if queryset is None else queryset
    for relation in Photo._meta.get_fields(include_hidden=True):
        if not relation.is_relation or not relation.auto_created or relation.concrete:
            continue
        if relation.related_model is Photo.history.model:
            continue
        column = relation.field.attname
        # Without the NULLs: "NOT IN" a list holding a NULL is never true.
        used = relation.related_model._base_manager.filter(**{f"{column}__isnull": False})
        photos = photos.exclude(pk__in=used.values(column))
    return photos


def photo_staged_get(*, user, client_key) -> Photo | None:
    """Return the photo ``user`` sent ahead of a form with this upload key, or None."""
    if not client_key or not getattr(user, "is_authenticated", False):
        return None
    return Photo.objects.filter(uploaded_by=user, client_key=client_key).first()


# Who may see a photo is decided by the app that uses it (a problem photo, a delivery
# photo): each app registers a provider in its AppConfig.ready. A provider takes (user,
# photo) and answers True (may see it), False (the photo is this app's and the user may not
# see it) or None (not this app's photo). A photo is shown when any provider says True.
PHOTO_ACCESS_PROVIDERS: list = []


class PhotoVisibility:
    PUBLIC = "public"  # anyone may see it: shared caches may keep it
    PRIVATE = "private"  # this user may see it: no cache but the browser's, and not stored


def photo_get(*, uuid) -> Photo | None:
    """Return the photo with this UUID, or None; who may see it is :func:`photo_visibility`."""
    return Photo.objects.filter(uuid=uuid).first()


def photo_visibility(*, user, photo: Photo) -> str | None:
    """Return whether ``photo`` is public, private to ``user``, or hidden from them (None).

    "Public" means an anonymous visitor may see it; the user is asked about only when not.
    """
    from django.contrib.auth.models import AnonymousUser

    if _photo_allowed(AnonymousUser(), photo):
        return PhotoVisibility.PUBLIC
    if getattr(user, "is_authenticated", False) and _photo_allowed(user, photo):
        return PhotoVisibility.PRIVATE
    return None


def _photo_allowed(user, photo: Photo) -> bool:
    return any(provider(user, photo) is True for provider in PHOTO_ACCESS_PROVIDERS)


def unattached_photo_access(user, photo: Photo) -> bool | None:
    """A photo no record uses yet (kept for a form that failed and is sent again): only the
    account that uploaded it sees it, as the preview of its retry."""
    if not photos_unused(Photo.objects.filter(pk=photo.pk)).exists():
        return None
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and photo.uploaded_by_id == user.pk
    )


PHOTO_ACCESS_PROVIDERS.append(unattached_photo_access)
