"""Demo notifications: the latest events of the demo told through the real notification
code, so the bell of every demo account shows something (safe to run twice: each event
notifies once)."""

from django.utils import timezone, translation

from kegiatan import notifications as plan_notifications
from kegiatan.models import PlanEvent, PlanStatus
from notifikasi.daily import run_daily
from permasalahan import notifications as problem_notifications
from permasalahan.models import Problem

LATEST = 4


def load_notifications(kecamatan) -> None:
    with translation.override("id"):
        problems = Problem.objects.filter(kelurahan__kecamatan=kecamatan).order_by("-dibuat")
        for problem in problems.select_related("kategori", "rt__rw")[:LATEST]:
            problem_notifications.problem_reported(problem)
        moves = PlanEvent.objects.filter(
            plan__kelurahan__kecamatan=kecamatan,
            ke_status__in=[PlanStatus.DIAJUKAN, PlanStatus.DISETUJUI, PlanStatus.DIKEMBALIKAN],
        ).order_by("-waktu", "-pk")
        for event_id in moves.values_list("pk", flat=True)[: LATEST * 2]:
            plan_notifications.plan_moved(event_id)
        run_daily(today=timezone.localdate())
