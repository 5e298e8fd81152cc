"""Reads of stage 2, always through ``sigoro.access``.

The last section holds the figures later stages build on: how many stakeholders (and of
how many types) delivered per kelurahan in a period (the Kolaboratif dimension of the
SIGORO index), and the value of support and of swadaya per period and area.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from permasalahan.models import OPEN_STATUSES as OPEN_PROBLEM_STATUSES
from permasalahan.models import Problem, ProblemNeed
from sigoro import access
from sigoro.models import RT, Kecamatan, Kelurahan, Photo, Role, User
from sigoro.selectors import photos_unused
from stakeholder.models import (
    PLEDGED_STATUSES,
    Delivery,
    Pledge,
    PledgeStatus,
    RequestRecipient,
    Stakeholder,
    StakeholderContact,
    StakeholderType,
    SupportRequest,
    Swadaya,
)

# Rows a delivery can be recorded for: pledged, and not all of it received yet.
WAITING_FOR_DELIVERY = [PledgeStatus.DIJANJIKAN, PledgeStatus.SEBAGIAN]


# -- the rules: what a pledge, a request and a user allow now --------------------------------
# Services, forms, views and templates ask these; none works them out again.


def pledge_deliverable(pledge: Pledge) -> int:
    """Return how much of a row can still be received: pledged and not yet delivered.

    0 for a row that takes no delivery: unanswered, declined, or all of it received.
    """
    if pledge.status not in WAITING_FOR_DELIVERY:
        return 0
    return max((pledge.jumlah_dijanjikan or 0) - pledge.jumlah_diterima, 0)


def pledge_above_request(pledge: Pledge, jumlah: int | None = None) -> int:
    """Return by how much the pledge (or ``jumlah``, about to be pledged) exceeds what its
    row asked for; 0 when it does not."""
    pledged = pledge.jumlah_dijanjikan if jumlah is None else jumlah
    return max((pledged or 0) - pledge.item.jumlah, 0)


def request_rows_locked(support_request: SupportRequest) -> bool:
    """Whether a request's rows are fixed: once any stakeholder has answered, what was
    asked stays as it was (a new request asks for more)."""
    return (
        Pledge.objects.filter(recipient__request=support_request)
        .exclude(status=PledgeStatus.DIMINTA)
        .exists()
    )


def answers_for_itself(user) -> bool:
    """Whether the user answers requests for its own organisation (a stakeholder contact:
    in SIGORO, today), rather than recording an answer given by phone, letter or in person
    (the office, with the date and the way it came)."""
    return user.role == Role.STAKEHOLDER


@dataclass(frozen=True)
class RequestActions:
    """What a user may do on a request's page; each row also asks ``pledge_deliverable``."""

    edit: bool
    answer: bool
    answers_for_itself: bool
    deliver: bool
    open_stakeholder: bool


def request_actions(*, user) -> RequestActions:
    return RequestActions(
        edit=access.has_perm(user, "request.manage"),
        answer=access.has_perm(user, "pledge.answer"),
        answers_for_itself=answers_for_itself(user),
        deliver=access.has_perm(user, "delivery.record"),
        open_stakeholder=access.has_perm(user, "stakeholder.view"),
    )


# -- registry -------------------------------------------------------------------------------


def stakeholder_list(*, user):
    """Return the stakeholders the user may see, with their type and kelurahan served."""
    return access.scope_queryset(
        Stakeholder.objects.select_related("jenis").prefetch_related(
            Prefetch("kelurahan_layanan", queryset=Kelurahan.objects.order_by("nama"))
        ),
        user,
    ).order_by("nama")


def stakeholder_get(*, user, pk) -> Stakeholder:
    return access.get_or_404(
        Stakeholder.objects.select_related("jenis", "kecamatan").prefetch_related(
            Prefetch("kelurahan_layanan", queryset=Kelurahan.objects.order_by("nama"))
        ),
        user,
        pk=pk,
    )


def contact_stakeholder_id(user) -> int | None:
    """Return the id of the stakeholder a contact account answers for, or None.

    Django caches the reverse one-to-one on the user (a miss too), so the scope check that
    calls this on every query of a request costs one query per request at most.
    """
    try:
        return user.stakeholder_contact.stakeholder_id
    except (AttributeError, StakeholderContact.DoesNotExist):
        return None


