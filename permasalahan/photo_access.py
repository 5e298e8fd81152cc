"""Who may see a photo of a problem (its photos and its timeline's): registered in
``sigoro.selectors.PHOTO_ACCESS_PROVIDERS`` by ``permasalahan.apps``."""

from sigoro import access
from sigoro.models import Photo

from .models import Problem, ProblemEvent, ProblemPhoto
from .selectors import photo_is_public


def problem_photo_access(user, photo: Photo) -> bool | None:
    """True when ``user`` may see the photo, False when not, None when it is no problem's."""
    problem_ids = set(
        ProblemPhoto.objects.filter(photo=photo).values_list("problem_id", flat=True)
    ) | set(ProblemEvent.objects.filter(foto=photo).values_list("problem_id", flat=True))
    if not problem_ids:
        return None
    if photo_is_public(photo):
        return True
    # Staff of the problem's area see every photo of it, hidden ones included.
    return access.has_perm(user, "problem.view") and (
        access.scope_queryset(Problem.objects.filter(pk__in=problem_ids), user).exists()
    )
