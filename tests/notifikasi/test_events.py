"""Each event notifies the people of its area and role, and nobody else."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kegiatan import services as plan_services
from kegiatan.models import Kehadiran, PlanStatus
from laporan.dokumen import services as document_services
from notifikasi.models import Kind, Notifikasi
from permasalahan import services as problem_services
from permasalahan.models import Status
from sigoro.models import Role
from stakeholder import services as stakeholder_services
from tests.kegiatan.factories import closed_execution_in, plan_in
from tests.notifikasi.conftest import notified
from tests.permasalahan.factories import ProblemFactory, category
from tests.stakeholder.factories import pledged_in, world_stakeholder

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def run_daily_round():
    call_command("kirim_pengingat", stdout=io.StringIO())


def report(rt, user=None, **fields):
    return problem_services.problem_create(
        user=user,
        kategori=category(),
        rt=rt,
        alamat="Gg. Melati",
        deskripsi="Sampah menumpuk di depan masjid",
        **fields,
    )


def test_a_public_report_tells_its_lurah_and_rt_head_only(
    world, outsiders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        problem = report(world.home_rt)

    assert notified(Kind.PROBLEM_REPORTED) == {"lurah", "ketuart"}
    row = Notifikasi.objects.get(recipient__username="lurah")
    assert row.link == f"/permasalahan/{problem.kode}/"
    assert problem.kode in row.title
    assert row.about == problem


def test_a_report_in_the_sibling_rt_reaches_that_rt_head_not_ours(
    world, outsiders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(world.foreign_rt[Role.KETUA_RT])

    assert notified() == {"lurah", "ketuart_002"}


def test_the_rt_head_reporting_is_not_told_of_their_own_report(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(world.home_rt, user=world.users[Role.KETUA_RT])

    assert notified() == {"lurah"}


def test_a_resent_report_notifies_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report(world.home_rt, idempotency_key="k-1")
        report(world.home_rt, idempotency_key="k-1")

    assert Notifikasi.objects.filter(recipient__username="lurah").count() == 1


def test_overdue_problems_reach_their_lurah_once(world, outsiders):
    late = ProblemFactory(rt=world.home_rt)
    late.tenggat_verifikasi = TODAY - datetime.timedelta(days=1)
    late.save()
    on_time = ProblemFactory(rt=world.home_rt)
    on_time.tenggat_verifikasi = TODAY + datetime.timedelta(days=2)
    on_time.save()
    elsewhere = ProblemFactory(rt=world.foreign_rt[Role.LURAH])
    elsewhere.tenggat_verifikasi = TODAY - datetime.timedelta(days=3)
    elsewhere.save()

    run_daily_round()
    run_daily_round()

    mine = Notifikasi.objects.filter(kind=Kind.PROBLEM_OVERDUE, recipient__username="lurah")
    assert [n.object_id for n in mine] == [late.pk]
    theirs = Notifikasi.objects.filter(
        kind=Kind.PROBLEM_OVERDUE, recipient__username="lurah_ketapang"
    )
    assert [n.object_id for n in theirs] == [elsewhere.pk]
    assert notified(Kind.PROBLEM_OVERDUE) == {"lurah", "lurah_ketapang"}


def test_a_submitted_plan_reaches_the_camat_and_admin_of_its_kecamatan(
    world, outsiders, django_capture_on_commit_callbacks
):
    plan = plan_in(world.home_rt)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_submit(user=world.users[Role.LURAH], plan=plan)

    assert notified(Kind.PLAN_SUBMITTED) == {"camat", "admin"}
    assert Notifikasi.objects.get(recipient__username="camat").link == f"/rencana/{plan.pk}/"


def test_an_approved_plan_reaches_lurah_rt_heads_and_person_in_charge(
    world, outsiders, django_capture_on_commit_callbacks
):
    rw_head = world.users[Role.KETUA_RW]
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, penanggung_jawab=rw_head)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_approve(user=world.users[Role.CAMAT], plan=plan)

    assert notified(Kind.PLAN_APPROVED) == {"lurah", "ketuart", "ketuarw"}


def test_a_returned_plan_carries_the_note(world, outsiders, django_capture_on_commit_callbacks):
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, rts=[world.foreign_rt[Role.KETUA_RT]])
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_return(
            user=world.users[Role.CAMAT], plan=plan, note="Tambahkan target peserta RT 002"
        )

    # Both RTs of the plan: the sibling RT head is one of its RT heads this time.
    assert notified(Kind.PLAN_RETURNED) == {"lurah", "ketuart", "ketuart_002"}
    row = Notifikasi.objects.get(recipient__username="lurah")
    assert "Tambahkan target peserta RT 002" in row.body


def test_a_request_reaches_the_contacts_of_the_stakeholders_asked(
    world, outsiders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.request_create(
            user=world.users[Role.LURAH],
            kecamatan=world.home_rt.kelurahan.kecamatan,
            kelurahan=world.home_rt.kelurahan,
            perihal="Dukungan Jumat Bersih RW 001",
            items=[stakeholder_services.ItemRow("material", "Karung sampah", 200, "buah")],
            stakeholders=[world_stakeholder()],
        )

    assert notified(Kind.REQUEST_SENT) == {"mitra"}


def test_an_answer_and_a_delivery_reach_the_lurah(
    world, outsiders, django_capture_on_commit_callbacks
):
    pledge = pledged_in(world.home_rt)
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.recipient_answer(
            user=world.users[Role.STAKEHOLDER],
            recipient=pledge.recipient,
            answers=[stakeholder_services.PledgeAnswer(pledge=pledge, jumlah=100, nilai=500_000)],
            jawaban="Kami kirim Jumat pagi",
        )
    assert notified(Kind.PLEDGE_ANSWERED) == {"lurah"}
    assert Notifikasi.objects.get(kind=Kind.PLEDGE_ANSWERED).body == "Kami kirim Jumat pagi"

    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.delivery_record(
            user=world.users[Role.ADMIN_KECAMATAN],
            pledge=pledge,
            jumlah=40,
            tanggal=TODAY,
            diterima_oleh="Pak RT",
        )
    assert notified(Kind.DELIVERY_RECORDED) == {"lurah"}
    assert "40" in Notifikasi.objects.get(kind=Kind.DELIVERY_RECORDED).title


def test_missing_attendance_reaches_only_the_rt_heads_still_missing(world, outsiders, settings):
    settings.EXECUTION_REMINDER_DAYS = 2
    sibling = world.foreign_rt[Role.KETUA_RT]
    pelaksanaan = closed_execution_in(world.home_rt, days_ago=2, rts=[sibling])
    Kehadiran.objects.create(pelaksanaan=pelaksanaan, rt=world.home_rt, hadir_warga=25)
    recent = closed_execution_in(world.home_rt, days_ago=1, rts=[sibling])  # not yet due

    run_daily_round()
    run_daily_round()

    rows = Notifikasi.objects.filter(kind=Kind.EXECUTION_INCOMPLETE)
    assert [(n.recipient.username, n.object_id) for n in rows] == [
        ("ketuart_002", pelaksanaan.plan_id)
    ]
    assert recent.plan_id not in {n.object_id for n in rows}


def test_a_ready_document_reaches_who_asked_for_it(world, django_capture_on_commit_callbacks):
    lurah = world.users[Role.LURAH]
    plan = closed_execution_in(world.home_rt).plan
    document, _ = document_services.berita_acara_request(user=lurah, plan_pk=plan.pk)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_run(document_id=document.pk)

    assert notified(Kind.DOCUMENT_READY) == {"lurah"}
    assert Notifikasi.objects.get().link == document.get_absolute_url()


def test_a_reporter_with_an_email_hears_of_each_status_change(
    world, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        problem = report(world.home_rt, pelapor_email="warga@example.id")
    assert mailoutbox == []  # reporting is not a status change

    with django_capture_on_commit_callbacks(execute=True):
        problem_services.problem_verify(user=world.users[Role.LURAH], problem=problem)

    problem.refresh_from_db()
    assert problem.status == Status.DIVERIFIKASI
    assert [m.to for m in mailoutbox] == [["warga@example.id"]]
    assert problem.kode in mailoutbox[0].subject
    assert f"/lacak/{problem.kode}/" in mailoutbox[0].body