def stakeholder_contacts(*, user, stakeholder):
    """Return the sign-in accounts of the stakeholder's contact people."""
    return access.scope_queryset(
        User.objects.filter(stakeholder_contact__stakeholder=stakeholder, role=Role.STAKEHOLDER),
        user,
    ).order_by("username")


def stakeholder_choices(*, user, kelurahan=None):
    """Return the active stakeholders a request of this user may be addressed to."""
    qs = access.scope_queryset(Stakeholder.objects.filter(aktif=True), user)
    if kelurahan is not None:
        qs = qs.filter(Stakeholder.area_lookups["kelurahan"](kelurahan.pk))
    return qs.select_related("jenis").order_by("jenis__urutan", "nama")


def kecamatan_choices(*, user):
    return access.scope_queryset(Kecamatan.objects.all(), user)


def kelurahan_choices(*, user):
    return access.scope_queryset(Kelurahan.objects.select_related("kecamatan"), user)


def rt_choices(*, user):
    return access.scope_queryset(
        RT.objects.select_related("rw", "kelurahan").order_by(
            "kelurahan__nama", "rw__nomor", "nomor"
        ),
        user,
    )


def _pledges_with_deliveries():
    return Pledge.objects.select_related("item").prefetch_related(
        Prefetch(
            "deliveries", queryset=Delivery.objects.select_related("foto").order_by("tanggal", "pk")
        )
    )


@dataclass
class StakeholderHistory:
    recipients: list
    pledged: int = 0
    delivered: int = 0


def stakeholder_history(*, user, stakeholder) -> StakeholderHistory:
    """Return the requests addressed to the stakeholder that the user may see, newest first,
    each with its pledge rows and their deliveries; and the totals of those rows."""
    recipients = list(
        access.scope_queryset(
            RequestRecipient.objects.filter(stakeholder=stakeholder)
            .select_related("request__kelurahan", "request__kecamatan")
            .prefetch_related(Prefetch("pledges", queryset=_pledges_with_deliveries())),
            user,
        ).order_by("-request__tanggal", "-request__pk")
    )
    history = StakeholderHistory(recipients=recipients)
    for recipient in recipients:
        for pledge in recipient.pledges.all():
            if pledge.status in PLEDGED_STATUSES:
                history.pledged += pledge.nilai_dijanjikan
            history.delivered += pledge.nilai_diterima
    return history


# -- requests -------------------------------------------------------------------------------


def request_list(*, user):
    """Return the requests the user may see, with totals over the pledge rows it may see.

    A stakeholder contact's totals are of its own rows only: the sums run over the
    user-scoped pledges, never over the whole request.
    """
    pledges = access.scope_queryset(Pledge.objects.filter(recipient__request=OuterRef("pk")), user)

    def total(aggregate):
        return Coalesce(
            Subquery(
                pledges.order_by()
                .values("recipient__request")
                .annotate(total=aggregate)
                .values("total")
            ),
            0,
        )

    return (
        access.scope_queryset(SupportRequest.objects.select_related("kelurahan", "kecamatan"), user)
        .annotate(
            nilai_janji=total(Sum("nilai_dijanjikan", filter=Q(status__in=PLEDGED_STATUSES))),
            nilai_terima=total(Sum("nilai_diterima")),
            baris_diminta=total(Count("pk", filter=Q(status=PledgeStatus.DIMINTA))),
            baris_menunggu=total(Count("pk", filter=Q(status__in=WAITING_FOR_DELIVERY))),
        )
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=access.scope_queryset(
                    RequestRecipient.objects.select_related("stakeholder"), user
                ).order_by("stakeholder__nama"),
                to_attr="visible_recipients",
            )
        )
        .order_by("-tanggal", "-pk")
    )


def open_pledges_exist(*, user, statuses):
    """Return an Exists() over the user's pledge rows of a request in these statuses."""
    return Exists(
        access.scope_queryset(
            Pledge.objects.filter(recipient__request=OuterRef("pk"), status__in=statuses), user
        )
    )


