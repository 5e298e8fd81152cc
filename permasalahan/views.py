"""Stage 1 pages: the public report and tracking pages, the staff list, detail and map."""

import re
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from permasalahan import selectors, services
from permasalahan.filters import ProblemFilter
from permasalahan.forms import (
    CategoryForm,
    ConfirmForm,
    DuplicateForm,
    MapFilterForm,
    MapViewportForm,
    NeedFormSet,
    PhotoVisibilityForm,
    ProblemActionForm,
    PublicReportForm,
    RatingForm,
    ReopenForm,
    SimilarProblemsForm,
    StaffProblemForm,
    TrackLookupForm,
)
from permasalahan.tables import ProblemTable
from sigoro import access, kept_photos, ratelimit
from sigoro.decorators import role_required
from sigoro.http import client_ip
from sigoro.photos import PhotoError, process_photo
from sigoro.storage import StorageUnavailable
from sigoro.tables import configure_table

# -- helpers ------------------------------------------------------------------------------


def _rate_limited(request, group: str, rate: str, *, increment: bool) -> bool:
    """Whether this visitor has used up ``rate``.

    Checking without counting (before a report is saved) means "the limit is reached";
    counting (once it is saved, or on every lookup) means "this one goes over it".
    """
    if increment:
        return ratelimit.count(request, group=group, rate=rate)
    return ratelimit.limit_reached(request, group=group, rate=rate)


def _photo_budget_spent(request, form, uploads, field="foto") -> bool:
    """Whether an anonymous visitor's photo budget refuses ``uploads`` (checked before any
    decoding); if so the photo field says so and ``form.photo_budget_spent`` is set."""
    if ratelimit.photo_budget_allows(request, len(uploads)):
        return False
    form.add_error(field, ratelimit.photo_budget_message())
    form.photo_budget_spent = True
    return True


def _process_form_photos(request, form, field="foto"):
    """Run the uploaded photos through the pipeline; a bad one becomes a field error.

    Good photos are kept (stored unattached) so that a form failing for another reason
    does not make the reporter choose them again.
    """
    uploads = form.uploads()
    if _photo_budget_spent(request, form, uploads, field):
        return None
    try:
        processed = services.process_uploads(uploads)
    except PhotoError as error:
        form.add_error(field, str(error))
        return None
    except ValidationError as error:
        form.add_error(field, error)
        return None
    return processed


def _keep_photos_for_retry(request, form, processed) -> None:
    """Store the good photos of a failed form so that its next try carries them, as many
    as the visitor's quota allows (``sigoro.kept_photos``); beyond it none is stored and
    the sender is asked to choose them again."""
    processed = list(processed or [])
    if not kept_photos.may_keep(request, len(processed)):
        form.add_error(None, kept_photos.not_kept_message())
        processed = []
    kept = [services.photo_keep_for_retry(processed=item) for item in processed]
    form.keep_photos([*form.kept_photos(), *kept])


FORM_KEY = "kunci"
FORM_KEY_FORMAT = re.compile(r"^[0-9a-f]{32}$")


def _form_key(request):
    """The one-time key of a report form, kept in its address (``?kunci=``).

    Returns ``(key, state, redirect)``: a form opened without a key (or with a malformed
    or stale one) is redirected to its address with a new key. Going back to the form after
    sending it loads that address again, so the form is shown with the key it was sent with
    and sending it again finds the first report (``create_once``) instead of making another.
    """
    key = request.GET.get(FORM_KEY, "")
    if request.method == "POST":
        return key, None, None
    state = None
    if FORM_KEY_FORMAT.match(key):
        state = selectors.form_key_state(key=key, user=request.user)
        if not state.stale:
            return key, state, None
    return key, state, redirect(f"{request.path}?{FORM_KEY}={uuid.uuid4().hex}")


