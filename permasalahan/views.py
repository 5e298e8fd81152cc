"""Stage 1 pages: the public report and tracking pages, the staff list, detail and map."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage
from django_tables2 import RequestConfig

from permasalahan import selectors, services
from permasalahan.filters import ProblemFilter
from permasalahan.forms import (
    CategoryForm,
    ConfirmForm,
    DuplicateForm,
    NeedFormSet,
    NoteForm,
    PublicReportForm,
    RatingForm,
    ReasonForm,
    ReopenForm,
    StaffProblemForm,
    TrackLookupForm,
)
from permasalahan.models import Status
from permasalahan.tables import ProblemTable
from sigoro import access
from sigoro.decorators import role_required
from sigoro.http import client_ip
from sigoro.photos import PhotoError, process_photo

# -- helpers ------------------------------------------------------------------------------


def _rate_limited(request, group: str, rate: str, *, increment: bool) -> bool:
    """Whether this visitor has used up ``rate``.

    Checking without counting (before a report is saved) means "the limit is reached";
    counting (once it is saved, or on every lookup) means "this one goes over it".
    """
    usage = get_usage(
        request, group=group, key="sigoro.http.ratelimit_key", rate=rate, increment=increment
    )
    if usage is None:
        return False
    if increment:
        return usage["should_limit"]
    return usage["count"] >= usage["limit"]


def _process_form_photos(form, field="foto"):
    """Run the uploaded photos through the pipeline; a bad one becomes a field error.

    Good photos are kept (stored unattached) so that a form failing for another reason
    does not make the reporter choose them again.
    """
    try:
        processed = services.process_uploads(form.uploads())
    except PhotoError as error:
        form.add_error(field, str(error))
        return None
    except ValidationError as error:
        form.add_error(field, error)
        return None
    return processed


def _keep_photos_for_retry(form, processed) -> None:
    kept = [p.uuid.hex for p in form.kept_photos()]
    for item in processed or []:
        kept.append(services.photo_keep_for_retry(processed=item).uuid.hex)
    data = form.data.copy()
    data["foto_tersimpan"] = ",".join(kept)
    form.data = data


def _needs(formset) -> list[services.NeedRow]:
    return [
        services.NeedRow(**{k: f.cleaned_data[k] for k in ("jenis", "item", "jumlah", "satuan")})
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


# -- public: report and track -------------------------------------------------------------


def report(request):
    """The resident's report form (no account): one column, camera first."""
    form = PublicReportForm(request.POST or None, request.FILES or None)
    limited = False
    if request.method == "POST":
        limited = _rate_limited(request, "lapor", settings.PUBLIC_REPORT_RATE, increment=False)
        if limited:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many reports from this connection. Please try again in an hour, "
                    "or contact the kelurahan office."
                ),
            )
        elif form.is_spam():
            form.is_valid()
            form.add_error(None, _("This report could not be processed."))
        elif form.is_valid():
            processed = _process_form_photos(form)
            if processed is not None:
                problem = services.problem_create(
                    user=None,
                    kategori=form.cleaned_data["kategori"],
                    rt=form.cleaned_data["rt"],
                    alamat=form.cleaned_data["alamat"],
                    deskripsi=form.cleaned_data["deskripsi"],
                    lat=form.cleaned_data["lat"],
                    lon=form.cleaned_data["lon"],
                    processed_photos=processed,
                    kept_photos=form.kept_photos(),
                    pelapor_nama=form.cleaned_data["nama"],
                    pelapor_hp=form.cleaned_data["hp"],
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
                _rate_limited(request, "lapor", settings.PUBLIC_REPORT_RATE, increment=True)
                return redirect(reverse("permasalahan:track", args=[problem.kode]) + "?baru=1")
        else:
            processed = _process_form_photos(form) if form.uploads() else []
            if processed:
                _keep_photos_for_retry(form, processed)
    status = 429 if limited else 200
    return render(
        request,
        "permasalahan/report_form.html",
        {"form": form, "map": _map_settings(), "photo_limits": _photo_limits()},
        status=status,
    )


def report_similar(request):
    """Open problems like the one being reported (an htmx fragment; a plain page without JS)."""
    kategori = selectors.categories().filter(pk=request.GET.get("kategori") or None).first()
    rt = selectors.public_rt_choices().filter(pk=request.GET.get("rt") or None).first()
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    similar = []
    if kategori is not None and (rt is not None or lat is not None):
        similar = selectors.similar_open_problems(kategori=kategori, rt=rt, lat=lat, lon=lon)
    return render(request, "permasalahan/_similar.html", {"similar": similar})


def _float(value):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def track_lookup(request):
    form = TrackLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("permasalahan:track", kode=form.cleaned_data["kode"])
    return render(request, "permasalahan/track_lookup.html", {"form": form})


def _public_problem(request, kode):
    if _rate_limited(request, "lacak", settings.PUBLIC_LOOKUP_RATE, increment=True):
        raise Http404
    problem = selectors.public_problem_get(kode=kode)
    if problem is None:
        raise Http404
    return problem


def track(request, kode, forms=None):
    problem = _public_problem(request, kode)
    context = {
        "problem": problem,
        "is_new": request.GET.get("baru") == "1",
        "reopen_form": ReopenForm(),
        "rating_form": RatingForm(),
        "can_reopen": _can_reopen(problem),
        **(forms or {}),
    }
    return render(request, "permasalahan/track.html", context)


def _can_reopen(problem) -> bool:
    from django.utils import timezone

    return (
        problem.status == Status.SELESAI
        and problem.selesai_pada is not None
        and (timezone.now() - problem.selesai_pada).days < settings.REOPEN_DAYS
    )


def track_slip(request, kode):
    """A printable slip with the code and a QR code linking to the tracking page."""
    problem = _public_problem(request, kode)
    url = request.build_absolute_uri(problem.get_public_url())
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, svgclass="qr", lineclass=None)
    return render(
        request,
        "permasalahan/track_slip.html",
        {"problem": problem, "url": url, "qr_svg": qr_svg},
    )