def request_get(*, user, pk) -> SupportRequest:
    """Return one request with its rows, and the recipients (with their pledges and
    deliveries) the user may see: a stakeholder contact sees only its own."""
    recipients = access.scope_queryset(
        RequestRecipient.objects.select_related("stakeholder__jenis").prefetch_related(
            Prefetch("pledges", queryset=_pledges_with_deliveries())
        ),
        user,
    ).order_by("stakeholder__nama")
    return access.get_or_404(
        SupportRequest.objects.select_related("kelurahan", "kecamatan", "dibuat_oleh")
        .prefetch_related("items")
        .prefetch_related(
            Prefetch("recipients", queryset=recipients, to_attr="visible_recipients"),
            # A stakeholder contact has no access to problems: this list is empty for it.
            Prefetch("problems", queryset=_problems(user), to_attr="visible_problems"),
        ),
        user,
        pk=pk,
    )


def _problems(user):
    return access.scope_queryset(
        Problem.objects.select_related("kategori", "rt__rw", "kelurahan"), user
    ).order_by("kelurahan__nama", "-dibuat")


def problem_choices(*, user, include=()):
    """Return the open problems in the user's area a request may address (and ``include``:
    those it already addresses, even if closed since)."""
    return _problems(user).filter(
        Q(status__in=OPEN_PROBLEM_STATUSES) | Q(pk__in=[p.pk for p in include])
    )


def problems_with_needs(*, user, codes) -> list:
    """Return the user's problems with these tracking codes, their needs prefetched (to
    start a request from them)."""
    return list(
        _problems(user)
        .filter(kode__in=codes)
        .prefetch_related(Prefetch("needs", queryset=ProblemNeed.objects.order_by("pk")))
    )


def request_for_update(*, user, pk) -> SupportRequest:
    return access.get_or_404(
        SupportRequest.objects.select_related("kelurahan", "kecamatan").prefetch_related(
            "items", "recipients", "problems"
        ),
        user,
        pk=pk,
    )


def recipient_get(*, user, pk) -> RequestRecipient:
    return access.get_or_404(
        RequestRecipient.objects.select_related(
            "stakeholder__jenis", "request__kelurahan__kecamatan", "request__kecamatan__kota"
        ).prefetch_related(Prefetch("pledges", queryset=_pledges_with_deliveries())),
        user,
        pk=pk,
    )


def pledge_get(*, user, pk) -> Pledge:
    return access.get_or_404(
        Pledge.objects.select_related(
            "item", "recipient__stakeholder", "recipient__request__kelurahan"
        ).prefetch_related("deliveries"),
        user,
        pk=pk,
    )


def kept_photo(*, user, key: str) -> Photo | None:
    """Return the photo an earlier try of a form stored for ``user`` (``key``: its uuid),
    as long as no record has taken it since."""
    try:
        value = uuid.UUID(str(key))
    except ValueError:
        return None
    return photos_unused(Photo.objects.filter(uuid=value, uploaded_by=user)).first()


@dataclass(frozen=True)
class Letter:
    city: str  # "Kota Pangkal Pinang", for the letterhead
    place: str  # "Pangkal Pinang", before the date
    signer: str  # "Lurah Ampui" / "Camat Pangkalbalam"


def letter_for(recipient) -> Letter:
    """Return the letterhead and signature lines of the request letter to one recipient."""
    support_request = recipient.request
    kota = support_request.kecamatan.kota
    city = kota.nama if kota else ""
    place = city.removeprefix("Kota ").removeprefix("Kabupaten ") or support_request.kecamatan.nama
    if support_request.kelurahan:
        signer = _("Lurah %(name)s") % {"name": support_request.kelurahan.nama}
    else:
        signer = _("Camat %(name)s") % {"name": support_request.kecamatan.nama}
    return Letter(city=city, place=place, signer=signer)


# -- swadaya --------------------------------------------------------------------------------


def swadaya_list(*, user):
    return access.scope_queryset(
        Swadaya.objects.select_related("rt__rw", "kelurahan"), user
    ).order_by("-tanggal", "-pk")


def swadaya_total(queryset) -> int:
    """Return the Rupiah value of a (scoped, filtered) swadaya queryset."""
    return queryset.order_by().aggregate(total=Sum("nilai"))["total"] or 0


def swadaya_get(*, user, pk) -> Swadaya:
    return access.get_or_404(Swadaya.objects.select_related("rt__rw", "kelurahan"), user, pk=pk)


