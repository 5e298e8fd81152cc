"""Email notifications through a real SMTP server: aiosmtpd listening on loopback, Django's
SMTP backend (MAILERS), the task run by Django's immediate task backend."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from kegiatan import services as plan_services
from kegiatan.models import PlanStatus
from notifikasi import services
from notifikasi.models import Kind, Notifikasi
from sigoro.models import Role
from tests.kegiatan.factories import plan_in

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default))
            for envelope in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and Django set to send through it at once."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://sigoro.example.go.id"
    settings.DEFAULT_FROM_EMAIL = "sigoro@pangkalbalam.example.go.id"
    yield inbox
    controller.stop()


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def approve(world, django_capture_on_commit_callbacks):
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, judul="Jumat Bersih Gg. Melati")
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_approve(user=world.users[Role.CAMAT], plan=plan)
    return plan


def test_an_approval_arrives_by_smtp_with_subject_link_and_both_parts(
    world, smtp, django_capture_on_commit_callbacks
):
    lurah = world.users[Role.LURAH]
    lurah.email = "lurah.ampui@example.id"
    lurah.save()
    # The RT head has no address: inbox only.

    plan = approve(world, django_capture_on_commit_callbacks)

    assert Notifikasi.objects.filter(kind=Kind.PLAN_APPROVED).count() == 2  # lurah, RT head
    ((recipients, message),) = smtp.messages()
    assert recipients == ["lurah.ampui@example.id"]
    assert message["To"] == "lurah.ampui@example.id"
    assert message["From"] == "sigoro@pangkalbalam.example.go.id"
    assert message["Subject"].startswith("[SIGORO] ")
    assert "Jumat Bersih Gg. Melati" in message["Subject"]
    link = f"https://sigoro.example.go.id/rencana/{plan.pk}/"
    text, html = parts(message)
    assert link in text
    assert f'href="{link}"' in html
    assert "Jumat Bersih Gg. Melati" in text and "Jumat Bersih Gg. Melati" in html


def test_email_turned_off_for_the_kind_leaves_the_inbox_only(
    world, smtp, django_capture_on_commit_callbacks
):
    lurah = world.users[Role.LURAH]
    lurah.email = "lurah.ampui@example.id"
    lurah.save()
    services.preferences_save(user=lurah, email_kinds=[Kind.PLAN_SUBMITTED])

    approve(world, django_capture_on_commit_callbacks)

    assert Notifikasi.objects.filter(recipient=lurah, kind=Kind.PLAN_APPROVED).count() == 1
    assert smtp.messages() == []


def test_a_reporter_gets_the_status_change_by_smtp(world, smtp, django_capture_on_commit_callbacks):
    from permasalahan import services as problem_services
    from tests.notifikasi.test_events import report

    with django_capture_on_commit_callbacks(execute=True):
        problem = report(world.home_rt, pelapor_email="warga.ampui@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        problem_services.problem_verify(user=world.users[Role.LURAH], problem=problem)

    ((recipients, message),) = smtp.messages()
    assert recipients == ["warga.ampui@example.id"]
    assert problem.kode in message["Subject"]
    text, html = parts(message)
    assert f"https://sigoro.example.go.id/lacak/{problem.kode}/" in text
    assert f"https://sigoro.example.go.id/lacak/{problem.kode}/" in html


def test_on_the_database_queue_the_email_waits_for_the_worker(
    world, settings, django_capture_on_commit_callbacks
):
    """With the production backend (django-tasks-db) the request only queues the task."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lurah = world.users[Role.LURAH]
    lurah.email = "lurah.ampui@example.id"
    lurah.save()

    approve(world, django_capture_on_commit_callbacks)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "notifikasi.tasks.send_notification_email"
    notification = Notifikasi.objects.get(recipient=lurah)
    assert queued.args_kwargs["kwargs"] == {"notification_id": notification.pk}
