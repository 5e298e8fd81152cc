"""Writes of stage 2: the registry, requests, pledges, deliveries and swadaya.

Each service checks the role and the area first (``sigoro.access.require``) and writes in
one transaction. A pledge row's status is never set by hand: :func:`pledge_status` derives
it from the quantities pledged and delivered.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from permasalahan.models import Problem
from sigoro import access
from sigoro.changes import area_data_changed
from sigoro.formats import angka
from sigoro.models import Photo, Role, User
from sigoro.phone import normalize_phone
from sigoro.selectors import photos_unused
from sigoro.services import atomic_with_files, create_once, photo_create
from stakeholder import notifications, selectors
from stakeholder.models import (
    AnswerChannel,
    Delivery,
    Pledge,
    PledgeStatus,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    StakeholderContact,
    SupportKind,
    SupportRequest,
    Swadaya,
)

# -- helpers --------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Return the text with runs of spaces collapsed ("PT  Timah " -> "PT Timah")."""
    return " ".join((text or "").split())


def _not_in_future(value, field: str, *, today: datetime.date | None) -> None:
    if value is not None and value > (today or timezone.localdate()):
        raise ValidationError({field: _("This date is in the future.")})


def _changed(obj, fields: dict) -> bool:
    """Set ``fields`` on ``obj``; return whether any value differs from what it held."""
    changed = False
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# -- registry -------------------------------------------------------------------------------

STAKEHOLDER_FIELDS = (
    "jenis",
    "nama",
    "alamat",
    "kontak_nama",
    "telepon",
    "email",
    "seluruh_kecamatan",
    "aktif",
    "catatan",
)


def _normal_phone(stakeholder: Stakeholder) -> None:
    """Store the phone number as "62717421234" (shown as 0717-4212-34), or refuse it."""
    if stakeholder.telepon:
        phone = normalize_phone(stakeholder.telepon)
        if phone is None:
            raise ValidationError(
                {"telepon": _("Enter a valid phone number, e.g. 0812-3456-7890.")}
            )
        stakeholder.telepon = phone


def _check_area_of_work(stakeholder: Stakeholder, kelurahan_layanan) -> list:
    kelurahan_layanan = list(kelurahan_layanan or [])
    if stakeholder.seluruh_kecamatan:
        return []
    if not kelurahan_layanan:
        raise ValidationError(
            {
                "kelurahan_layanan": _(
                    "Choose at least one kelurahan, or tick 'serves the whole kecamatan'."
                )
            }
        )
    if any(k.kecamatan_id != stakeholder.kecamatan_id for k in kelurahan_layanan):
        raise ValidationError(
            {"kelurahan_layanan": _("Choose kelurahan of the stakeholder's own kecamatan.")}
        )
    return kelurahan_layanan


def stakeholder_create(
    *, user, kecamatan, kelurahan_layanan=(), idempotency_key: str | None = None, **fields
) -> Stakeholder:
    """Add a stakeholder to the kecamatan's registry (names are unique per kecamatan)."""
    access.require(user, "stakeholder.manage", kecamatan)

    def create() -> Stakeholder:
        stakeholder = Stakeholder(
            kecamatan=kecamatan,
            idempotency_key=idempotency_key or None,
            **{k: v for k, v in fields.items() if k in STAKEHOLDER_FIELDS},
        )
        stakeholder.nama = _one_line(stakeholder.nama)
        _normal_phone(stakeholder)
        served = _check_area_of_work(stakeholder, kelurahan_layanan)
        stakeholder.full_clean(exclude=["idempotency_key"])
        stakeholder.save()
        if served:
            stakeholder.kelurahan_layanan.set(served)
        return stakeholder

    try:
        return create_once(Stakeholder, idempotency_key, create)
    except IntegrityError:
        # Two submits with the same name raced past full_clean(): the other one won.
        raise ValidationError(
            _("This kecamatan already has a stakeholder with this name.")
        ) from None