def _needs(formset) -> list[services.NeedRow]:
    return [
        services.NeedRow(**{k: f.cleaned_data[k] for k in ("jenis", "item", "jumlah", "satuan")})
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


# -- the reporter's private key, kept in the reporter's browser session --------------------

REPORTER_KEYS = "reporter_keys"
REPORTER_KEYS_KEPT = 20  # the last reports made or opened from this browser


def _remember_reporter_key(request, kode: str, key: str) -> None:
    keys = {k: v for k, v in request.session.get(REPORTER_KEYS, {}).items() if k != kode}
    keys[kode] = key
    request.session[REPORTER_KEYS] = dict(list(keys.items())[-REPORTER_KEYS_KEPT:])


def _reporter_key(request, problem) -> str | None:
    """The reporter key this browser holds for ``problem`` (checked by the services)."""
    key = request.session.get(REPORTER_KEYS, {}).get(problem.kode)
    return key if isinstance(key, str) else None


def _reporter_refused(request, problem):
    """403 for a reporter's action tried without the reporter's key; nothing is changed."""
    return render(
        request,
        "permasalahan/track_refused.html",
        {"problem": problem, "message": services.action_refusal_reporter_only()},
        status=403,
    )


# -- public: report and track -------------------------------------------------------------


def _report_refused(request):
    """The report form again, as typed, when this address sent too many (status 429)."""
    form = PublicReportForm(
        request.POST,
        session=request.session,
        initial={"idempotency_key": request.GET.get(FORM_KEY, "")},
    )
    form.is_valid()
    form.add_error(None, ratelimit.post_limit_message())
    return _report_page(request, form, key_state=None, status=429)


def _report_page(request, form, *, key_state, status=200):
    context = {
        "form": form,
        "map": _map_settings(),
        "photo_limits": _photo_limits(),
        "sent": key_state.sent if key_state else None,
    }
    return render(request, "permasalahan/report_form.html", context, status=status)


@ratelimit.public_post_limit("lapor", refused=_report_refused)
def report(request):
    """The resident's report form (no account): one column, camera first."""
    key, key_state, fresh = _form_key(request)
    if fresh is not None:
        return fresh
    if request.method == "POST" and SHOW_RT in request.POST:
        # Without JavaScript, in a city: the kelurahan was chosen; the same form again,
        # as typed, now listing that kelurahan's RT. Nothing is checked or saved yet.
        typed = {name: request.POST.get(name) for name in request.POST if name != SHOW_RT}
        form = PublicReportForm(session=request.session, initial={**typed, "idempotency_key": key})
        return _report_page(request, form, key_state=key_state, status=200)
    form = PublicReportForm(
        request.POST or None,
        request.FILES or None,
        session=request.session,
        initial={"idempotency_key": key},
    )
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
            processed = _process_form_photos(request, form)
            if processed is not None:
                try:
                    problem = _problem_create_public(form, processed)
                except StorageUnavailable as error:  # nothing saved: the form as typed
                    form.add_error(None, str(error))
                    return _report_page(request, form, key_state=key_state, status=503)
                _rate_limited(request, "lapor", settings.PUBLIC_REPORT_RATE, increment=True)
                if getattr(problem, "reporter_key", ""):  # new (not a resend): keep its key
                    _remember_reporter_key(request, problem.kode, problem.reporter_key)
                return redirect(reverse("permasalahan:track", args=[problem.kode]) + "?baru=1")
        else:
            processed = _process_form_photos(request, form) if form.uploads() else []
            if processed:
                _keep_photos_for_retry(request, form, processed)
    limited = limited or getattr(form, "photo_budget_spent", False)
    return _report_page(request, form, key_state=key_state, status=429 if limited else 200)


SHOW_RT = "tampilkan_rt"  # the report form's "show the RT of this kelurahan" button


@require_safe
def report_rt_options(request):
    """The RT of one kelurahan for the public report form's RT select (JSON)."""
    areas = selectors.public_report_areas(kelurahan=request.GET.get("kelurahan"))
    rts = [(rt.pk, f"RT {rt.nomor:03d} / RW {rt.rw.nomor:03d}") for rt in areas.rts]
    return JsonResponse({"complete": not areas.large, "rt": rts})


def _problem_create_public(form, processed):
    return services.problem_create(
        user=None,
        kategori=form.cleaned_data["kategori"],
        rt=form.cleaned_data["rt"],
        alamat=form.cleaned_data["alamat"],
        deskripsi=form.cleaned_data["deskripsi"],
        lat=form.cleaned_data["lat"],
        lon=form.cleaned_data["lon"],
        processed_photos=processed,
        kept_photos=form.kept_photos(),
        use_photo_location=form.cleaned_data["pakai_lokasi_foto"],
        pelapor_nama=form.cleaned_data["nama"],
        pelapor_hp=form.cleaned_data["hp"],
        pelapor_email=form.cleaned_data["email"],
        idempotency_key=form.cleaned_data["idempotency_key"] or None,
    )


def report_similar(request):
    """Open problems like the one being reported (an htmx fragment; a plain page without JS)."""
    query = SimilarProblemsForm(request.GET).query()
    similar = []
    if query["kategori"] is not None and (query["rt"] is not None or query["lat"] is not None):
        similar = selectors.similar_open_problems(**query)
    return render(request, "permasalahan/_similar.html", {"similar": similar})


def track_lookup(request):
    """Look a report up by its code: a wrong code is answered on the form itself. Every
    lookup counts once against the visitor's rate (here, or on the tracking page it opens),
    so codes cannot be guessed in turn."""
    form = TrackLookupForm(request.GET or None)
    if not form.is_valid():
        return render(request, "permasalahan/track_lookup.html", {"form": form})
    kode = form.cleaned_data["kode"]
    limit_reached = _rate_limited(request, "lacak", settings.PUBLIC_LOOKUP_RATE, increment=False)
    if not limit_reached and selectors.tracking_code_exists(kode=kode):
        return redirect("permasalahan:track", kode=kode)  # the tracking page counts it
    return _lookup_refused(request, form, kode, not_found_status=200)


def _lookup_refused(request, form, kode: str, *, not_found_status: int):
    """Answer on the lookup form, in Indonesian: too many lookups (429), else no such code."""
    if _rate_limited(request, "lacak", settings.PUBLIC_LOOKUP_RATE, increment=True):
        form.add_error(
            None, _("Too many lookups from this connection. Please try again in a few minutes.")
        )
        status = 429
    else:
        form.add_error(
            "kode",
            _("Tracking code %(code)s was not found. Check the code on your slip.")
            % {"code": kode},
        )
        status = not_found_status
    return render(request, "permasalahan/track_lookup.html", {"form": form}, status=status)


def _public_problem(request, kode):
    if _rate_limited(request, "lacak", settings.PUBLIC_LOOKUP_RATE, increment=True):
        raise Http404
    problem = selectors.public_problem_get(kode=kode)
    if problem is None:
        raise Http404
    return problem


def track(request, kode, reopen_form=None):
    problem = selectors.public_problem_state(kode=kode)
    if problem is None or _rate_limited(
        request, "lacak", settings.PUBLIC_LOOKUP_RATE, increment=True
    ):
        # A mistyped link or code, or too many lookups: answered on the lookup form.
        form = TrackLookupForm({"kode": kode})
        if not form.is_valid():
            return render(request, "permasalahan/track_lookup.html", {"form": form}, status=404)
        return _lookup_refused(request, form, form.cleaned_data["kode"], not_found_status=404)
    key = _reporter_key(request, problem)
    is_reporter = services.reporter_key_valid(problem=problem, key=key)
    is_new = request.GET.get("baru") == "1"
    context = {
        "problem": problem,
        "public_part": _track_public_part(problem),
        "is_new": is_new,
        "is_reporter": is_reporter,
        "private_link": _private_link(request, problem, key) if is_new and is_reporter else "",
        "actions": services.problem_allowed_actions(user=None, problem=problem, reporter_key=key),
        "reopen_until": services.reopen_until(problem),
        "reopen_form": reopen_form or ReopenForm(),
        "show_reopen": reopen_form is not None,
    }
    return render(request, "permasalahan/track.html", context)


TRACK_SHARE_MARK = "<!-- share -->"


def _track_public_part(problem) -> list[str]:
    """The public part of the tracking page (the same for every visitor), rendered once per
    change of the problem and kept in the cache; in two pieces around the share button."""
    language = get_language()
    version = selectors.public_page_version(problem.kode)
    html = selectors.public_page_cached(kode=problem.kode, language=language, version=version)
    if html is None:
        full = selectors.public_problem_get(kode=problem.kode)
        html = render_to_string(
            "permasalahan/_track_public.html",
            {"problem": full, "timeline": selectors.public_timeline(full)},
        )
        selectors.public_page_keep(kode=problem.kode, language=language, version=version, html=html)
    head, _mark, tail = html.partition(TRACK_SHARE_MARK)
    return [mark_safe(head), mark_safe(tail)]  # rendered by our template, escaped there


def _private_link(request, problem, key: str) -> str:
    return request.build_absolute_uri(
        reverse("permasalahan:track-reporter", args=[problem.kode, key])
    )


def track_reporter(request, kode, kunci):
    """The reporter's private link: remember the key in this browser, then show the
    tracking page (the key leaves the address bar). A wrong key is not found."""
    problem = _public_problem(request, kode)
    if not services.reporter_key_valid(problem=problem, key=kunci):
        raise Http404
    _remember_reporter_key(request, problem.kode, kunci)
    messages.success(
        request, _("This browser now remembers your private key: you can reopen or rate here.")
    )
    return redirect("permasalahan:track", kode=problem.kode)


def track_slip(request, kode):
    """A printable slip with the code and a QR code linking to the tracking page; printed
    by the reporter, it also carries the private link."""
    problem = _public_problem(request, kode)
    url = request.build_absolute_uri(problem.get_public_url())
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, svgclass="qr", lineclass=None)
    key = _reporter_key(request, problem)
    private_link = ""
    if services.reporter_key_valid(problem=problem, key=key):
        private_link = _private_link(request, problem, key)
    return render(
        request,
        "permasalahan/track_slip.html",
        {"problem": problem, "url": url, "qr_svg": qr_svg, "private_link": private_link},
    )


