"""The daily round (``manage.py kirim_pengingat``): the day before an approved plan its RT
heads and the person in charge are reminded, once however often it runs."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kegiatan.models import PlanStatus
from notifikasi.daily import DAILY_JOBS
from notifikasi.models import Kind, Notifikasi
from sigoro.models import Role
from tests.kegiatan.factories import plan_in
from tests.notifikasi.conftest import notified

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def run(*args) -> str:
    out = io.StringIO()
    call_command("kirim_pengingat", *args, stdout=out)
    return out.getvalue()


def test_every_stage_registers_its_daily_job():
    assert set(DAILY_JOBS) == {"plan_reminders", "attendance_missing", "problems_overdue"}


def test_run_twice_the_day_before_one_reminder_each(world, outsiders):
    rw_head = world.users[Role.KETUA_RW]
    plan = plan_in(
        world.home_rt,
        status=PlanStatus.DISETUJUI,
        tanggal=TOMORROW,
        penanggung_jawab=rw_head,
        judul="Jumat Bersih RW 001",
    )
    plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, tanggal=TOMORROW)  # not approved
    plan_in(world.home_rt, status=PlanStatus.DISETUJUI)  # a week ahead

    first = run()
    second = run()

    assert "plan_reminders: 2" in first
    assert "plan_reminders: 0" in second
    assert notified(Kind.PLAN_REMINDER) == {"ketuart", "ketuarw"}
    rows = Notifikasi.objects.filter(kind=Kind.PLAN_REMINDER)
    assert rows.count() == 2
    assert {row.object_id for row in rows} == {plan.pk}
    assert all("Jumat Bersih RW 001" in row.title for row in rows)


def test_a_given_date_runs_the_round_for_that_day(world):
    day = TODAY + datetime.timedelta(days=10)
    plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=day)

    assert "plan_reminders: 0" in run()
    assert "plan_reminders: 1" in run("--date", (day - datetime.timedelta(days=1)).isoformat())


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "besok")
