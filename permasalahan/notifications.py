"""Who stage 1 tells, and what: the notifications of problems (``notifikasi``).

Called from ``permasalahan.services`` at the moment of the event, after the commit, and from
the daily round (``manage.py kirim_pengingat``). Recipients come from
``sigoro.access.users_for_area``: the lurah of the problem's kelurahan and the head of its
RT, never anyone of another area.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from notifikasi import services as notifikasi
from notifikasi.models import Kind
from permasalahan.models import Problem, Status
from permasalahan.selectors import overdue_condition
from sigoro import access
from sigoro.formats import tanggal
from sigoro.models import Role


def problem_reported(problem: Problem) -> None:
    """A new problem: its lurah and its RT head (not whoever reported it themselves)."""
    recipients = access.users_for_area(problem.rt, [Role.LURAH, Role.KETUA_RT])
    if problem.pelapor_id:
        recipients = recipients.exclude(pk=problem.pelapor_id)
    notifikasi.notify(
        kind=Kind.PROBLEM_REPORTED,
        recipients=recipients,
        title=_("New problem %(kode)s: %(category)s in %(rt)s")
        % {"kode": problem.kode, "category": problem.kategori, "rt": problem.rt},
        body=problem.deskripsi[:300],
        link=problem.get_absolute_url(),
        about=problem,
        dedupe_key=f"problem_reported:{problem.pk}",
    )


def overdue_problems(today: datetime.date) -> int:
    """The daily round: each problem past its deadline, once per deadline, to its lurah."""
    created = 0
    problems = Problem.objects.filter(overdue_condition(today)).select_related("kategori", "rt")
    for problem in problems.iterator():
        deadline = (
            problem.tenggat_verifikasi
            if problem.status == Status.DILAPORKAN
            else problem.tenggat_tindak_lanjut
        )
        created += len(
            notifikasi.notify(
                kind=Kind.PROBLEM_OVERDUE,
                recipients=access.users_for_area(problem.rt, [Role.LURAH]),
                title=_("Problem %(kode)s is past its deadline (%(date)s)")
                % {"kode": problem.kode, "date": tanggal(deadline)},
                body=_("%(category)s in %(rt)s is still %(status)s.")
                % {
                    "category": problem.kategori,
                    "rt": problem.rt,
                    "status": problem.get_status_display(),
                },
                link=problem.get_absolute_url(),
                about=problem,
                dedupe_key=f"problem_overdue:{problem.pk}:{problem.status}:{deadline}",
            )
        )
    return created


def reporter_status_changed(problem: Problem, *, previous: str) -> None:
    """Email a reporter without an account who left an address: the new status and the
    public tracking link (never anything private)."""
    if not problem.pelapor_email or problem.status == previous:
        return
    notifikasi.email_address_on_commit(
        address=problem.pelapor_email,
        title=_("Your report %(kode)s is now: %(status)s")
        % {"kode": problem.kode, "status": problem.get_status_display()},
        body=_("Status changed on %(date)s. Follow it with the tracking code %(kode)s.")
        % {"date": tanggal(timezone.localdate()), "kode": problem.kode},
        link=problem.get_public_url(),
    )