# -- summaries ------------------------------------------------------------------------------


@dataclass
class ValueRow:
    label: str
    pledged: int = 0
    delivered: int = 0
    swadaya: int = 0
    key: object = None

    @property
    def percent_delivered(self) -> int | None:
        """Return the delivered value as a whole percentage of the pledged value."""
        if not self.pledged:
            return None
        return round(100 * self.delivered / self.pledged)


@dataclass
class SupportSummary:
    year: int
    kelurahan: Kelurahan | None
    total: ValueRow
    by_type: list[ValueRow] = field(default_factory=list)
    by_month: list[ValueRow] = field(default_factory=list)
    by_kelurahan: list[ValueRow] = field(default_factory=list)


def _scoped_year(user, year: int, kelurahan):
    pledges = access.scope_queryset(
        Pledge.objects.filter(status__in=PLEDGED_STATUSES, tanggal_janji__year=year), user
    )
    deliveries = access.scope_queryset(Delivery.objects.filter(tanggal__year=year), user)
    swadaya = access.scope_queryset(Swadaya.objects.filter(tanggal__year=year), user)
    if kelurahan is not None:
        pledges = pledges.filter(recipient__request__kelurahan=kelurahan)
        deliveries = deliveries.filter(pledge__recipient__request__kelurahan=kelurahan)
        swadaya = swadaya.filter(kelurahan=kelurahan)
    return pledges.order_by(), deliveries.order_by(), swadaya.order_by()


def _sums(queryset, group: str, value: str) -> dict:
    return {
        row[group]: row["total"] or 0
        for row in queryset.values(group).annotate(total=Sum(value)).values(group, "total")
    }


def support_summary(*, user, year: int, kelurahan=None) -> SupportSummary:
    """Return the value pledged and delivered (by stakeholder type, month and kelurahan) and
    of swadaya in one year, inside the user's area (and one kelurahan, if given).

    Pledges count in the month of their pledge date, deliveries in the month received.
    A fixed number of queries, however many rows.
    """
    access.require_perm(user, "support.summary")
    pledges, deliveries, swadaya = _scoped_year(user, year, kelurahan)

    pledged = _sums(pledges, "recipient__stakeholder__jenis", "nilai_dijanjikan")
    delivered = _sums(deliveries, "pledge__recipient__stakeholder__jenis", "nilai")
    by_type = [
        ValueRow(t.nama, pledged.get(t.pk, 0), delivered.get(t.pk, 0), key=t.pk)
        for t in StakeholderType.objects.all()
    ]

    pledged = _sums(pledges.annotate(m=ExtractMonth("tanggal_janji")), "m", "nilai_dijanjikan")
    delivered = _sums(deliveries.annotate(m=ExtractMonth("tanggal")), "m", "nilai")
    given = _sums(swadaya.annotate(m=ExtractMonth("tanggal")), "m", "nilai")
    by_month = [
        ValueRow(str(MONTHS[m]), pledged.get(m, 0), delivered.get(m, 0), given.get(m, 0), key=m)
        for m in range(1, 13)
    ]
    total = ValueRow(
        _("Total"),
        sum(r.pledged for r in by_month),
        sum(r.delivered for r in by_month),
        sum(r.swadaya for r in by_month),
    )

    by_kelurahan = []
    if kelurahan is None and access.scope_for(user).level in (access.ALL, "kota", "kecamatan"):
        pledged = _sums(pledges, "recipient__request__kelurahan", "nilai_dijanjikan")
        delivered = _sums(deliveries, "pledge__recipient__request__kelurahan", "nilai")
        given = _sums(swadaya, "kelurahan", "nilai")
        by_kelurahan = [
            ValueRow(k.nama, pledged.get(k.pk, 0), delivered.get(k.pk, 0), given.get(k.pk, 0), k.pk)
            for k in kelurahan_choices(user=user).order_by("nama")
        ]
        if pledged.get(None) or delivered.get(None):
            by_kelurahan.append(
                ValueRow(_("Kecamatan office"), pledged.get(None, 0), delivered.get(None, 0))
            )
    return SupportSummary(
        year=year,
        kelurahan=kelurahan,
        total=total,
        by_type=by_type,
        by_month=by_month,
        by_kelurahan=by_kelurahan,
    )


