"""One person's data, exported or deleted on request (UU PDP 2022, Indonesia's personal
data protection law).

The admin kecamatan names a person: a user account (by username), or a reporter without
an account (by phone number or by name). Each app that holds personal data registers a
provider here in its ``AppConfig.ready`` (the core knows no stage): a provider exports the
rows it holds about the person, inside the admin's area, and erases them. Erasing keeps a
record's public content and drops what identifies the person (name, phone, photo GPS),
in the history tables too. Both actions are written to the audit trail
(``PersonalDataRequest``), which names the account but never the phone or name.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sigoro import access
from sigoro.models import (
    PersonalDataAction,
    PersonalDataRequest,
    PersonalDataSubjectKind,
    Photo,
    User,
)
from sigoro.phone import normalize_phone


@dataclass(frozen=True)
class Subject:
    """The person asked about: an account, or a reporter known by phone or name."""

    kind: str
    account: User | None = None
    phone: str = ""  # stored form, e.g. "6281234567890"
    name: str = ""

    def phone_variants(self) -> set[str]:
        """The ways a phone may have been stored (older rows keep what was typed)."""
        if not self.phone:
            return set()
        local = "0" + self.phone[2:] if self.phone.startswith("62") else self.phone
        return {self.phone, "+" + self.phone, local}


@dataclass(frozen=True)
class Provider:
    """What one app holds: ``export(user=, subject=)`` returns a list of dicts (JSON-ready);
    ``erase(user=, subject=)`` blanks the person's data and returns how many rows changed."""

    key: str
    label: Callable[[], str]
    export: Callable[..., list[dict]]
    erase: Callable[..., int]


PERSONAL_DATA_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    PERSONAL_DATA_PROVIDERS[provider.key] = provider


def subject_find(*, user, kind: str, value: str) -> Subject:
    """Return the person ``value`` names, inside the admin's area; 404 when the admin holds
    nothing about them (another kecamatan's account gives the same answer)."""
    access.require_perm(user, "personal_data.manage")
    value = (value or "").strip()
    if kind == PersonalDataSubjectKind.ACCOUNT:
        account = access.get_or_404(User.objects.all(), user, username__iexact=value)
        subject = Subject(kind=kind, account=account)
    elif kind == PersonalDataSubjectKind.PHONE:
        phone = normalize_phone(value)
        if phone is None:
            raise Http404
        subject = Subject(kind=kind, phone=phone)
    elif kind == PersonalDataSubjectKind.NAME and value:
        subject = Subject(kind=kind, name=value)
    else:
        raise Http404
    if subject.account is None and not any(personal_data_export(user=user, subject=subject)):
        raise Http404
    return subject


def personal_data_export(*, user, subject: Subject) -> dict[str, list[dict]]:
    """Return, per provider, the rows SIGORO holds about the person (in the admin's area)."""
    access.require_perm(user, "personal_data.manage")
    found = {}
    for key, provider in PERSONAL_DATA_PROVIDERS.items():
        rows = provider.export(user=user, subject=subject)
        if rows:
            found[key] = rows
    return found


def personal_data_summary(*, user, subject: Subject) -> list[tuple[str, int]]:
    """Return (section label, rows) for the confirmation page."""
    data = personal_data_export(user=user, subject=subject)
    return [(str(PERSONAL_DATA_PROVIDERS[key].label()), len(rows)) for key, rows in data.items()]


def personal_data_download(*, user, subject: Subject, now=None) -> dict:
    """Export the person's data as one JSON document and record the export."""
    data = personal_data_export(user=user, subject=subject)
    _record(user=user, subject=subject, action=PersonalDataAction.EXPORT, rows=data)
    return {
        "diekspor": (now or timezone.now()).isoformat(),
        "subjek": {"jenis": subject.kind, "akun": subject.account and subject.account.pk},
        "data": data,
    }


def personal_data_erase(*, user, subject: Subject) -> int:
    """Delete/anonymise the person's data in the admin's area; return the rows changed."""
    access.require_perm(user, "personal_data.manage")
    if subject.account is not None and subject.account.pk == user.pk:
        raise ValidationError(_("You cannot delete the data of your own account."))
    with transaction.atomic():
        changed = sum(
            provider.erase(user=user, subject=subject)
            for provider in PERSONAL_DATA_PROVIDERS.values()
        )
        _record(user=user, subject=subject, action=PersonalDataAction.ERASE, count=changed)
    return changed


def _record(*, user, subject: Subject, action: str, rows=None, count=None) -> None:
    if count is None:
        count = sum(len(r) for r in (rows or {}).values())
    record = PersonalDataRequest(
        kecamatan_id=user.kecamatan_id,
        aksi=action,
        jenis_subjek=subject.kind,
        akun=subject.account,
        jumlah=count,
        oleh=user,
    )
    record._history_user = user
    record.save()


def photos_clear_gps(photos) -> int:
    """Drop the private GPS of these photos, in their history too."""
    ids = list(photos.values_list("pk", flat=True))
    Photo.history.model.objects.filter(id__in=ids).update(gps_lat=None, gps_lon=None)
    return Photo.objects.filter(pk__in=ids).update(gps_lat=None, gps_lon=None)


# -- the core's own provider: the account and the audit entries about it --------------------

ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "phone", "jabatan", "role")


def _account_export(*, user, subject: Subject) -> list[dict]:
    account = subject.account
    if account is None:
        return []
    row = {name: getattr(account, name) for name in ACCOUNT_FIELDS}
    row |= {
        "is_active": account.is_active,
        "date_joined": account.date_joined.isoformat(),
        "last_login": account.last_login.isoformat() if account.last_login else None,
        "area": str(account.area or ""),
    }
    history = User.history.model.objects.filter(id=account.pk).order_by("history_date")
    row["riwayat"] = [
        {
            "waktu": h.history_date.isoformat(),
            "jenis": h.history_type,
            "oleh": h.history_user_id,
            **{name: getattr(h, name) for name in ACCOUNT_FIELDS},
        }
        for h in history
    ]
    row["foto_diunggah"] = account.photos.count()
    return [row]


def _account_erase(*, user, subject: Subject) -> int:
    account = subject.account
    if account is None:
        return 0
    anonymous = f"terhapus-{account.pk}"
    blank = {"first_name": "", "last_name": "", "email": "", "phone": None, "jabatan": ""}
    account.history.model.objects.filter(id=account.pk).update(username=anonymous, **blank)
    for name, value in blank.items():
        setattr(account, name, value)
    account.username = anonymous
    account.is_active = False
    account.set_unusable_password()
    account._history_user = user
    account.save()
    photos_clear_gps(Photo.objects.filter(uploaded_by=account))
    return 1


register(
    Provider(
        key="akun",
        label=lambda: _("User account and its history"),
        export=_account_export,
        erase=_account_erase,
    )
)