def stakeholder_update(*, user, stakeholder: Stakeholder, kelurahan_layanan=(), **fields):
    access.require(user, "stakeholder.manage", stakeholder)
    fields = {k: v for k, v in fields.items() if k in STAKEHOLDER_FIELDS}
    if "nama" in fields:
        fields["nama"] = _one_line(fields["nama"])
    if fields.get("telepon"):
        fields["telepon"] = normalize_phone(fields["telepon"]) or fields["telepon"]
    changed = _changed(stakeholder, fields)
    _normal_phone(stakeholder)
    kelurahan_layanan = _check_area_of_work(stakeholder, kelurahan_layanan)
    stakeholder.full_clean(exclude=["idempotency_key"])
    with transaction.atomic():
        if changed:
            stakeholder.save()
        current = set(stakeholder.kelurahan_layanan.values_list("pk", flat=True))
        if current != {k.pk for k in kelurahan_layanan}:
            stakeholder.kelurahan_layanan.set(kelurahan_layanan)
    return stakeholder


def stakeholder_account_create(
    *, user, stakeholder: Stakeholder, username: str, password: str, **fields
) -> User:
    """Give the stakeholder's contact person a login that sees only this stakeholder."""
    access.require(user, "stakeholder.manage", stakeholder)
    access.require_perm(user, "user.manage")
    account = User(
        username=username,
        role=Role.STAKEHOLDER,
        kecamatan=stakeholder.kecamatan,
        **{k: v for k, v in fields.items() if k in ("first_name", "last_name", "phone", "jabatan")},
    )
    account.set_password(password)
    account.full_clean()
    with transaction.atomic():
        account.save()
        StakeholderContact.objects.create(user=account, stakeholder=stakeholder)
    return account


def stakeholder_contact_link(*, account: User, stakeholder: Stakeholder) -> StakeholderContact:
    """Make ``account`` answer for ``stakeholder`` (set-up and demo data; no user check)."""
    link, _created = StakeholderContact.objects.update_or_create(
        user=account, defaults={"stakeholder": stakeholder}
    )
    return link


# -- requests -------------------------------------------------------------------------------


@dataclass
class ItemRow:
    jenis: str
    item: str
    jumlah: int
    satuan: str
    pk: int | None = None  # an existing row, when editing


REQUEST_FIELDS = ("perihal", "nomor_surat", "tanggal", "dibutuhkan_tanggal", "keterangan")


def _check_recipients(user, support_request: SupportRequest, stakeholders) -> list:
    stakeholders = list(dict.fromkeys(stakeholders))
    if not stakeholders:
        raise ValidationError({"stakeholders": _("Choose at least one stakeholder.")})
    visible = set(
        access.scope_queryset(Stakeholder.objects.all(), user)
        .filter(pk__in=[s.pk for s in stakeholders])
        .values_list("pk", flat=True)
    )
    serving = None
    if support_request.kelurahan_id:
        serving = set(
            Stakeholder.objects.filter(
                Stakeholder.area_lookups["kelurahan"](support_request.kelurahan_id)
            ).values_list("pk", flat=True)
        )
    for stakeholder in stakeholders:
        same_kecamatan = stakeholder.kecamatan_id == support_request.kecamatan_id
        if stakeholder.pk not in visible or not same_kecamatan:
            raise ValidationError(
                {"stakeholders": _("%(name)s is not in your registry.") % {"name": stakeholder}}
            )
        if serving is not None and stakeholder.pk not in serving:
            raise ValidationError(
                {
                    "stakeholders": _("%(name)s does not serve %(area)s.")
                    % {"name": stakeholder, "area": support_request.kelurahan}
                }
            )
    return stakeholders


def _check_problems(user, support_request: SupportRequest, problems) -> list:
    """The problems a request addresses: open to the user, in the request's kelurahan."""
    problems = list(dict.fromkeys(problems or []))
    if not problems:
        return []
    visible = set(
        access.scope_queryset(Problem.objects.filter(pk__in=[p.pk for p in problems]), user)
        .filter(kelurahan__kecamatan=support_request.kecamatan_id)
        .values_list("pk", flat=True)
    )
    for problem in problems:
        elsewhere = (
            support_request.kelurahan_id and problem.kelurahan_id != support_request.kelurahan_id
        )
        if problem.pk not in visible or elsewhere:
            raise ValidationError(
                {
                    "problems": _("Problem %(code)s is not in the area of this request.")
                    % {"code": problem.kode}
                }
            )
    return problems