def _track_refused(request, kode):
    """The tracking page with the message, when this address sent too many (status 429)."""
    messages.error(request, ratelimit.post_limit_message())
    return track(request, kode)


@require_POST
@ratelimit.public_post_limit("dukung", refused=_track_refused)
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
@ratelimit.public_post_limit("buka-kembali", refused=_track_refused)
def track_reopen(request, kode):
    problem = _public_problem(request, kode)
    key = _reporter_key(request, problem)
    if not services.reporter_key_valid(problem=problem, key=key):
        return _reporter_refused(request, problem)
    refusal = services.action_refusal(services.REOPEN, user=None, problem=problem, reporter_key=key)
    if refusal is not None:  # too late, or not resolved: there is no form to show again
        messages.error(request, refusal)
        return redirect("permasalahan:track", kode=problem.kode)
    form = ReopenForm(request.POST, request.FILES, session=request.session)
    if form.is_valid() and not _photo_budget_spent(
        request, form, [form.upload()] if form.upload() else []
    ):
        processed = None
        try:
            processed = _photo(form)
            services.problem_reopen(
                problem=problem,
                note=form.cleaned_data["catatan"],
                reporter_key=key,
                processed_photo=processed,
                kept_photo=_kept_photo(form, processed),
            )
        except PhotoError as error:
            form.add_error("foto", str(error))
        except ValidationError as error:
            form.add_error(None, error)
            _keep_photos_for_retry(request, form, [processed] if processed else [])
        else:
            messages.success(request, _("The problem was reopened. The kelurahan will follow up."))
            return redirect("permasalahan:track", kode=problem.kode)
    response = track(request, kode, reopen_form=form)
    if getattr(form, "photo_budget_spent", False):
        response.status_code = 429
    return response


