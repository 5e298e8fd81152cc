"""Delivery channels: how a notification leaves SIGORO besides the inbox.

Every notification is a row in its recipient's inbox (:class:`InboxChannel`, always on).
The channels named in ``settings.NOTIFICATION_CHANNELS`` get the new rows after the commit:
``email`` sends them through Django's mail framework from the task queue. A paid WhatsApp
gateway would be one more :class:`Channel` registered in ``CHANNELS``; until then WhatsApp
is a link the user taps (``notifikasi.whatsapp``), not a channel.
"""

from django.conf import settings

from notifikasi import selectors


class Channel:
    """One way out. ``deliver`` gets the notifications just created, after the commit."""

    name = ""

    def deliver(self, notifications: list) -> None:
        raise NotImplementedError


class InboxChannel(Channel):
    """The in-app inbox: the row itself is the delivery."""

    name = "inbox"

    def deliver(self, notifications: list) -> None:
        return None


class EmailChannel(Channel):
    """Email, when the recipient has an address and has not turned the kind off; sent by a
    task (``notifikasi.tasks.send_notification_email``), never inside the request."""

    name = "email"

    def deliver(self, notifications: list) -> None:
        from notifikasi.tasks import send_notification_email

        for notification in notifications:
            if selectors.email_wanted(user=notification.recipient, kind=notification.kind):
                send_notification_email.enqueue(notification_id=notification.pk)


CHANNELS: dict[str, Channel] = {"inbox": InboxChannel(), "email": EmailChannel()}


def active_channels() -> list[Channel]:
    """Return the inbox and the channels the settings switch on."""
    names = ["inbox", *(n for n in settings.NOTIFICATION_CHANNELS if n != "inbox")]
    return [CHANNELS[name] for name in names if name in CHANNELS]