def _clean_items(items) -> list[RequestItem]:
    rows = []
    for row in items:
        item = RequestItem(
            jenis=row.jenis, item=_one_line(row.item), jumlah=row.jumlah, satuan=row.satuan.strip()
        )
        item.full_clean(exclude=["request"])
        rows.append(item)
    if not rows:
        raise ValidationError(_("Add at least one row: what is asked for."))
    return rows


def request_create(
    *,
    user,
    kecamatan,
    kelurahan=None,
    items: list[ItemRow],
    stakeholders,
    problems=(),
    idempotency_key: str | None = None,
    **fields,
) -> SupportRequest:
    """Ask one or more stakeholders for support: the request, its rows, one pledge row per
    stakeholder and row (status "diminta")."""
    access.require(user, "request.manage", kelurahan or kecamatan)

    def create() -> SupportRequest:
        support_request = SupportRequest(
            kecamatan=kelurahan.kecamatan if kelurahan else kecamatan,
            kelurahan=kelurahan,
            dibuat_oleh=user,
            idempotency_key=idempotency_key or None,
            **{k: v for k, v in fields.items() if k in REQUEST_FIELDS},
        )
        support_request.perihal = _one_line(support_request.perihal)
        support_request.full_clean(exclude=["idempotency_key", "dibuat_oleh"])
        rows = _clean_items(items)
        recipients = _check_recipients(user, support_request, stakeholders)
        addressed = _check_problems(user, support_request, problems)
        support_request.save()
        if addressed:
            support_request.problems.set(addressed)
        for row in rows:
            row.request = support_request
            row.save()
        for stakeholder in recipients:
            _add_recipient(support_request, stakeholder, rows)
        transaction.on_commit(lambda: notifications.request_sent(support_request.pk))
        return support_request

    return create_once(SupportRequest, idempotency_key, create)


def _add_recipient(support_request, stakeholder, items) -> RequestRecipient:
    recipient = RequestRecipient.objects.create(request=support_request, stakeholder=stakeholder)
    for item in items:
        Pledge.objects.create(recipient=recipient, item=item)
    return recipient


def request_update(
    *,
    user,
    support_request: SupportRequest,
    items: list[ItemRow],
    stakeholders,
    problems=(),
    **fields,
) -> SupportRequest:
    """Change a request. Its rows are fixed once any stakeholder has answered; a stakeholder
    that has answered stays on it; new stakeholders can always be added."""
    access.require(user, "request.manage", support_request)
    header_changed = _changed(
        support_request, {k: v for k, v in fields.items() if k in REQUEST_FIELDS}
    )
    support_request.perihal = _one_line(support_request.perihal)
    support_request.full_clean(exclude=["idempotency_key", "dibuat_oleh"])
    stakeholders = _check_recipients(user, support_request, stakeholders)
    problems = _check_problems(user, support_request, problems)
    existing_items = {item.pk: item for item in support_request.items.all()}
    answered = selectors.request_rows_locked(support_request)
    with transaction.atomic():
        if header_changed:
            support_request.save()
        if {p.pk for p in support_request.problems.all()} != {p.pk for p in problems}:
            support_request.problems.set(problems)
        items_now = _update_items(support_request, existing_items, items, answered)
        recipients = {r.stakeholder_id: r for r in support_request.recipients.all()}
        for stakeholder_id, recipient in recipients.items():
            if stakeholder_id in {s.pk for s in stakeholders}:
                continue
            if recipient.pledges.exclude(status=PledgeStatus.DIMINTA).exists():
                raise ValidationError(
                    {
                        "stakeholders": _("%(name)s has already answered and stays on the request.")
                        % {"name": recipient.stakeholder}
                    }
                )
            recipient.delete()
        for stakeholder in stakeholders:
            if stakeholder.pk not in recipients:
                _add_recipient(support_request, stakeholder, items_now)
        # Stakeholders added now are told; those already asked were told before (dedupe).
        transaction.on_commit(lambda: notifications.request_sent(support_request.pk))
    return support_request


