"""Reads of notifications: always the signed-in user's own (``sigoro.access.own_queryset``)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from notifikasi.models import Kind, Notifikasi, PreferensiNotifikasi
from sigoro import access


def notification_list(*, user) -> QuerySet:
    """Return the user's notifications, newest first."""
    return access.own_queryset(Notifikasi.objects.all(), user).order_by("-created", "-pk")


def notification_get(*, user, pk: int) -> Notifikasi:
    """Return one of the user's notifications; another user's is 404 like a missing one."""
    return access.get_own_or_404(Notifikasi.objects.all(), user, pk=pk)


def unread_count(*, user) -> int:
    """Return how many of the user's notifications are unread (one query)."""
    return access.own_queryset(Notifikasi.objects.filter(read_at__isnull=True), user).count()


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    email: bool


def preference_rows(*, user) -> list[PreferenceRow]:
    """Return every kind with whether the user gets it by email (default: on)."""
    chosen = dict(
        access.own_queryset(PreferensiNotifikasi.objects.all(), user, field="user").values_list(
            "kind", "email"
        )
    )
    return [PreferenceRow(kind, label, chosen.get(kind, True)) for kind, label in Kind.choices]


def email_wanted(*, user, kind: str) -> bool:
    """Return whether a notification of ``kind`` goes to ``user`` by email too: an active
    account with an address that has not turned this kind off."""
    if not user.is_active or not user.email:
        return False
    return not PreferensiNotifikasi.objects.filter(user=user, kind=kind, email=False).exists()


def absolute_url(path: str, *, base: str = "") -> str:
    """Return ``path`` as a full address for an email or a WhatsApp message: under
    SITE_URL, else under ``base`` (the address of the current request), else as it is."""
    if not path or "://" in path:
        return path
    root = (settings.SITE_URL or base or "").rstrip("/")
    return f"{root}{path}" if root else path