def summary_years(*, user) -> list[int]:
    """Return the years that have pledges, deliveries or swadaya, newest first (and this one).
    One query."""
    delivered = access.scope_queryset(Delivery.objects.all(), user).annotate(
        year=ExtractYear("tanggal")
    )
    pledged = access.scope_queryset(
        Pledge.objects.filter(tanggal_janji__isnull=False), user
    ).annotate(year=ExtractYear("tanggal_janji"))
    given = access.scope_queryset(Swadaya.objects.all(), user).annotate(year=ExtractYear("tanggal"))
    years = (
        delivered.order_by()
        .values_list("year", flat=True)
        .union(
            pledged.order_by().values_list("year", flat=True),
            given.order_by().values_list("year", flat=True),
        )
    )
    return sorted(set(years.order_by()) | {timezone.localdate().year}, reverse=True)


# -- figures for later stages (the SIGORO index, the monthly report) ------------------------


@dataclass(frozen=True)
class Collaboration:
    """Who delivered support to a kelurahan in a period."""

    stakeholders: int
    types: frozenset  # StakeholderType.kode of the types that delivered


def collaboration_by_kelurahan(
    *, user, start: datetime.date, end: datetime.date
) -> dict[int, Collaboration]:
    """Return {kelurahan id: Collaboration} for deliveries received from ``start`` to ``end``
    (both included), for requests of a kelurahan inside the user's area. Kelurahan without a
    delivery are absent. One query."""
    rows = (
        access.scope_queryset(
            Delivery.objects.filter(
                tanggal__range=(start, end), pledge__recipient__request__kelurahan__isnull=False
            ),
            user,
        )
        .order_by()
        .values_list(
            "pledge__recipient__request__kelurahan",
            "pledge__recipient__stakeholder",
            "pledge__recipient__stakeholder__jenis__kode",
        )
        .distinct()
    )
    found: dict[int, tuple[set, set]] = {}
    for kelurahan_id, stakeholder_id, kode in rows:
        stakeholders, types = found.setdefault(kelurahan_id, (set(), set()))
        stakeholders.add(stakeholder_id)
        types.add(kode)
    return {
        kelurahan_id: Collaboration(len(stakeholders), frozenset(types))
        for kelurahan_id, (stakeholders, types) in found.items()
    }


@dataclass(frozen=True)
class SupportValue:
    pledged: int
    delivered: int


def support_value(
    *, user, start: datetime.date, end: datetime.date, kelurahan=None
) -> SupportValue:
    """Return the Rupiah value pledged (by pledge date) and delivered (by date received)
    from ``start`` to ``end`` inside the user's area, or one kelurahan of it."""
    pledges = access.scope_queryset(
        Pledge.objects.filter(status__in=PLEDGED_STATUSES, tanggal_janji__range=(start, end)),
        user,
    )
    deliveries = access.scope_queryset(Delivery.objects.filter(tanggal__range=(start, end)), user)
    if kelurahan is not None:
        pledges = pledges.filter(recipient__request__kelurahan=kelurahan)
        deliveries = deliveries.filter(pledge__recipient__request__kelurahan=kelurahan)
    return SupportValue(
        pledged=pledges.aggregate(total=Sum("nilai_dijanjikan"))["total"] or 0,
        delivered=deliveries.aggregate(total=Sum("nilai"))["total"] or 0,
    )


def swadaya_value(
    *, user, start: datetime.date, end: datetime.date, kelurahan=None, rt=None
) -> int:
    """Return the Rupiah value of swadaya from ``start`` to ``end`` inside the user's area,
    or one kelurahan or RT of it."""
    qs = access.scope_queryset(Swadaya.objects.filter(tanggal__range=(start, end)), user)
    if kelurahan is not None:
        qs = qs.filter(kelurahan=kelurahan)
    if rt is not None:
        qs = qs.filter(rt=rt)
    return qs.aggregate(total=Sum("nilai"))["total"] or 0


