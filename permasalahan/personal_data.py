"""Stage 1's part of one person's data (``sigoro.personal_data``): the reports they made,
with their name and phone, what they wrote on the public tracking page, and the photos
of their reports (whose private GPS a deletion clears)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from permasalahan.models import Problem, ProblemEvent
from sigoro import access
from sigoro.models import Photo
from sigoro.personal_data import Provider, Subject, photos_clear_gps, register


def reports_of(*, user, subject: Subject):
    """The problems the person reported, inside the admin's area."""
    if subject.account is not None:
        condition = Q(pelapor=subject.account)
    elif subject.phone:
        condition = Q(pelapor_hp__in=subject.phone_variants())
    elif subject.name:
        condition = Q(pelapor_nama__iexact=subject.name)
    else:
        return Problem.objects.none()
    return access.scope_queryset(Problem.objects.filter(condition), user).order_by("dibuat")


def _export(*, user, subject: Subject) -> list[dict]:
    rows = []
    for problem in reports_of(user=user, subject=subject).select_related("kategori", "rt__rw"):
        notes = ProblemEvent.objects.filter(problem=problem, oleh_pelapor=True).order_by("waktu")
        photos = Photo.objects.filter(problem_link__problem=problem)
        rows.append(
            {
                "kode": problem.kode,
                "dibuat": problem.dibuat.isoformat(),
                "status": problem.status,
                "kategori": str(problem.kategori),
                "rt": str(problem.rt),
                "alamat": problem.alamat,
                "deskripsi": problem.deskripsi,
                "pelapor_nama": problem.pelapor_nama,
                "pelapor_hp": problem.pelapor_hp,
                "pelapor_email": problem.pelapor_email,
                "penilaian": problem.penilaian,
                "catatan_pelapor": [
                    {"waktu": e.waktu.isoformat(), "catatan": e.catatan} for e in notes
                ],
                "foto": [
                    {"uuid": str(p.uuid), "gps_lat": p.gps_lat, "gps_lon": p.gps_lon}
                    for p in photos
                ],
            }
        )
    return rows


def _erase(*, user, subject: Subject) -> int:
    problems = reports_of(user=user, subject=subject)
    ids = list(problems.values_list("pk", flat=True))
    if not ids:
        return 0
    blank = {"pelapor_nama": "", "pelapor_hp": "", "pelapor_email": ""}
    Problem.history.model.objects.filter(id__in=ids).update(**blank)
    changed = Problem.objects.filter(pk__in=ids).update(**blank)
    photos_clear_gps(Photo.objects.filter(problem_link__problem_id__in=ids))
    return changed


def register_provider() -> None:
    register(
        Provider(
            key="laporan",
            label=lambda: _("Reports made (name and phone of the reporter)"),
            export=_export,
            erase=_erase,
        )
    )