@require_POST
@ratelimit.public_post_limit("nilai", refused=_track_refused)
def track_rate(request, kode):
    problem = _public_problem(request, kode)
    key = _reporter_key(request, problem)
    if not services.reporter_key_valid(problem=problem, key=key):
        return _reporter_refused(request, problem)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.problem_rate(
                problem=problem, rating=form.cleaned_data["penilaian"], reporter_key=key
            )
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
    return render(request, "permasalahan/map.html", _map_context(request, user=None))


def public_map_data(request):
    viewport = MapViewportForm(
        {"bbox": request.GET.get("bbox") or "", "zoom": request.GET.get("zoom") or ""}
    )
    kategori = request.GET.get("kategori")
    return _map_data(viewport, kategori, user=None, url_for=lambda p: p.get_public_url())


@role_required("problem.view")
def problem_map(request):
    return render(request, "permasalahan/map.html", _map_context(request, user=request.user))


@role_required("problem.view")
def problem_map_data(request):
    viewport = MapViewportForm(
        {"bbox": request.GET.get("bbox") or "", "zoom": request.GET.get("zoom") or ""}
    )
    kategori = request.GET.get("kategori")
    return _map_data(viewport, kategori, user=request.user, url_for=lambda p: p.get_absolute_url())


def _map_context(request, *, user) -> dict:
    """The map page: no problems in the HTML (the script fetches them by viewport)."""
    public = user is None
    kategori = request.GET.get("kategori")
    return {
        "map": _map_settings(),
        "data_url": reverse(
            "permasalahan:public-map-data" if public else "permasalahan:problem-map-data"
        ),
        "filter_form": MapFilterForm(request.GET or None),
        "without_gps": selectors.problems_without_gps(user=user, kategori=kategori),
        "legend": selectors.map_legend(),
        "public": public,
    }


