"""Writes of notifications: create them once per event and recipient, hand them to the
delivery channels after the commit, mark them read, keep each user's email choices, send
the emails (from the task queue)."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifikasi import selectors
from notifikasi.channels import active_channels
from notifikasi.models import Kind, Notifikasi, PreferensiNotifikasi
from sigoro import access

logger = logging.getLogger(__name__)

TITLE_MAX = Notifikasi._meta.get_field("title").max_length
BODY_MAX = Notifikasi._meta.get_field("body").max_length


def _deliver(notification_ids: list[int]) -> None:
    notifications = list(
        Notifikasi.objects.filter(pk__in=notification_ids).select_related("recipient")
    )
    for channel in active_channels():
        try:
            channel.deliver(notifications)
        except Exception:
            # A channel that fails (the queue is down) must not take the inbox with it.
            logger.exception("Notification channel %s failed", channel.name)


def notify(
    *,
    kind: str,
    recipients,
    title: str,
    body: str = "",
    link: str = "",
    about=None,
    dedupe_key: str,
) -> list[Notifikasi]:
    """Put a notification in each recipient's inbox, once per ``dedupe_key`` (the event, e.g.
    ``"plan_approved:12"``): a recipient who already has it gets nothing new. Return the rows
    created; after the commit the delivery channels (email) get them.

    ``recipients`` come from ``sigoro.access.users_for_area`` or from the object itself
    (who asked for a document): callers never pass people outside the area.
    """
    Kind(kind)  # an unknown kind is a programming error
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                created.append(
                    Notifikasi.objects.create(
                        recipient=user,
                        kind=kind,
                        title=str(title)[:TITLE_MAX],
                        body=str(body)[:BODY_MAX],
                        link=link,
                        content_type=content_type,
                        object_id=about.pk if about is not None else None,
                        dedupe_key=dedupe_key,
                    )
                )
        except IntegrityError:
            continue  # this event already reached this user
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _deliver(ids))
    return created


def notification_open(*, user, notification: Notifikasi, now=None) -> Notifikasi:
    """Mark the user's notification read (opening it does): the first time only."""
    access.get_own_or_404(Notifikasi.objects.all(), user, pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notifikasi.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user, now=None) -> int:
    """Mark every unread notification of the user read; return how many (0 the second time)."""
    unread = access.own_queryset(Notifikasi.objects.filter(read_at__isnull=True), user)
    return unread.update(read_at=now or timezone.now())


def preferences_save(*, user, email_kinds) -> None:
    """Keep the user's choice: email on for the kinds in ``email_kinds``, off for the rest."""
    if not getattr(user, "is_authenticated", False):
        return
    wanted = set(email_kinds)
    with transaction.atomic():
        for kind in Kind.values:
            PreferensiNotifikasi.objects.update_or_create(
                user=user, kind=kind, defaults={"email": kind in wanted}
            )


# -- email --------------------------------------------------------------------------------


def _email(*, address: str, name: str, title: str, body: str, link: str) -> EmailMultiAlternatives:
    """Build the Indonesian email: plain text and an HTML alternative, both with the link."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": name,
            "title": title,
            "body": body,
            "url": selectors.absolute_url(link),
            "site_url": selectors.absolute_url("/"),
        }
        subject = f"[SIGORO] {title}"
        text = render_to_string("notifikasi/email/notification.txt", context)
        html = render_to_string("notifikasi/email/notification.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    return message


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification (called by the task). Return whether a mail was sent: not for
    a notification gone, an account without an address, or a kind turned off since."""
    notification = Notifikasi.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return False
    user = notification.recipient
    if not selectors.email_wanted(user=user, kind=notification.kind):
        return False
    _email(
        address=user.email,
        name=str(user),
        title=notification.title,
        body=notification.body,
        link=notification.link,
    ).send()
    return True


def address_email_send(*, address: str, title: str, body: str, link: str) -> None:
    """Email someone without an account (a reporter who left an address)."""
    _email(address=address, name="", title=title, body=body, link=link).send()


def email_address_on_commit(*, address: str, title: str, body: str = "", link: str = "") -> None:
    """Queue an email to an address without an account once the transaction commits."""
    if not address:
        return

    def enqueue():
        from notifikasi.tasks import send_address_email

        try:
            send_address_email.enqueue(address=address, title=str(title), body=str(body), link=link)
        except Exception:
            logger.exception("Could not queue the email to a reporter")

    transaction.on_commit(enqueue)