def _update_items(support_request, existing: dict, items: list[ItemRow], answered: bool):
    """Apply the edited rows; return the request's rows afterwards."""
    rows = {row.pk: row for row in items if row.pk in existing}
    new_rows = [row for row in items if row.pk not in existing]
    unchanged = not new_rows and set(rows) == set(existing)
    if unchanged:
        for pk, row in rows.items():
            item = existing[pk]
            if (item.jenis, item.item, item.jumlah, item.satuan) != (
                row.jenis,
                _one_line(row.item),
                row.jumlah,
                row.satuan.strip(),
            ):
                unchanged = False
    if unchanged:
        return list(existing.values())
    if answered:
        raise ValidationError(
            _(
                "The rows cannot change once a stakeholder has answered. "
                "Make a new request for what is still needed."
            )
        )
    cleaned = _clean_items(items)
    result = []
    for row, item in zip(items, cleaned, strict=True):
        if row.pk in existing:
            current = existing.pop(row.pk)
            values = {f: getattr(item, f) for f in ("jenis", "item", "jumlah", "satuan")}
            if _changed(current, values):
                current.save()
            result.append(current)
        else:
            item.request = support_request
            item.save()
            for recipient in support_request.recipients.all():
                Pledge.objects.create(recipient=recipient, item=item)
            result.append(item)
    for leftover in existing.values():
        leftover.delete()
    return result


# -- pledges --------------------------------------------------------------------------------


def pledge_status(pledge: Pledge) -> str:
    """Return the status the quantities imply."""
    if pledge.jumlah_dijanjikan is None:
        return PledgeStatus.DIMINTA
    if pledge.jumlah_dijanjikan == 0:
        return PledgeStatus.DITOLAK
    if pledge.jumlah_diterima == 0:
        return PledgeStatus.DIJANJIKAN
    if pledge.jumlah_diterima < pledge.jumlah_dijanjikan:
        return PledgeStatus.SEBAGIAN
    return PledgeStatus.DITERIMA


@dataclass
class PledgeAnswer:
    pledge: Pledge
    jumlah: int | None  # None: not answered (yet); 0: declined
    nilai: int | None = None
    catatan: str = ""
    above_request: bool = False  # confirmed: more than the row asked for is pledged


def pledge_answer_check(
    *,
    pledge: Pledge,
    jumlah: int | None,
    nilai: int | None = None,
    catatan: str = "",
    above_request=False,
) -> None:
    """Refuse an answer to one row that cannot stand, with errors on "jumlah" and "nilai".

    An answered row cannot be emptied again (0 declines it) nor fall below what was already
    delivered; a row's note comes with its quantity (it would be lost without one); a pledge
    carries its estimated value (guidance may have none); pledging more than the row asked
    for is allowed once confirmed (``above_request``; else the error has the code
    "above_request").
    """
    item = pledge.item
    errors = {}
    if jumlah is None:
        if pledge.jumlah_dijanjikan is not None:
            errors["jumlah"] = _("Enter 0 to decline this row.")
        elif (catatan or "").strip():
            errors["jumlah"] = _("Enter the quantity pledged for this note (0 declines the row).")
    elif jumlah < pledge.jumlah_diterima:
        errors["jumlah"] = _("%(n)s %(unit)s were already delivered; pledge at least that.") % {
            "n": angka(pledge.jumlah_diterima),
            "unit": item.satuan,
        }
    elif (extra := selectors.pledge_above_request(pledge, jumlah)) and not above_request:
        errors["jumlah"] = ValidationError(
            _(
                "That is %(extra)s %(unit)s more than the %(asked)s %(unit)s asked for. "
                "Confirm it to pledge more than asked."
            )
            % {"extra": angka(extra), "asked": angka(item.jumlah), "unit": item.satuan},
            code="above_request",
        )
    if jumlah and nilai is None and item.jenis != SupportKind.ARAHAN:
        errors["nilai"] = _("Estimate the value in Rupiah (0 if it has none).")
    if errors:
        raise ValidationError(errors)