def _map_data(viewport, kategori, *, user, url_for):
    """GeoJSON of the problems in ``bbox`` at ``zoom``: single problems or clusters."""
    if not viewport.is_valid():
        errors = [message for messages_ in viewport.errors.values() for message in messages_]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    view = selectors.problems_in_view(
        user=user,
        kategori=kategori,
        bbox=viewport.cleaned_data["bbox"],
        zoom=viewport.cleaned_data["zoom"],
    )
    features = [selectors.map_feature(p, url=url_for(p)) for p in view.problems]
    features += [selectors.cluster_feature(c) for c in view.clusters]
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "total": view.total,
            "clustered": view.clustered,
            "features": features,
        }
    )


# -- staff ----------------------------------------------------------------------------------


@role_required("problem.view")
def problem_list(request):
    problems = selectors.problem_list(user=request.user)
    filterset = ProblemFilter(request.GET or None, queryset=problems, user=request.user)
    table = ProblemTable(filterset.qs)
    configure_table(request, table, per_page=25)
    context = {
        "filter": filterset,
        "table": table,
        "overdue": selectors.overdue_count(user=request.user),
        "can_create": access.has_perm(request.user, "problem.create"),
        "can_export": access.has_perm(request.user, "export.create"),
    }
    return render(request, "permasalahan/problem_list.html", context)


