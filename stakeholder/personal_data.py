"""Stage 2's part of one person's data (``sigoro.personal_data``): the link from a contact
account to its stakeholder, and a stakeholder's contact person named by phone or name."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigoro import access
from sigoro.personal_data import Provider, Subject, register
from stakeholder.models import Stakeholder, StakeholderContact

CONTACT_FIELDS = ("kontak_nama", "telepon", "email")


def _stakeholders_naming(*, user, subject: Subject):
    """Stakeholders whose contact person is the subject (by phone, name or the account's
    own phone and email)."""
    condition = Q(pk__in=[])
    if subject.phone:
        condition |= Q(telepon__in=subject.phone_variants())
    if subject.name:
        condition |= Q(kontak_nama__iexact=subject.name)
    account = subject.account
    if account is not None and account.phone:
        condition |= Q(telepon__in=Subject(kind="hp", phone=account.phone).phone_variants())
    if account is not None and account.email:
        condition |= Q(email__iexact=account.email)
    return access.scope_queryset(Stakeholder.objects.filter(condition), user)


def _export(*, user, subject: Subject) -> list[dict]:
    rows = []
    if subject.account is not None:
        links = StakeholderContact.objects.filter(user=subject.account).select_related(
            "stakeholder"
        )
        rows += [{"akun_kontak_untuk": str(link.stakeholder)} for link in links]
    for stakeholder in _stakeholders_naming(user=user, subject=subject):
        rows.append(
            {"stakeholder": stakeholder.nama}
            | {name: getattr(stakeholder, name) for name in CONTACT_FIELDS}
        )
    return rows


def _erase(*, user, subject: Subject) -> int:
    changed = 0
    if subject.account is not None:
        changed += StakeholderContact.objects.filter(user=subject.account).delete()[0]
    ids = list(_stakeholders_naming(user=user, subject=subject).values_list("pk", flat=True))
    if ids:
        blank = dict.fromkeys(CONTACT_FIELDS, "")
        Stakeholder.history.model.objects.filter(id__in=ids).update(**blank)
        changed += Stakeholder.objects.filter(pk__in=ids).update(**blank)
    return changed


def register_provider() -> None:
    register(
        Provider(
            key="stakeholder",
            label=lambda: _("Stakeholder contact person and contact accounts"),
            export=_export,
            erase=_erase,
        )
    )