@require_POST
def track_confirm(request, kode):
    problem = _public_problem(request, kode)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        counted = services.problem_confirm(
            problem=problem,
            ip_address=client_ip(request),
            note=form.cleaned_data.get("catatan", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if counted:
            messages.success(request, _("Thank you: your report was added to this problem."))
        else:
            messages.info(request, _("You already reported this problem."))
    return redirect("permasalahan:track", kode=problem.kode)


@require_POST
def track_reopen(request, kode):
    problem = _public_problem(request, kode)
    if not _can_reopen(problem):
        messages.error(
            request,
            _("A problem can be reopened within %(days)d days of being resolved.")
            % {"days": settings.REOPEN_DAYS},
        )
        return redirect("permasalahan:track", kode=problem.kode)
    form = ReopenForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            processed = (
                process_photo(form.cleaned_data["foto"]) if form.cleaned_data["foto"] else None
            )
            services.problem_reopen(
                problem=problem, note=form.cleaned_data["catatan"], processed_photo=processed
            )
        except PhotoError as error:
            form.add_error("foto", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The problem was reopened. The kelurahan will follow up."))
            return redirect("permasalahan:track", kode=problem.kode)
    return track(request, kode, forms={"reopen_form": form, "show_reopen": True})


@require_POST
def track_rate(request, kode):
    problem = _public_problem(request, kode)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.problem_rate(problem=problem, rating=form.cleaned_data["penilaian"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for rating the result."))
    else:
        messages.error(request, _("Choose one of the ratings."))
    return redirect("permasalahan:track", kode=problem.kode)


# -- maps -----------------------------------------------------------------------------------


def _map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": settings.MAP_CENTER,
    }


def _photo_limits() -> dict:
    return {
        "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
        "count": settings.PROBLEM_MAX_PHOTOS,
    }


def public_map(request):
    problems = selectors.problems_for_map(kategori=request.GET.get("kategori"))
    context = {
        "map": _map_settings(),
        "data_url": reverse("permasalahan:public-map-data"),
        "categories": selectors.categories(),
        "without_gps": [p for p in problems if not p.has_gps][:100],
        "public": True,
    }
    return render(request, "permasalahan/map.html", context)


def public_map_data(request):
    problems = selectors.problems_for_map(kategori=request.GET.get("kategori"))
    return _geojson(problems, lambda p: p.get_public_url())


@role_required("problem.view")
def problem_map(request):
    problems = selectors.problems_for_map(user=request.user, kategori=request.GET.get("kategori"))
    context = {
        "map": _map_settings(),
        "data_url": reverse("permasalahan:problem-map-data"),
        "categories": selectors.categories(),
        "without_gps": [p for p in problems if not p.has_gps][:100],
        "public": False,
    }
    return render(request, "permasalahan/map.html", context)


@role_required("problem.view")
def problem_map_data(request):
    problems = selectors.problems_for_map(
        user=request.user,
        kategori=request.GET.get("kategori"),
        include_closed=request.GET.get("semua") == "1",
    )
    return _geojson(problems, lambda p: p.get_absolute_url())


def _geojson(problems, url_for):
    features = [selectors.map_feature(p, url=url_for(p)) for p in problems if p.has_gps]
    return JsonResponse({"type": "FeatureCollection", "features": features})


# -- staff ----------------------------------------------------------------------------------


@role_required("problem.view")
def problem_list(request):
    problems = selectors.problem_list(user=request.user)
    filterset = ProblemFilter(request.GET or None, queryset=problems, user=request.user)
    table = ProblemTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "overdue": selectors.overdue_count(user=request.user),
        "can_create": access.has_perm(request.user, "problem.create"),
    }
    return render(request, "permasalahan/problem_list.html", context)


@role_required("problem.create")
def problem_create(request):
    form = StaffProblemForm(request.POST or None, request.FILES or None, user=request.user)
    needs = NeedFormSet(request.POST or None, prefix="kebutuhan")
    if request.method == "POST":
        if form.is_valid() & needs.is_valid():
            processed = _process_form_photos(form)
            if processed is not None:
                try:
                    problem = services.problem_create(
                        user=request.user,
                        processed_photos=processed,
                        kept_photos=form.kept_photos(),
                        needs=_needs(needs),
                        **{
                            k: form.cleaned_data[k]
                            for k in (
                                "kategori",
                                "rt",
                                "alamat",
                                "deskripsi",
                                "keparahan",
                                "lat",
                                "lon",
                                "idempotency_key",
                            )
                        },
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request, _("Problem %(code)s was recorded.") % {"code": problem.kode}
                    )
                    return redirect(problem)
        else:
            processed = _process_form_photos(form) if form.uploads() else []
            if processed:
                _keep_photos_for_retry(form, processed)
    return render(
        request,
        "permasalahan/problem_form.html",
        {"form": form, "needs": needs, "map": _map_settings(), "photo_limits": _photo_limits()},
    )


@role_required("problem.view")
def problem_detail(request, kode, forms=None):
    problem = selectors.problem_get(user=request.user, kode=kode)
    can_verify = access.has_perm(request.user, "problem.verify")
    context = {
        "problem": problem,
        # The reporter's contact is for the office that follows up, not for every RT head.
        "show_reporter": can_verify,
        "can_verify": can_verify and problem.status == Status.DILAPORKAN,
        "can_close_as_duplicate": can_verify
        and problem.status in (Status.DILAPORKAN, Status.DIVERIFIKASI),
        "can_handle": access.has_perm(request.user, "problem.handle")
        and problem.status in (Status.DIVERIFIKASI, Status.DIRENCANAKAN),
        "can_resolve": access.has_perm(request.user, "problem.handle")
        and problem.status in (Status.DIVERIFIKASI, Status.DIRENCANAKAN, Status.DITANGANI),
        "similar": selectors.similar_open_problems(
            kategori=problem.kategori,
            rt=problem.rt,
            lat=problem.lat,
            lon=problem.lon,
            exclude_pk=problem.pk,
        )
        if can_verify and problem.is_open
        else [],
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "duplicate_form": DuplicateForm(),
        "done_form": NoteForm(prefix="selesai"),
        **(forms or {}),
    }
    return render(request, "permasalahan/problem_detail.html", context)


def _staff_action(request, kode, *, form, run, success, form_name):
    """Validate, run the service, and either redirect with a message or show the form again."""
    problem = selectors.problem_for_action(user=request.user, kode=kode)
    if form.is_valid():
        try:
            run(problem, form.cleaned_data)
        except PhotoError as error:
            form.add_error("foto", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(problem)
    response = problem_detail(request, kode, forms={form_name: form, "open_form": form_name})
    response.status_code = 400
    return response


def _photo(cleaned):
    upload = cleaned.get("foto")
    return process_photo(upload) if upload else None


@require_POST
@role_required("problem.verify")
def problem_verify(request, kode):
    return _staff_action(
        request,
        kode,
        form=NoteForm(request.POST),
        form_name="note_form",
        run=lambda p, c: services.problem_verify(user=request.user, problem=p, note=c["catatan"]),
        success=_("The report was verified."),
    )


@require_POST
@role_required("problem.verify")
def problem_reject(request, kode):
    return _staff_action(
        request,
        kode,
        form=ReasonForm(request.POST),
        form_name="reason_form",
        run=lambda p, c: services.problem_reject(user=request.user, problem=p, reason=c["catatan"]),
        success=_("The report was rejected."),
    )


@require_POST
@role_required("problem.verify")
def problem_duplicate(request, kode):
    def run(problem, cleaned):
        original = selectors.problem_for_action(user=request.user, kode=cleaned["asli"])
        services.problem_mark_duplicate(
            user=request.user, problem=problem, original=original, note=cleaned["catatan"]
        )

    def run_or_explain(problem, cleaned):
        try:
            run(problem, cleaned)
        except Http404:
            raise ValidationError(
                _("No problem with code %(code)s in your area.") % {"code": cleaned["asli"]}
            ) from None

    return _staff_action(
        request,
        kode,
        form=DuplicateForm(request.POST),
        form_name="duplicate_form",
        run=run_or_explain,
        success=_("The report was closed as a duplicate."),
    )


@require_POST
@role_required("problem.handle")
def problem_handle(request, kode):
    return _staff_action(
        request,
        kode,
        form=NoteForm(request.POST, request.FILES),
        form_name="note_form",
        run=lambda p, c: services.problem_start_handling(
            user=request.user, problem=p, note=c["catatan"], processed_photo=_photo(c)
        ),
        success=_("The problem is now being handled."),
    )


@require_POST
@role_required("problem.handle")
def problem_resolve(request, kode):
    return _staff_action(
        request,
        kode,
        form=NoteForm(request.POST, request.FILES, prefix="selesai"),
        form_name="done_form",
        run=lambda p, c: services.problem_resolve(
            user=request.user, problem=p, note=c["catatan"], processed_photo=_photo(c)
        ),
        success=_("The problem was marked as resolved."),
    )


@require_POST
@role_required("problem.comment")
def problem_note(request, kode):
    return _staff_action(
        request,
        kode,
        form=NoteForm(request.POST, request.FILES),
        form_name="note_form",
        run=lambda p, c: services.problem_add_note(
            user=request.user, problem=p, note=c["catatan"], processed_photo=_photo(c)
        ),
        success=_("The note was added."),
    )


@role_required("problem.needs")
def needs_summary(request):
    return render(
        request,
        "permasalahan/needs_summary.html",
        {"summary": selectors.needs_summary(user=request.user)},
    )


# -- categories -----------------------------------------------------------------------------


@role_required("category.manage")
def category_list(request):
    page = Paginator(selectors.category_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "permasalahan/category_list.html", {"page": page})


@role_required("category.manage")
def category_edit(request, pk=None):
    category = selectors.category_get(user=request.user, pk=pk) if pk is not None else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(user=request.user, form=form)
        messages.success(request, _("The category was saved."))
        return redirect("permasalahan:category-list")
    return render(request, "permasalahan/category_form.html", {"form": form, "category": category})