def recipient_answer(
    *,
    user,
    recipient: RequestRecipient,
    answers: list[PledgeAnswer],
    jawaban: str = "",
    tanggal=None,
    cara: str = "",
    now: datetime.datetime | None = None,
) -> RequestRecipient:
    """Record a stakeholder's answer to its rows: through its own login (in SIGORO, today),
    or by the office for an answer given by phone, letter or in person (on ``tanggal``,
    not in the future).

    Refused when it would save nothing: no row answered and no note.
    """
    access.require(user, "pledge.answer", recipient)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if selectors.answers_for_itself(user):
        tanggal, cara = today, AnswerChannel.PORTAL
    else:
        tanggal = tanggal or today
        cara = cara or AnswerChannel.TELEPON
        _not_in_future(tanggal, "tanggal", today=today)
    jawaban = (jawaban or "").strip()
    by_pk = {a.pledge.pk: a for a in answers}
    with transaction.atomic():
        pledges = list(
            Pledge.objects.select_for_update().select_related("item").filter(recipient=recipient)
        )
        answered = [
            p
            for p in pledges
            if (by_pk[p.pk].jumlah if p.pk in by_pk else p.jumlah_dijanjikan) is not None
        ]
        any_changed = False
        for pledge in pledges:
            if pledge.pk in by_pk:
                any_changed |= _apply_answer(
                    user, pledge, by_pk[pledge.pk], tanggal=tanggal, cara=cara
                )
        if not answered and not jawaban:
            raise ValidationError(
                _(
                    "Nothing was saved: enter the quantity pledged for at least one row "
                    "(0 declines a row), or a note."
                ),
                code="empty",
            )
        if any_changed or jawaban != recipient.jawaban:
            recipient.jawaban = jawaban
            recipient.dijawab_pada = now
            recipient.save(update_fields=["jawaban", "dijawab_pada"])
            transaction.on_commit(
                lambda: notifications.pledge_answered(recipient.pk, by_id=user.pk)
            )
    return recipient


def _apply_answer(user, pledge: Pledge, answer: PledgeAnswer, *, tanggal, cara) -> bool:
    try:
        pledge_answer_check(
            pledge=pledge,
            jumlah=answer.jumlah,
            nilai=answer.nilai,
            catatan=answer.catatan,
            above_request=answer.above_request,
        )
    except ValidationError as error:
        # Said on top of the whole form: name the row.
        raise ValidationError(
            [f"{pledge.item.item}: {m[:1].lower()}{m[1:]}" for m in error.messages]
        ) from None
    if answer.jumlah is None:
        return False
    nilai = 0 if answer.jumlah == 0 else (answer.nilai or 0)
    content = {
        "jumlah_dijanjikan": answer.jumlah,
        "nilai_dijanjikan": max(nilai, pledge.nilai_diterima),
        "catatan": (answer.catatan or "").strip(),
    }
    if not _changed(pledge, content):
        return False
    pledge.tanggal_janji = tanggal
    pledge.cara = cara
    pledge.dijawab_oleh = user
    pledge.status = pledge_status(pledge)
    pledge.full_clean()
    pledge.save()
    return True


# -- deliveries -----------------------------------------------------------------------------