def swadaya_by_kelurahan(*, user, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Return {kelurahan id: Rupiah value of swadaya} from ``start`` to ``end``. One query."""
    qs = access.scope_queryset(Swadaya.objects.filter(tanggal__range=(start, end)), user)
    return _sums(qs.order_by(), "kelurahan", "nilai")


# -- home page ------------------------------------------------------------------------------


def home_todo(user) -> list:
    """The home page's to-do lines for stage 2: unanswered requests for a stakeholder
    contact, pledged rows still to be received for the kecamatan and kelurahan staff."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from sigoro.selectors import TodoItem

    url = reverse("stakeholder:request-list")
    todo = []
    if access.scope_for(user).level == access.STAKEHOLDER and access.has_perm(
        user, "pledge.answer"
    ):
        waiting = (
            access.scope_queryset(SupportRequest.objects.all(), user)
            .filter(open_pledges_exist(user=user, statuses=[PledgeStatus.DIMINTA]))
            .count()
        )
        if waiting:
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d request waits for your answer.",
                        "%(n)d requests wait for your answer.",
                        waiting,
                    )
                    % {"n": waiting},
                    f"{url}?status=diminta",
                    waiting,
                )
            )
    if access.has_perm(user, "delivery.record"):
        pledged = (
            access.scope_queryset(Pledge.objects.filter(status__in=WAITING_FOR_DELIVERY), user)
            .order_by()
            .count()
        )
        if pledged:
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d pledged item is still to be received from stakeholders.",
                        "%(n)d pledged items are still to be received from stakeholders.",
                        pledged,
                    )
                    % {"n": pledged},
                    f"{url}?status=menunggu",
                    pledged,
                    level="info",
                )
            )
    return todo


# -- links to what a request was made for -----------------------------------------------------


@dataclass
class RequestLink:
    label: str
    url: str


# Later stages link a request to what it was made for, e.g. a Rencana Aksi (apps register in
# AppConfig.ready): each provider takes the user and the request and returns RequestLinks.
REQUEST_LINK_PROVIDERS: list = []


def request_links(*, user, support_request) -> list[RequestLink]:
    """Return the pages a request was made for that the user may open."""
    return [link for provider in REQUEST_LINK_PROVIDERS for link in provider(user, support_request)]


# -- monitoring (laporan): the scoped rows its dashboards aggregate --------------------------


def deliveries_for_report(*, user):
    """Every delivery in the user's area, unordered, for monitoring's aggregates."""
    return access.scope_queryset(Delivery.objects.all(), user).order_by()


def swadaya_for_report(*, user):
    """Every swadaya record in the user's area, unordered, for monitoring's aggregates."""
    return access.scope_queryset(Swadaya.objects.all(), user).order_by()


def deliveries_for_summary():
    """Every delivery of every area, unordered: for the stored monthly dashboard figures,
    which monitoring groups by area (never shown unscoped)."""
    return Delivery.objects.order_by()


def swadaya_for_summary():
    """Every swadaya record of every area, unordered (as ``deliveries_for_summary``)."""
    return Swadaya.objects.order_by()


# -- figures for the SIGORO index (stage 5) ---------------------------------------------------


def index_deliveries(*, start: datetime.date, end: datetime.date):
    """Return the deliveries received from ``start`` to ``end`` (unscoped: ``laporan``
    restricts them to the user's areas). The stakeholder is ``pledge__recipient__stakeholder``;
    the area is the request's (``pledge__recipient__request__kelurahan`` / ``__kecamatan``)."""
    return Delivery.objects.filter(tanggal__gte=start, tanggal__lt=end)


def support_by_stakeholder(*, user) -> dict[int, dict]:
    """Return, per stakeholder id, the support inside the user's area: the number of
    pledges, their pledged Rupiah value and the value delivered (for exports)."""
    pledges = access.scope_queryset(Pledge.objects.all(), user)
    rows = pledges.values("recipient__stakeholder").annotate(
        pledges=Count("pk", filter=Q(status__in=PLEDGED_STATUSES)),
        pledged=Sum("nilai_dijanjikan", filter=Q(status__in=PLEDGED_STATUSES)),
        delivered=Sum("nilai_diterima"),
    )
    return {
        row["recipient__stakeholder"]: {
            "pledges": row["pledges"] or 0,
            "pledged": row["pledged"] or 0,
            "delivered": row["delivered"] or 0,
        }
        for row in rows
    }
