"""Writes of stage 2: the registry, requests, pledges, deliveries and swadaya.

Each service checks the role and the area first (``sigoro.access.require``) and writes in
one transaction. A pledge row's status is never set by hand: :func:`pledge_status` derives
it from the quantities pledged and delivered.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from permasalahan.models import Problem
from sigoro import access
from sigoro.models import Role, User
from sigoro.phone import normalize_phone
from sigoro.services import atomic_with_files, photo_create
from stakeholder.models import (
    AnswerChannel,
    Delivery,
    Pledge,
    PledgeStatus,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    StakeholderContact,
    SupportRequest,
    Swadaya,
)

# -- helpers --------------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _one_line(text: str) -> str:
    """Return the text with runs of spaces collapsed ("PT  Timah " -> "PT Timah")."""
    return " ".join((text or "").split())


def _not_in_future(value, field: str):
    if value is not None and value > _today():
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
    if idempotency_key:
        existing = Stakeholder.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    stakeholder = Stakeholder(
        kecamatan=kecamatan,
        idempotency_key=idempotency_key or None,
        **{k: v for k, v in fields.items() if k in STAKEHOLDER_FIELDS},
    )
    stakeholder.nama = _one_line(stakeholder.nama)
    _normal_phone(stakeholder)
    kelurahan_layanan = _check_area_of_work(stakeholder, kelurahan_layanan)
    stakeholder.full_clean(exclude=["idempotency_key"])
    try:
        with transaction.atomic():
            stakeholder.save()
            if kelurahan_layanan:
                stakeholder.kelurahan_layanan.set(kelurahan_layanan)
    except IntegrityError:
        existing = Stakeholder.objects.filter(idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing
        raise ValidationError(
            _("This kecamatan already has a stakeholder with this name.")
        ) from None
    return stakeholder


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
    if idempotency_key:
        existing = SupportRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
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
    stakeholders = _check_recipients(user, support_request, stakeholders)
    problems = _check_problems(user, support_request, problems)
    try:
        with transaction.atomic():
            support_request.save()
            if problems:
                support_request.problems.set(problems)
            for row in rows:
                row.request = support_request
                row.save()
            for stakeholder in stakeholders:
                _add_recipient(support_request, stakeholder, rows)
    except IntegrityError:
        existing = SupportRequest.objects.filter(idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing
        raise
    return support_request


def _add_recipient(support_request, stakeholder, items) -> RequestRecipient:
    recipient = RequestRecipient.objects.create(request=support_request, stakeholder=stakeholder)
    for item in items:
        Pledge.objects.create(recipient=recipient, item=item)
    return recipient


def request_has_answers(support_request: SupportRequest) -> bool:
    return (
        Pledge.objects.filter(recipient__request=support_request)
        .exclude(status=PledgeStatus.DIMINTA)
        .exists()
    )


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
    answered = request_has_answers(support_request)
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


def recipient_answer(
    *,
    user,
    recipient: RequestRecipient,
    answers: list[PledgeAnswer],
    jawaban: str = "",
    tanggal=None,
    cara: str = "",
) -> RequestRecipient:
    """Record a stakeholder's answer to its rows: through its own login, or by the office
    for an answer given by phone, letter or in person."""
    access.require(user, "pledge.answer", recipient)
    if user.role == Role.STAKEHOLDER:
        tanggal, cara = _today(), AnswerChannel.PORTAL
    else:
        tanggal = tanggal or _today()
        cara = cara or AnswerChannel.TELEPON
        _not_in_future(tanggal, "tanggal")
    by_pk = {a.pledge.pk: a for a in answers}
    with transaction.atomic():
        pledges = list(
            Pledge.objects.select_for_update()
            .select_related("item")
            .filter(recipient=recipient, pk__in=by_pk)
        )
        any_changed = False
        for pledge in pledges:
            answer = by_pk[pledge.pk]
            any_changed |= _apply_answer(user, pledge, answer, tanggal=tanggal, cara=cara)
        jawaban = (jawaban or "").strip()
        if any_changed or jawaban != recipient.jawaban:
            recipient.jawaban = jawaban
            recipient.dijawab_pada = timezone.now()
            recipient.save(update_fields=["jawaban", "dijawab_pada"])
    return recipient


def _apply_answer(user, pledge: Pledge, answer: PledgeAnswer, *, tanggal, cara) -> bool:
    item = pledge.item
    if answer.jumlah is None:
        if pledge.jumlah_dijanjikan is None:
            return False
        raise ValidationError(_("%(item)s: enter 0 to decline this row.") % {"item": item.item})
    if answer.jumlah < pledge.jumlah_diterima:
        raise ValidationError(
            _("%(item)s: %(n)d %(unit)s were already delivered; pledge at least that.")
            % {"item": item.item, "n": pledge.jumlah_diterima, "unit": item.satuan}
        )
    nilai = 0 if answer.jumlah == 0 else (answer.nilai or 0)
    if nilai < pledge.nilai_diterima:
        nilai = pledge.nilai_diterima
    content = {
        "jumlah_dijanjikan": answer.jumlah,
        "nilai_dijanjikan": nilai,
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


def delivery_record(
    *,
    user,
    pledge: Pledge,
    jumlah: int,
    tanggal,
    diterima_oleh: str,
    nilai: int | None = None,
    upload=None,
    catatan: str = "",
    idempotency_key: str | None = None,
) -> Delivery:
    """Record what arrived for a pledged row (all of it, or part), with an optional photo.

    Without a value, the delivered part of the pledged value is taken (the last delivery
    takes what is left, so the values add up to the pledge exactly). Raises
    ``sigoro.photos.PhotoError`` for a photo that cannot be used; then nothing is saved.
    """
    access.require(user, "delivery.record", pledge)
    if idempotency_key:
        existing = Delivery.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    _not_in_future(tanggal, "tanggal")
    _check_deliverable(pledge, jumlah)
    try:
        with atomic_with_files():
            # The photo first: its processing must not hold the row lock below.
            foto = None
            if upload:
                foto = photo_create(user=user, upload=upload, caption=str(pledge.item))
            locked = Pledge.objects.select_for_update().select_related("item").get(pk=pledge.pk)
            _check_deliverable(locked, jumlah)
            if nilai is None:
                nilai = _share_of_value(locked, jumlah)
            delivery = Delivery(
                pledge=locked,
                tanggal=tanggal,
                jumlah=jumlah,
                nilai=nilai,
                diterima_oleh=_one_line(diterima_oleh),
                foto=foto,
                catatan=(catatan or "").strip(),
                dicatat_oleh=user,
                idempotency_key=idempotency_key or None,
            )
            delivery.full_clean(exclude=["idempotency_key"])
            delivery.save()
            locked.jumlah_diterima += jumlah
            locked.nilai_diterima += nilai
            locked.nilai_dijanjikan = max(locked.nilai_dijanjikan, locked.nilai_diterima)
            locked.status = pledge_status(locked)
            locked.save()
    except IntegrityError:
        existing = Delivery.objects.filter(idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing
        raise
    pledge.refresh_from_db()
    return delivery


def _check_deliverable(pledge: Pledge, jumlah: int) -> None:
    if pledge.status not in (PledgeStatus.DIJANJIKAN, PledgeStatus.SEBAGIAN):
        raise ValidationError(
            _("Only a pledged row can be received: record the stakeholder's pledge first.")
        )
    if jumlah < 1:
        raise ValidationError({"jumlah": _("Enter a quantity of at least 1.")})
    if jumlah > pledge.sisa:
        raise ValidationError(
            {
                "jumlah": _(
                    "Only %(n)d %(unit)s are still to come. If the stakeholder gave more, "
                    "change its pledge first."
                )
                % {"n": pledge.sisa, "unit": pledge.item.satuan}
            }
        )


def _share_of_value(pledge: Pledge, jumlah: int) -> int:
    """Return the part of the pledged value that ``jumlah`` of the pledged quantity is worth."""
    remaining_value = max(pledge.nilai_dijanjikan - pledge.nilai_diterima, 0)
    if jumlah >= pledge.sisa:
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


def swadaya_create(*, user, rt, idempotency_key: str | None = None, **fields) -> Swadaya:
    """Record a contribution of the community itself (cash, goods, labour, food) in one RT."""
    access.require(user, "swadaya.record", rt)
    if idempotency_key:
        existing = Swadaya.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    swadaya = Swadaya(
        rt=rt,
        dicatat_oleh=user,
        idempotency_key=idempotency_key or None,
        **{k: v for k, v in fields.items() if k in SWADAYA_FIELDS},
    )
    _not_in_future(swadaya.tanggal, "tanggal")
    swadaya.item = _one_line(swadaya.item)
    swadaya.full_clean(exclude=["idempotency_key", "kelurahan", "dicatat_oleh"])
    try:
        with transaction.atomic():
            swadaya.save()
    except IntegrityError:
        existing = Swadaya.objects.filter(idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing
        raise
    return swadaya


def swadaya_update(*, user, swadaya: Swadaya, rt=None, **fields) -> Swadaya:
    access.require(user, "swadaya.record", swadaya)
    moved = rt is not None and rt.pk != swadaya.rt_id
    if moved:
        access.require(user, "swadaya.record", rt)
        swadaya.rt = rt
    fields = {k: v for k, v in fields.items() if k in SWADAYA_FIELDS}
    if "item" in fields:
        fields["item"] = _one_line(fields["item"])
    changed = _changed(swadaya, fields)
    _not_in_future(swadaya.tanggal, "tanggal")
    swadaya.full_clean(exclude=["idempotency_key", "kelurahan", "dicatat_oleh"])
    if changed or moved:
        with transaction.atomic():
            swadaya.save()
    return swadaya