def delivery_check(
    *,
    pledge: Pledge,
    jumlah: int | None,
    tanggal: datetime.date | None,
    above_pledge=False,
    today: datetime.date | None = None,
) -> None:
    """Refuse a delivery that cannot be recorded, with errors on "jumlah" and "tanggal".

    Only a row with something still to come (``selectors.pledge_deliverable``) receives, at
    least 1, on a day not in the future. More than is still to come is refused (code
    "above_pledge") unless the office confirms the stakeholder gave more (``above_pledge``):
    then its pledge is raised to what arrived.
    """
    left = selectors.pledge_deliverable(pledge)
    if not left:
        if pledge.status == PledgeStatus.DITERIMA:
            raise ValidationError(
                _(
                    "Everything pledged for this row was already received. If the "
                    "stakeholder gave more, change its pledge first."
                )
            )
        raise ValidationError(
            _("Only a pledged row can be received: record the stakeholder's pledge first.")
        )
    errors = {}
    if tanggal is not None and tanggal > (today or timezone.localdate()):
        errors["tanggal"] = _("This date is in the future.")
    if jumlah is not None and jumlah < 1:
        errors["jumlah"] = _("Enter a quantity of at least 1.")
    elif jumlah is not None and jumlah > left and not above_pledge:
        unit = pledge.item.satuan
        errors["jumlah"] = ValidationError(
            _(
                "%(left)s %(unit)s are still to come (%(pledged)s pledged, %(received)s "
                "received). If the stakeholder really gave %(n)s %(unit)s, confirm it: its "
                "pledge is then raised to %(total)s %(unit)s."
            )
            % {
                "left": angka(left),
                "pledged": angka(pledge.jumlah_dijanjikan),
                "received": angka(pledge.jumlah_diterima),
                "n": angka(jumlah),
                "total": angka(pledge.jumlah_diterima + jumlah),
                "unit": unit,
            },
            code="above_pledge",
        )
    if errors:
        raise ValidationError(errors)


