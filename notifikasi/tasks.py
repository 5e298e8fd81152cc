"""Slow work of notifikasi on the task queue (django.tasks): sending email."""

from django.tasks import task


@task()
def send_notification_email(*, notification_id: int) -> None:
    """Email one notification to its recipient."""
    from notifikasi.services import notification_email_send

    notification_email_send(notification_id=notification_id)


@task()
def send_address_email(*, address: str, title: str, body: str, link: str) -> None:
    """Email a message to an address without an account (a reporter's)."""
    from notifikasi.services import address_email_send

    address_email_send(address=address, title=title, body=body, link=link)
