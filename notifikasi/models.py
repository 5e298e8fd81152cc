"""Notifications: one row per recipient and event (the in-app inbox), and each user's choice
of which kinds also reach them by email.

The app sits just above the core (``sigoro``): the stages call ``notifikasi.services`` when
something happens; this app knows no stage, only users, kinds and links.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROBLEM_REPORTED = "problem_reported", _("A problem was reported")
    PROBLEM_OVERDUE = "problem_overdue", _("A problem is past its deadline")
    PLAN_SUBMITTED = "plan_submitted", _("A Rencana Aksi was submitted")
    PLAN_APPROVED = "plan_approved", _("A Rencana Aksi was approved")
    PLAN_RETURNED = "plan_returned", _("A Rencana Aksi was returned")
    PLAN_REMINDER = "plan_reminder", _("Reminder the day before an activity")
    REQUEST_SENT = "request_sent", _("A support request was sent to your organisation")
    PLEDGE_ANSWERED = "pledge_answered", _("A stakeholder answered a request")
    DELIVERY_RECORDED = "delivery_recorded", _("Support was delivered")
    EXECUTION_INCOMPLETE = "execution_incomplete", _("Attendance still missing after an event")
    DOCUMENT_READY = "document_ready", _("A document you asked for is ready")


class Notifikasi(models.Model):
    """One message to one user: what happened, a link to it, and whether it was read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifikasi",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=2000, blank=True)
    # A path inside SIGORO ("/rencana/12/"); emails and WhatsApp messages make it absolute.
    link = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The object it is about (a plan, a problem, a request...), when there is one.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    # The event, e.g. "plan_approved:12": the same event notified twice is one row.
    dedupe_key = models.CharField(_("event key"), max_length=150)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notifikasi_once_per_event"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notifikasi_unread",
            ),
            models.Index(fields=["recipient", "-created"], name="notifikasi_inbox"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class PreferensiNotifikasi(models.Model):
    """A user's choice for one kind: email on or off (the inbox always gets it). No row
    means the default, email on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preferensi_notifikasi",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    email = models.BooleanField(_("by email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preferensi_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