@role_required("problem.create")
def problem_create(request):
    key, key_state, fresh = _form_key(request)
    if fresh is not None:
        return fresh
    form = StaffProblemForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        session=request.session,
        initial={"idempotency_key": key},
    )
    needs = NeedFormSet(request.POST or None, prefix="kebutuhan")
    if request.method == "POST":
        if form.is_valid() & needs.is_valid():
            processed = _process_form_photos(request, form)
            if processed is not None:
                try:
                    problem = services.problem_create(
                        user=request.user,
                        processed_photos=processed,
                        kept_photos=form.kept_photos(),
                        use_photo_location=form.cleaned_data["pakai_lokasi_foto"],
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
            processed = _process_form_photos(request, form) if form.uploads() else []
            if processed:
                _keep_photos_for_retry(request, form, processed)
    context = {
        "form": form,
        "needs": needs,
        "map": _map_settings(),
        "photo_limits": _photo_limits(),
        "sent": key_state.sent if key_state else None,
    }
    return render(request, "permasalahan/problem_form.html", context)


@role_required("problem.view")
def problem_detail(request, kode):
    return _detail(request, kode)


def _detail(request, kode, *, action_form=None, duplicate_form=None, status=200):
    problem = selectors.problem_get(user=request.user, kode=kode)
    actions = services.problem_allowed_actions(user=request.user, problem=problem)
    context = {
        "problem": problem,
        "actions": actions,
        # The reporter's contact is for the office that follows up, not for every RT head.
        "show_reporter": selectors.reporter_contact_visible(user=request.user),
        "can_hide_photos": services.photo_visibility_allowed(user=request.user, problem=problem),
        "similar": selectors.similar_open_problems(
            kategori=problem.kategori,
            rt=problem.rt,
            lat=problem.lat,
            lon=problem.lon,
            exclude_pk=problem.pk,
        )
        if services.DUPLICATE in actions
        else [],
        "action_form": action_form or ProblemActionForm(actions=actions),
        "duplicate_form": duplicate_form or DuplicateForm(),
        "show_duplicate": duplicate_form is not None,
    }
    return render(request, "permasalahan/problem_detail.html", context, status=status)


def _photo(form):
    upload = form.cleaned_data.get("foto")
    return process_photo(upload) if upload else None


def _kept_photo(form, processed):
    """The photo kept from a failed try, when no new one was chosen."""
    kept = form.kept_photos()
    return kept[0] if kept and processed is None else None


def _problem_action(request, kode, *, run, success):
    """Run one action of the detail page's action form (a note and an optional photo):
    redirect with a message, or show the page again with what was typed and the photo kept."""
    problem = selectors.problem_for_action(user=request.user, kode=kode)
    actions = services.problem_allowed_actions(user=request.user, problem=problem)
    form = ProblemActionForm(request.POST, request.FILES, actions=actions, session=request.session)
    if form.is_valid():
        processed = None
        try:
            processed = _photo(form)
            run(
                problem,
                note=form.cleaned_data["catatan"],
                public=form.cleaned_data["publik"],
                processed_photo=processed,
                kept_photo=_kept_photo(form, processed),
            )
        except PhotoError as error:
            form.add_error("foto", str(error))
        except ValidationError as error:
            form.add_error(None, error)
            _keep_photos_for_retry(request, form, [processed] if processed else [])
        else:
            messages.success(request, success)
            return redirect(problem)
    return _detail(request, kode, action_form=form, status=400)


@require_POST
@role_required(services.ACTIONS[services.VERIFY].permission)
def problem_verify(request, kode):
    return _problem_action(
        request,
        kode,
        run=lambda p, note, **photo: services.problem_verify(
            user=request.user, problem=p, note=note, **photo
        ),
        success=_("The report was verified."),
    )


@require_POST
@role_required(services.ACTIONS[services.REJECT].permission)
def problem_reject(request, kode):
    return _problem_action(
        request,
        kode,
        run=lambda p, note, **photo: services.problem_reject(
            user=request.user, problem=p, reason=note, **photo
        ),
        success=_("The report was rejected."),
    )


@require_POST
@role_required(services.ACTIONS[services.DUPLICATE].permission)
def problem_duplicate(request, kode):
    problem = selectors.problem_for_action(user=request.user, kode=kode)
    form = DuplicateForm(request.POST)
    if form.is_valid():
        try:
            try:
                original = selectors.problem_for_action(
                    user=request.user, kode=form.cleaned_data["asli"]
                )
            except Http404:
                raise ValidationError(
                    _("No problem with code %(code)s in your area.")
                    % {"code": form.cleaned_data["asli"]}
                ) from None
            services.problem_mark_duplicate(
                user=request.user,
                problem=problem,
                original=original,
                note=form.cleaned_data["catatan"],
                public=form.cleaned_data["publik"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report was closed as a duplicate."))
            return redirect(problem)
    return _detail(request, kode, duplicate_form=form, status=400)


@require_POST
@role_required(services.ACTIONS[services.HANDLE].permission)
def problem_handle(request, kode):
    return _problem_action(
        request,
        kode,
        run=lambda p, note, **photo: services.problem_start_handling(
            user=request.user, problem=p, note=note, **photo
        ),
        success=_("The problem is now being handled."),
    )


@require_POST
@role_required(services.ACTIONS[services.RESOLVE].permission)
def problem_resolve(request, kode):
    return _problem_action(
        request,
        kode,
        run=lambda p, note, **photo: services.problem_resolve(
            user=request.user, problem=p, note=note, **photo
        ),
        success=_("The problem was marked as resolved."),
    )


@require_POST
@role_required(services.ACTIONS[services.NOTE].permission)
def problem_note(request, kode):
    return _problem_action(
        request,
        kode,
        run=lambda p, note, **photo: services.problem_add_note(
            user=request.user, problem=p, note=note, **photo
        ),
        success=_("The note was added."),
    )


@require_POST
@role_required(services.PHOTO_VISIBILITY_PERMISSION)
def problem_photo_visibility(request, kode, pk):
    """Hide one of the problem's photos from the public, or show it again."""
    problem, link = selectors.problem_photo_for_action(user=request.user, kode=kode, pk=pk)
    form = PhotoVisibilityForm(request.POST)
    form.is_valid()
    public = form.cleaned_data.get("publik", False)
    services.problem_photo_set_public(user=request.user, problem=problem, link=link, public=public)
    if public:
        messages.success(request, _("The photo is shown to the public."))
    else:
        messages.success(request, _("The photo is hidden from the public."))
    return redirect(problem)


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