def delivery_record(
    *,
    user,
    pledge: Pledge,
    jumlah: int,
    tanggal,
    diterima_oleh: str,
    nilai: int | None = None,
    upload=None,
    kept_photo: Photo | None = None,
    catatan: str = "",
    above_pledge=False,
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> Delivery:
    """Record what arrived for a pledged row (all of it, or part), with an optional photo:
    a new ``upload``, or ``kept_photo`` (:func:`delivery_photo_keep_for_retry`).

    Without a value, the delivered part of the pledged value is taken (the last delivery
    takes what is left, so the values add up to the pledge exactly). With ``above_pledge``
    more than is still to come may be recorded: the pledge is raised to what arrived, its
    value in proportion. Raises ``sigoro.photos.PhotoError`` for a photo that cannot be
    used; then nothing is saved.
    """
    access.require(user, "delivery.record", pledge)
    check = {"jumlah": jumlah, "tanggal": tanggal, "above_pledge": above_pledge, "today": today}

    def create() -> Delivery:
        delivery_check(pledge=pledge, **check)
        # The photo first: its processing must not hold the row lock below.
        foto = _delivery_photo(user, pledge, upload=upload, kept_photo=kept_photo)
        locked = Pledge.objects.select_for_update().select_related("item").get(pk=pledge.pk)
        delivery_check(pledge=locked, **check)
        extra = jumlah - selectors.pledge_deliverable(locked)
        if extra > 0:
            _raise_pledge(locked, extra)
        delivery = Delivery(
            pledge=locked,
            tanggal=tanggal,
            jumlah=jumlah,
            nilai=_share_of_value(locked, jumlah) if nilai is None else nilai,
            diterima_oleh=_one_line(diterima_oleh),
            foto=foto,
            catatan=(catatan or "").strip(),
            dicatat_oleh=user,
            idempotency_key=idempotency_key or None,
        )
        delivery.full_clean(exclude=["idempotency_key"])
        delivery.save()
        transaction.on_commit(lambda: notifications.delivery_recorded(delivery.pk, by_id=user.pk))
        locked.jumlah_diterima += jumlah
        locked.nilai_diterima += delivery.nilai
        locked.nilai_dijanjikan = max(locked.nilai_dijanjikan, locked.nilai_diterima)
        locked.status = pledge_status(locked)
        locked.save()
        request = locked.recipient.request
        area_data_changed(
            kelurahan_id=request.kelurahan_id,
            kecamatan_id=request.kecamatan_id,
            days=[delivery.tanggal],
        )
        return delivery

    delivery = create_once(Delivery, idempotency_key, create, atomic=atomic_with_files)
    pledge.refresh_from_db()
    return delivery


def delivery_photo_keep_for_retry(*, user, pledge: Pledge, upload) -> Photo:
    """Store the good photo of a delivery form that failed for another reason, so that the
    user need not pick it again: it is sent back as ``kept_photo``. A photo no delivery
    takes is removed by ``cleanup_photos`` a day later. Raises ``PhotoError`` for a bad one.
    """
    access.require(user, "delivery.record", pledge)
    return photo_create(user=user, upload=upload, caption=str(pledge.item))


def _delivery_photo(user, pledge: Pledge, *, upload, kept_photo: Photo | None) -> Photo | None:
    if upload:
        return photo_create(user=user, upload=upload, caption=str(pledge.item))
    if kept_photo is None:
        return None
    if not photos_unused(Photo.objects.filter(pk=kept_photo.pk, uploaded_by=user)).exists():
        raise ValidationError(
            {"foto": _("The photo chosen before is no longer available: choose it again.")}
        )
    return kept_photo


def _raise_pledge(pledge: Pledge, extra: int) -> None:
    """Raise a pledge by ``extra`` (the stakeholder gave more), its value in proportion."""
    raised = pledge.jumlah_dijanjikan + extra
    pledge.nilai_dijanjikan = pledge.nilai_dijanjikan * raised // pledge.jumlah_dijanjikan
    pledge.jumlah_dijanjikan = raised


def _share_of_value(pledge: Pledge, jumlah: int) -> int:
    """Return the part of the pledged value that ``jumlah`` of the pledged quantity is worth."""
    remaining_value = max(pledge.nilai_dijanjikan - pledge.nilai_diterima, 0)
    if jumlah >= selectors.pledge_deliverable(pledge):
        return remaining_value
    return min(pledge.nilai_dijanjikan * jumlah // pledge.jumlah_dijanjikan, remaining_value)


# -- swadaya --------------------------------------------------------------------------------

SWADAYA_FIELDS = (
    "tanggal",
    "acara",
    "jenis",
    "item",
    "jumlah",
    "satuan",
    "nilai",
    "sumber",
    "donatur_nama",
    "catatan",
)


def swadaya_create(
    *, user, rt, idempotency_key: str | None = None, today: datetime.date | None = None, **fields
) -> Swadaya:
    """Record a contribution of the community itself (cash, goods, labour, food) in one RT."""
    access.require(user, "swadaya.record", rt)

    def create() -> Swadaya:
        swadaya = Swadaya(
            rt=rt,
            dicatat_oleh=user,
            idempotency_key=idempotency_key or None,
            **{k: v for k, v in fields.items() if k in SWADAYA_FIELDS},
        )
        _not_in_future(swadaya.tanggal, "tanggal", today=today)
        swadaya.item = _one_line(swadaya.item)
        swadaya.full_clean(exclude=["idempotency_key", "kelurahan", "dicatat_oleh"])
        swadaya.save()
        # The dashboard shows the swadaya value of the area and period.
        area_data_changed(kelurahan_id=swadaya.kelurahan_id, days=[swadaya.tanggal])
        return swadaya

    return create_once(Swadaya, idempotency_key, create)


def swadaya_update(
    *, user, swadaya: Swadaya, rt=None, today: datetime.date | None = None, **fields
) -> Swadaya:
    access.require(user, "swadaya.record", swadaya)
    before_kelurahan_id, before_day = swadaya.kelurahan_id, swadaya.tanggal
    moved = rt is not None and rt.pk != swadaya.rt_id
    if moved:
        access.require(user, "swadaya.record", rt)
        swadaya.rt = rt
    fields = {k: v for k, v in fields.items() if k in SWADAYA_FIELDS}
    if "item" in fields:
        fields["item"] = _one_line(fields["item"])
    changed = _changed(swadaya, fields)
    _not_in_future(swadaya.tanggal, "tanggal", today=today)
    swadaya.full_clean(exclude=["idempotency_key", "kelurahan", "dicatat_oleh"])
    if changed or moved:
        with transaction.atomic():
            swadaya.save()
            days = [before_day, swadaya.tanggal]
            area_data_changed(kelurahan_id=swadaya.kelurahan_id, days=days)
            if before_kelurahan_id != swadaya.kelurahan_id:
                area_data_changed(kelurahan_id=before_kelurahan_id, days=[before_day])
    return swadaya
