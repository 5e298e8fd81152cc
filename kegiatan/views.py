"""Stage 3 pages: Rencana Aksi list, form, detail and its actions; the camat's approval
queue; the calendar and its feed; recurring schedules; the public schedule."""

import datetime
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kegiatan import calendar_feed, selectors, services
from kegiatan.filters import WHEN_UPCOMING, PlanFilter
from kegiatan.forms import (
    LOCATION_PREFIX,
    NEED_PREFIX,
    VIEW_WEEK,
    ApproveManyForm,
    AttendanceForm,
    CalendarForm,
    CancelForm,
    DeliveryConfirmForm,
    DocumentationForm,
    DocumentationPublicForm,
    EventSwadayaForm,
    ExecutionOpenForm,
    FoundProblemForm,
    KendalaForm,
    LocationFormSet,
    NotHeldForm,
    OtherResultsForm,
    PlanForm,
    PlanNeedFormSet,
    PlanNoteForm,
    ResolveProblemForm,
    ResultForm,
    ReturnForm,
    SeriesForm,
    ServiceForm,
    SkipForm,
    entry_initial,
    execution_initial,
    initial_from_data,
    merge_needs,
    plan_initial,
    rows_from_data,
    series_initial,
)
from kegiatan.models import PlanStatus
from kegiatan.tables import PlanTable
from sigoro import access
from sigoro.decorators import role_required
from sigoro.offline import offline_page
from sigoro.photos import PhotoError
from sigoro.tables import configure_table
from stakeholder import selectors as stakeholder_selectors
from stakeholder.forms import RequestForm, item_formset

ACTION_SAVE = "simpan"
ACTION_SUBMIT = "ajukan"
ACTION_PREFILL = "isi-kebutuhan"

# -- helpers --------------------------------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the field it names, else on top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item.messages)
    else:
        form.add_error(None, error.messages)


def _warn_conflicts(request, plan) -> None:
    conflicts = selectors.plan_conflicts(user=request.user, plan=plan)
    if conflicts:
        names = "; ".join(
            f"{c.plan.judul} ({c.plan.jam_mulai:%H.%M}–{c.plan.jam_selesai:%H.%M})"
            for c in conflicts
        )
        messages.warning(
            request,
            ngettext(
                "Warning: another plan uses the same RT at an overlapping time: %(plans)s.",
                "Warning: other plans use the same RT at an overlapping time: %(plans)s.",
                len(conflicts),
            )
            % {"plans": names},
        )


# -- list, create, edit ---------------------------------------------------------------------


@role_required("plan.view")
def plan_list(request):
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    data.setdefault("waktu", WHEN_UPCOMING)
    filterset = PlanFilter(data, queryset=selectors.plan_list(user=request.user), user=request.user)
    table = PlanTable(filterset.qs)
    configure_table(request, table, per_page=25)
    context = {
        "filter": filterset,
        "table": table,
        "can_create": access.has_perm(request.user, "plan.create"),
        "can_approve": access.has_perm(request.user, "plan.approve"),
        "can_see_series": access.has_perm(request.user, "series.view"),
        "can_export": access.has_perm(request.user, "export.create"),
    }
    return render(request, "kegiatan/plan_list.html", context)


def _new_plan_initial(request) -> tuple[dict, list[dict], list[dict]]:
    """A new plan starts at 07.00-09.00; from a problem's page, with that problem."""
    user = request.user
    initial = {"jam_mulai": "07:00", "jam_selesai": "09:00"}
    locations = [{"rt": user.rt_id}] if user.rt_id else []
    needs = []
    code = (request.GET.get("masalah") or "").strip().upper()
    if code:
        problem = selectors.problem_choices(user=user).filter(kode=code).first()
        if problem is not None:
            initial["problems"] = [problem.pk]
            initial["judul"] = f"{problem.kategori} – {problem.alamat}"[:150]
            locations = [
                {"rt": problem.rt_id, "titik_kumpul": problem.alamat[:200]}
                | ({"lat": problem.lat, "lon": problem.lon} if problem.has_gps else {})
            ]
            needs = [n.__dict__ for n in selectors.needs_from_problems([problem])]
    return initial, locations, needs


def _plan_forms(request, *, plan=None):
    """The three parts of the plan form: bound on a save, else starting values (a new plan,
    the plan being edited, or what was typed plus the chosen problems' needs)."""
    user = request.user
    action = request.POST.get("aksi")
    if request.method == "POST" and action != ACTION_PREFILL:
        return (
            PlanForm(request.POST, user=user),
            LocationFormSet(request.POST, prefix=LOCATION_PREFIX, user=user),
            PlanNeedFormSet(request.POST, prefix=NEED_PREFIX),
        )
    if request.method == "POST":
        data = request.POST
        initial = initial_from_data(PlanForm, data, form_kwargs={"user": user})
        locations = rows_from_data(
            data, prefix=LOCATION_PREFIX, fields=["rt", "titik_kumpul", "lat", "lon"]
        )
        typed = rows_from_data(
            data, prefix=NEED_PREFIX, fields=["jenis", "item", "jumlah", "satuan"]
        )
        chosen = [v for v in initial.get("problems", []) if str(v).isdigit()]
        problems = selectors.problem_choices(user=user).filter(pk__in=chosen)
        needs = merge_needs(typed, selectors.needs_from_problems(problems))
    elif plan is not None:
        initial, locations, needs = plan_initial(plan)
    else:
        initial, locations, needs = _new_plan_initial(request)
    return (
        PlanForm(initial=initial, user=user),
        LocationFormSet(initial=locations, prefix=LOCATION_PREFIX, user=user),
        PlanNeedFormSet(initial=needs, prefix=NEED_PREFIX),
    )


def _save_plan(request, form, locations, needs, plan=None):
    """Validate and save (and submit, when asked, in the same transaction); return the plan,
    or None on errors (then nothing was saved)."""
    user = request.user
    if not (form.is_valid() & locations.is_valid() & needs.is_valid()):
        return None
    data = form.to_data(locations=locations.locations(), needs=needs.needs())
    submit = request.POST.get("aksi") == ACTION_SUBMIT
    try:
        if plan is None:
            plan = services.plan_create(
                user=user,
                data=data,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
                submit=submit,
            )
        else:
            plan = services.plan_update(user=user, plan=plan, data=data, submit=submit)
    except ValidationError as error:
        _add_errors(form, error)
        return None
    if plan.status == PlanStatus.DIAJUKAN:
        messages.success(request, _("The Rencana Aksi was submitted to the camat."))
    else:
        messages.success(request, _("The Rencana Aksi was saved as a draft."))
    _warn_conflicts(request, plan)
    return plan


def _render_plan_form(request, form, locations, needs, plan=None, status=200):
    return render(
        request,
        "kegiatan/plan_form.html",
        {
            "form": form,
            "locations": locations,
            "needs": needs,
            "plan": plan,
            "can_submit": access.has_perm(request.user, "plan.submit"),
            "conflicts": selectors.plan_conflicts(user=request.user, plan=plan)
            if plan is not None
            else [],
            "prefilled": request.POST.get("aksi") == ACTION_PREFILL,
        },
        status=status,
    )


@role_required("plan.create")
def plan_create(request):
    form, locations, needs = _plan_forms(request)
    if request.method == "POST" and request.POST.get("aksi") != ACTION_PREFILL:
        plan = _save_plan(request, form, locations, needs)
        if plan is not None:
            return redirect(plan)
        return _render_plan_form(request, form, locations, needs, status=400)
    return _render_plan_form(request, form, locations, needs)


@role_required("plan.create")
def plan_update(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    actions = services.plan_allowed_actions(user=request.user, plan=plan)
    if services.ACTION_EDIT not in actions:
        if services.ACTION_EDIT not in actions.blocked:
            raise PermissionDenied
        messages.error(request, actions.blocked[services.ACTION_EDIT])
        return redirect(plan)
    form, locations, needs = _plan_forms(request, plan=plan)
    if request.method == "POST" and request.POST.get("aksi") != ACTION_PREFILL:
        saved = _save_plan(request, form, locations, needs, plan=plan)
        if saved is not None:
            return redirect(saved)
        return _render_plan_form(request, form, locations, needs, plan=plan, status=400)
    return _render_plan_form(request, form, locations, needs, plan=plan)


# -- detail and status changes --------------------------------------------------------------


# The action forms of the detail page: (form class, prefix) per action.
ACTION_FORMS = {
    "submit": (PlanNoteForm, "ajukan"),
    "approve": (PlanNoteForm, "setujui"),
    "return": (ReturnForm, "kembalikan"),
    "finish": (PlanNoteForm, "terlaksana"),
    "cancel": (CancelForm, "batal"),
}


@offline_page
@role_required("plan.view")
def plan_detail(request, pk, failed=None):
    """The plan page. ``failed`` is (action, bound form) after an action that did not go
    through: that form is shown again, first on a phone, with its errors."""
    user = request.user
    plan = selectors.plan_get(user=user, pk=pk)
    actions = services.plan_allowed_actions(user=user, plan=plan)
    returned_note = next(
        (e for e in reversed(plan.events.all()) if e.ke_status == PlanStatus.DIKEMBALIKAN),
        None,
    )
    context = {
        "plan": plan,
        "conflicts": selectors.plan_conflicts(user=user, plan=plan),
        "actions": actions,
        "on_public_schedule": selectors.plan_on_public_schedule(plan),
        "support_requests": selectors.plan_support_requests(user=user, plan=plan),
        "problem_outline": selectors.plan_problem_outline(user=user, plan=plan),
        "can_see_stakeholders": access.has_perm(user, "stakeholder.list"),
        "returned_note": returned_note if plan.status == PlanStatus.DIKEMBALIKAN else None,
        "execution": selectors.execution_overview(user=user, plan=plan),
        "page_actions": selectors.plan_page_actions(user=user, plan=plan),
        **{
            f"{action}_form": form_class(prefix=prefix)
            for action, (form_class, prefix) in ACTION_FORMS.items()
        },
    }
    if failed is not None:
        action, form = failed
        context[f"{action}_form"] = form
        context["open_form"] = action
        if action not in actions and action not in actions.blocked:
            # The plan moved on meanwhile: the form is gone, say why on top of the actions.
            context["action_errors"] = form.non_field_errors()
    return render(request, "kegiatan/plan_detail.html", context)


def _plan_action(request, pk, *, action, run, success):
    """Validate, run the service, then redirect with a message or show the form again."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    form_class, prefix = ACTION_FORMS[action]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(plan, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, success)
            return redirect(plan)
    response = plan_detail(request, pk, failed=(action, form))
    response.status_code = 400
    return response


@require_POST
@role_required("plan.submit")
def plan_submit(request, pk):
    return _plan_action(
        request,
        pk,
        action="submit",
        run=lambda p, c: services.plan_submit(user=request.user, plan=p, note=c["catatan"]),
        success=_("The Rencana Aksi was submitted to the camat."),
    )


@require_POST
@role_required("plan.approve")
def plan_approve(request, pk):
    return _plan_action(
        request,
        pk,
        action="approve",
        run=lambda p, c: services.plan_approve(user=request.user, plan=p, note=c["catatan"]),
        success=_("The Rencana Aksi was approved."),
    )


@require_POST
@role_required("plan.approve")
def plan_return(request, pk):
    return _plan_action(
        request,
        pk,
        action="return",
        run=lambda p, c: services.plan_return(user=request.user, plan=p, note=c["catatan"]),
        success=_("The Rencana Aksi was returned to the kelurahan."),
    )


@require_POST
@role_required("plan.finish")
def plan_done(request, pk):
    return _plan_action(
        request,
        pk,
        action="finish",
        run=lambda p, c: services.plan_mark_done(user=request.user, plan=p, note=c["catatan"]),
        success=_("The Rencana Aksi was marked as carried out."),
    )


@require_POST
@role_required("plan.finish")
def plan_cancel(request, pk):
    return _plan_action(
        request,
        pk,
        action="cancel",
        run=lambda p, c: services.plan_cancel(user=request.user, plan=p, reason=c["catatan"]),
        success=_("The Rencana Aksi was cancelled."),
    )


# -- support from stakeholders --------------------------------------------------------------


@role_required("request.manage")
def plan_request_support(request, pk):
    """Ask stakeholders for support for this plan: the stage-2 request form, filled in from
    the plan (its needs, the stakeholders it invites, its problems), linked to it on save."""
    user = request.user
    plan = selectors.plan_get(user=user, pk=pk)
    actions = services.plan_allowed_actions(user=user, plan=plan)
    if services.ACTION_REQUEST_SUPPORT not in actions:
        messages.error(request, actions.blocked[services.ACTION_REQUEST_SUPPORT])
        return redirect(plan)
    initial, needs = selectors.support_request_draft(plan=plan)
    form = RequestForm(
        request.POST or None,
        initial=initial,
        user=user,
        create=True,
        problems=initial["problems"],
    )
    form.fields["kelurahan"].disabled = True  # the plan's kelurahan asks
    items = item_formset(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid() & items.is_valid():
        try:
            support_request = services.plan_request_support(
                user=user,
                plan=plan,
                items=items.rows(),
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
                **form.links(),
                **form.header(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request was saved for this plan."))
            return redirect(support_request)
    context = {"plan": plan, "form": form, "items": items}
    status = 400 if request.method == "POST" else 200
    return render(request, "kegiatan/plan_request_support.html", context, status=status)


# -- the camat's queue ----------------------------------------------------------------------


@role_required("plan.approve")
def plan_queue(request):
    form = CalendarForm(request.GET or None, user=request.user)
    kelurahan = form.cleaned_data.get("kelurahan") if form.is_valid() else None
    plans = selectors.plan_queue(user=request.user, kelurahan=kelurahan)
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "kegiatan/plan_queue.html",
        {"page": page, "form": form, "today": timezone.localdate()},
    )


@require_POST
@role_required("plan.approve")
def plan_approve_many(request):
    form = ApproveManyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the plans to approve."))
        return redirect("kegiatan:plan-queue")
    plans = selectors.plans_for_action(user=request.user, pks=form.cleaned_data["rencana"])
    result = services.plan_approve_many(user=request.user, plans=plans)
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(n)d Rencana Aksi was approved.",
                "%(n)d Rencana Aksi were approved.",
                len(result.done),
            )
            % {"n": len(result.done)},
        )
    for plan, message in result.failed:
        messages.error(request, f"{plan.judul}: {message}")
    return redirect("kegiatan:plan-queue")


# -- calendar and feeds ---------------------------------------------------------------------


def _shift_month(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _webcal(url: str) -> str:
    return url.replace("https://", "webcal://").replace("http://", "webcal://")


def _feed(request, area, path) -> dict:
    url = request.build_absolute_uri(path)
    return {"area": area, "url": url, "webcal_url": _webcal(url)}


@role_required("plan.view")
def plan_calendar(request):
    user = request.user
    form = CalendarForm(request.GET or None, user=user)
    view, day, kelurahan = form.query()
    if view == VIEW_WEEK:
        cal = selectors.calendar_week(user=user, day=day, kelurahan=kelurahan)
        previous = cal.start - datetime.timedelta(days=7)
        following = cal.start + datetime.timedelta(days=7)
    else:
        cal = selectors.calendar_month(
            user=user, year=day.year, month=day.month, kelurahan=kelurahan
        )
        previous, following = _shift_month(day, -1), _shift_month(day, 1)
    many_kelurahan = len(form.fields["kelurahan"].queryset[:2]) > 1
    feeds = []
    kecamatan = selectors.feed_kecamatan_for(user=user)
    if kecamatan is not None:
        url = reverse(
            "kegiatan:plan-ics-kecamatan",
            kwargs={
                "pk": kecamatan.pk,
                "token": calendar_feed.feed_token(kecamatan.pk, calendar_feed.KECAMATAN),
            },
        )
        feeds.append(_feed(request, kecamatan, url))
    feed_for = selectors.feed_kelurahan_for(user=user, kelurahan=kelurahan)
    if feed_for is not None:
        url = reverse(
            "kegiatan:plan-ics",
            kwargs={"pk": feed_for.pk, "token": calendar_feed.feed_token(feed_for.pk)},
        )
        feeds.append(_feed(request, feed_for, url))
    context = {
        "form": form,
        "cal": cal,
        "view": view,
        "day": day,
        "kelurahan": kelurahan,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "many_kelurahan": many_kelurahan,
        "show_kelurahan": kelurahan is None and many_kelurahan,
        "feeds": feeds,
    }
    return render(request, "kegiatan/plan_calendar.html", context)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _host(request) -> str:
    return request.get_host().split(":")[0]


def plan_ics(request, pk, token):
    """The staff feed of a kelurahan (no session: the secret in the address is the key)."""
    if not calendar_feed.token_is_valid(pk, token):
        raise Http404
    kelurahan = selectors.public_kelurahan_get(pk=pk)
    if kelurahan is None:
        raise Http404
    body = calendar_feed.render_calendar(
        plans=selectors.feed_plans(kelurahan=kelurahan, public=False),
        name=f"SIGORO · {kelurahan}",
        host=_host(request),
        url_for=lambda plan: request.build_absolute_uri(plan.get_absolute_url()),
        public=False,
    )
    return _ics_response(body, f"sigoro-kelurahan-{kelurahan.pk}.ics")


def plan_ics_kecamatan(request, pk, token):
    """The staff feed of a whole kecamatan, for the camat (same secret scheme)."""
    if not calendar_feed.token_is_valid(pk, token, calendar_feed.KECAMATAN):
        raise Http404
    kecamatan = selectors.kecamatan_get(pk=pk)
    if kecamatan is None:
        raise Http404
    body = calendar_feed.render_calendar(
        plans=selectors.feed_plans(kecamatan=kecamatan, public=False),
        name=f"SIGORO · {kecamatan}",
        host=_host(request),
        url_for=lambda plan: request.build_absolute_uri(plan.get_absolute_url()),
        public=False,
    )
    return _ics_response(body, f"sigoro-kecamatan-{kecamatan.pk}.ics")


# -- public schedule ------------------------------------------------------------------------


def public_schedule_index(request):
    return render(
        request,
        "kegiatan/plan_public_index.html",
        {"kelurahan_list": selectors.public_kelurahan_list()},
    )


def _public_kelurahan(pk):
    kelurahan = selectors.public_kelurahan_get(pk=pk)
    if kelurahan is None:
        raise Http404
    return kelurahan


def public_schedule(request, pk):
    kelurahan = _public_kelurahan(pk)
    upcoming, recent = selectors.public_schedule(kelurahan=kelurahan)
    feed_url = request.build_absolute_uri(reverse("kegiatan:public-schedule-ics", args=[pk]))
    return render(
        request,
        "kegiatan/plan_public_schedule.html",
        {
            "kelurahan": kelurahan,
            "upcoming": upcoming,
            "recent": recent,
            "feed_url": feed_url,
            "webcal_url": _webcal(feed_url),
        },
    )


def public_schedule_ics(request, pk):
    kelurahan = _public_kelurahan(pk)
    page = request.build_absolute_uri(reverse("kegiatan:public-schedule", args=[pk]))
    body = calendar_feed.render_calendar(
        plans=selectors.feed_plans(kelurahan=kelurahan, public=True),
        name=_("Gotong royong schedule · %(kelurahan)s") % {"kelurahan": kelurahan},
        host=_host(request),
        url_for=lambda plan: page,
        public=True,
    )
    return _ics_response(body, f"jadwal-kelurahan-{kelurahan.pk}.ics")


# -- recurring schedules --------------------------------------------------------------------


@role_required("series.view")
def series_list(request):
    page = Paginator(selectors.series_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "kegiatan/plan_series_list.html",
        {"page": page, "can_manage": access.has_perm(request.user, "series.manage")},
    )


def _series_message(request, created: int) -> None:
    messages.success(
        request,
        ngettext(
            "The schedule was saved; %(n)d plan was generated.",
            "The schedule was saved; %(n)d plans were generated.",
            created,
        )
        % {"n": created},
    )


@role_required("series.manage")
def series_create(request):
    today = timezone.localdate()
    initial = {
        "pola": "mingguan",
        "hari": 4,
        "jam_mulai": "07:00",
        "jam_selesai": "09:00",
        "mulai": today,
        "minggu_ke_depan": 8,
        "aktif": True,
    }
    form = SeriesForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                series = services.series_create(
                    user=request.user,
                    data=form.to_data(),
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _series_message(request, series.occurrences.count())
                return redirect(series)
        return render(request, "kegiatan/plan_series_form.html", {"form": form}, status=400)
    return render(request, "kegiatan/plan_series_form.html", {"form": form})


@role_required("series.view")
def series_detail(request, pk, forms=None):
    series = selectors.series_get(user=request.user, pk=pk)
    context = {
        "series": series,
        "occurrences": selectors.series_occurrences(series=series),
        "can_manage": access.has_perm(request.user, "series.manage"),
        "can_submit": access.has_perm(request.user, "plan.submit"),
        "skip_form": SkipForm(),
        **(forms or {}),
    }
    return render(request, "kegiatan/plan_series_detail.html", context)


@role_required("series.manage")
def series_update(request, pk):
    series = selectors.series_get(user=request.user, pk=pk)
    form = SeriesForm(
        request.POST or None, initial=series_initial(series), user=request.user, editing=True
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                change = services.series_update(
                    user=request.user,
                    series=series,
                    data=form.to_data(),
                    apply_to_future=form.apply_to_future(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The schedule was saved: %(updated)d future plans changed, "
                        "%(removed)d removed, %(created)d generated, %(kept)d left as they were."
                    )
                    % change.__dict__,
                )
                return redirect(series)
        return render(
            request,
            "kegiatan/plan_series_form.html",
            {"form": form, "series": series},
            status=400,
        )
    return render(request, "kegiatan/plan_series_form.html", {"form": form, "series": series})


@require_POST
@role_required("series.manage")
def series_generate(request, pk):
    series = selectors.series_for_action(user=request.user, pk=pk)
    created = services.series_generate(user=request.user, series=series)
    messages.success(
        request,
        ngettext("%(n)d plan was generated.", "%(n)d plans were generated.", len(created))
        % {"n": len(created)},
    )
    return redirect(series)


@require_POST
@role_required("series.manage")
def series_skip(request, pk):
    series = selectors.series_for_action(user=request.user, pk=pk)
    form = SkipForm(request.POST)
    if form.is_valid():
        try:
            cancelled = services.series_skip_date(
                user=request.user,
                series=series,
                tanggal=form.cleaned_data["tanggal"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if cancelled is not None:
                messages.success(request, _("The date is skipped; its plan was cancelled."))
            else:
                messages.success(request, _("The date is skipped."))
            return redirect(series)
    response = series_detail(request, pk, forms={"skip_form": form})
    response.status_code = 400
    return response


@require_POST
@role_required("series.manage")
def series_submit(request, pk):
    series = selectors.series_for_action(user=request.user, pk=pk)
    try:
        submitted = services.series_submit_drafts(user=request.user, series=series)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d plan was submitted to the camat.",
                "%(n)d plans were submitted to the camat.",
                len(submitted),
            )
            % {"n": len(submitted)},
        )
    return redirect(series)


# -- stage 4: the execution day -------------------------------------------------------------


def _execution_refused(request, plan, actions, action):
    """The answer when ``action`` is not possible now: back to the plan page, saying why."""
    if action in actions.blocked:
        messages.error(request, actions.blocked[action])
        return redirect(plan)
    messages.error(request, _("This cannot be done for this plan now."))
    return redirect(plan)


@role_required("execution.manage")
def execution_open(request, pk):
    """Open the execution of an approved plan (or correct its day): date, place, leader."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if services.ACTION_EXECUTION_OPEN not in actions:
        return _execution_refused(request, plan, actions, services.ACTION_EXECUTION_OPEN)
    pelaksanaan = selectors.execution_get(user=request.user, plan=plan)
    form = ExecutionOpenForm(request.POST or None, initial=execution_initial(plan, pelaksanaan))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pelaksanaan_open(user=request.user, plan=plan, data=form.to_data())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The execution day was recorded."))
                return redirect(plan)
        status = 400
    else:
        status = 200
    context = {"plan": plan, "form": form, "pelaksanaan": pelaksanaan}
    return render(request, "kegiatan/execution_open.html", context, status=status)


@role_required("execution.manage")
def execution_not_held(request, pk):
    """Record that an approved plan did not take place, with the reason."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if services.ACTION_NOT_HELD not in actions:
        return _execution_refused(request, plan, actions, services.ACTION_NOT_HELD)
    form = NotHeldForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pelaksanaan_not_held(
                    user=request.user, plan=plan, reason=form.cleaned_data["alasan"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The plan was marked as not held."))
                return redirect(plan)
        status = 400
    return render(
        request, "kegiatan/execution_not_held.html", {"plan": plan, "form": form}, status=status
    )


def _keep_attendance_photos(request, form, plan, rt) -> None:
    """Store the good photos of an attendance form that failed for another reason, so that
    the next try carries them (a bad one becomes the photo field's error)."""
    uploads = request.FILES.getlist("foto")
    if not uploads or form.has_error("foto"):
        return
    kept = []
    for upload in uploads:
        try:
            kept.append(
                services.attendance_photo_keep_for_retry(
                    user=request.user, plan=plan, rt=rt, upload=upload
                )
            )
        except PhotoError as error:
            form.add_error("foto", str(error))
            return
    form.keep_photos([*form.kept_photos(), *kept])


@offline_page
@role_required("attendance.record")
def attendance_record(request, pk, rt_pk):
    """One RT's attendance at the plan's execution (another RT's is 404)."""
    plan, rt, kehadiran = selectors.attendance_target(user=request.user, pk=pk, rt_pk=rt_pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if rt not in actions.attendance_rts:
        messages.error(
            request, _("The attendance can be recorded once the lurah has opened the execution.")
        )
        return redirect(plan)
    form = AttendanceForm(
        request.POST or None,
        request.FILES or None,
        plan=plan,
        kehadiran=kehadiran,
        session=request.session,
        staged_by=request.user,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.kehadiran_record(
                    user=request.user,
                    plan=plan,
                    rt=rt,
                    counts=form.counts(),
                    stakeholders=form.cleaned_data["stakeholders"],
                    uploads=form.cleaned_data["foto"],
                    kept_photos=form.kept_photos(),
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
            except PhotoError as error:
                form.add_error("foto", str(error))
            except ValidationError as error:
                _add_errors(form, error)
                _keep_attendance_photos(request, form, plan, rt)
            else:
                messages.success(
                    request,
                    _("The attendance of %(rt)s was recorded: %(n)s people.")
                    % {"rt": rt, "n": saved.total},
                )
                for warning in services.attendance_warnings(rt=rt, total=saved.total):
                    messages.warning(request, warning)
                return redirect(plan)
        else:
            _keep_attendance_photos(request, form, plan, rt)
        status = 400
    context = {"plan": plan, "rt": rt, "kehadiran": kehadiran, "form": form}
    return render(request, "kegiatan/attendance_form.html", context, status=status)


def _execution_rows_page(
    request, pk, *, kind, form_class, save, title, rows_of, success, extra=None
):
    """The shared page of the results, services and kendala forms: add one row at a time,
    the rows so far listed below (each with a link to change it, for who may)."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if services.ACTION_RECORD not in actions:
        messages.error(request, _("This can be recorded once the lurah has opened the execution."))
        return redirect(plan)
    pelaksanaan = selectors.execution_get(user=request.user, plan=plan)
    extra_forms = extra(request, plan, pelaksanaan) if extra else {}
    posted_extra = next((f for f in extra_forms.values() if f.is_bound), None)
    form = form_class(request.POST if request.method == "POST" and posted_extra is None else None)
    status = 200
    if request.method == "POST":
        target = posted_extra or form
        if target.is_valid():
            try:
                save(plan, target)
            except ValidationError as error:
                _add_errors(target, error)
            else:
                messages.success(request, success)
                return redirect(request.path)
        status = 400
    context = {
        "plan": plan,
        "pelaksanaan": pelaksanaan,
        "form": form,
        "title": title,
        "rows": [
            (
                text,
                reverse(
                    "kegiatan:execution-row-update",
                    kwargs={"pk": plan.pk, "kind": kind, "row_pk": entry.pk},
                )
                if services.entry_may_change(user=request.user, entry=entry)
                else "",
            )
            for text, entry in rows_of(pelaksanaan)
        ],
        **extra_forms,
    }
    return render(request, "kegiatan/execution_rows.html", context, status=status)


OTHER_RESULTS = "lainnya"


def _other_results_form(request, plan, pelaksanaan):
    bound = request.method == "POST" and request.POST.get("aksi") == OTHER_RESULTS
    return {
        "other_form": OtherResultsForm(
            request.POST if bound else None,
            initial={"hasil_lainnya": pelaksanaan.hasil_lainnya},
            prefix=OTHER_RESULTS,
        )
    }


def _save_result(request):
    def save(plan, form):
        c = form.cleaned_data
        if isinstance(form, OtherResultsForm):
            services.hasil_lainnya_set(user=request.user, plan=plan, text=c["hasil_lainnya"])
            return
        services.hasil_add(
            user=request.user,
            plan=plan,
            indikator=c["indikator"],
            jumlah=c["jumlah"],
            jenis_sampah=c["jenis_sampah"],
            catatan=c["catatan"],
            idempotency_key=c["idempotency_key"] or None,
        )

    return save


@role_required("execution.record")
def execution_results(request, pk):
    return _execution_rows_page(
        request,
        pk,
        form_class=ResultForm,
        save=_save_result(request),
        title=_("Results"),
        kind="hasil",
        rows_of=lambda p: [
            (
                f"{r.indikator.nama}: {number_format(r.jumlah.normalize())} {r.indikator.satuan}"
                + (f" · {r.get_jenis_sampah_display()}" if r.jenis_sampah else "")
                + (f" · {r.catatan}" if r.catatan else ""),
                r,
            )
            for r in p.hasil.select_related("indikator", "pelaksanaan")
        ],
        success=_("The result was recorded."),
        extra=_other_results_form,
    )


@role_required("execution.record")
def execution_services(request, pk):
    return _execution_rows_page(
        request,
        pk,
        form_class=ServiceForm,
        save=lambda plan, form: services.layanan_add(
            user=request.user,
            plan=plan,
            jenis=form.cleaned_data["jenis"],
            jumlah=form.cleaned_data["jumlah"],
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        ),
        title=_("On-site services"),
        kind="layanan",
        rows_of=lambda p: [
            (f"{r.jenis}: {r.jumlah}", r) for r in p.layanan.select_related("jenis", "pelaksanaan")
        ],
        success=_("The service was recorded."),
    )


@role_required("execution.record")
def execution_kendala(request, pk):
    return _execution_rows_page(
        request,
        pk,
        form_class=KendalaForm,
        save=lambda plan, form: services.kendala_add(
            user=request.user,
            plan=plan,
            kategori=form.cleaned_data["kategori"],
            uraian=form.cleaned_data["uraian"],
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        ),
        title=_("Constraints (kendala)"),
        kind="kendala",
        rows_of=lambda p: [
            (f"{r.get_kategori_display()}: {r.uraian}", r)
            for r in p.kendala.select_related("pelaksanaan")
        ],
        success=_("The constraint was recorded."),
    )


# -- problems resolved and found on the day --------------------------------------------------


def _execution_page(request, pk, action):
    """The plan and its execution for a page of ``action``, or a redirect saying why not."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if action not in actions:
        messages.error(request, _("This can be recorded once the lurah has opened the execution."))
        return plan, actions, None, redirect(plan)
    pelaksanaan = selectors.execution_get(user=request.user, plan=plan)
    return plan, actions, pelaksanaan, None


def _resolve_form(data=None, files=None, *, problem_pk, session=None):
    return ResolveProblemForm(
        data,
        files,
        initial={"masalah": problem_pk},
        auto_id=f"id_masalah{problem_pk}_%s",
        session=session,
    )


def _keep_event_photos(request, form, plan, uploads) -> None:
    """Store the good photos of an event form that failed for another reason, so that the
    next try carries them."""
    if not uploads or form.has_error("foto"):
        return
    kept = []
    for upload in uploads:
        try:
            kept.append(
                services.event_photo_keep_for_retry(user=request.user, plan=plan, upload=upload)
            )
        except PhotoError as error:
            form.add_error("foto", str(error))
            return
    form.keep_photos([*form.kept_photos(), *kept])


def _save_event_form(request, form, plan, save):
    """Run ``save(cleaned_data)`` for a valid event form with photos and return what it
    saved, or None when the form failed: a bad photo becomes the photo field's error, and
    on any other refusal the good photos are kept for the next try."""
    uploads = request.FILES.getlist("foto")
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except PhotoError as error:
            form.add_error("foto", str(error))
            return None
        except ValidationError as error:
            _add_errors(form, error)
    _keep_event_photos(request, form, plan, uploads)
    return None


@role_required("execution.record")
def execution_problems(request, pk):
    """The plan's problems on the execution day: tick each one resolved, with an after
    photo; the problems found on the day are listed below."""
    plan, actions, pelaksanaan, refused = _execution_page(request, pk, services.ACTION_RECORD)
    if refused:
        return refused
    failed = None
    if request.method == "POST":
        problem_pk = request.POST.get("masalah", "")
        form = _resolve_form(
            request.POST, request.FILES, problem_pk=problem_pk, session=request.session
        )
        if form.is_valid():
            problem = selectors.execution_problem_get(
                user=request.user, plan=plan, pk=form.cleaned_data["masalah"]
            )
            upload = form.cleaned_data.get("foto")
            try:
                services.problem_resolve_at_event(
                    user=request.user,
                    plan=plan,
                    problem=problem,
                    upload=upload or None,
                    kept_photo=form.kept_photo(),
                )
            except PhotoError as error:
                form.add_error("foto", str(error))
            except ValidationError as error:
                _add_errors(form, error)
                _keep_event_photos(request, form, plan, [upload] if upload else [])
            else:
                messages.success(
                    request, _("%(code)s was marked resolved.") % {"code": problem.kode}
                )
                return redirect(request.path)
        failed = form
        actions = services.execution_allowed_actions(user=request.user, plan=plan)
    rows = selectors.execution_problem_rows(
        user=request.user, plan=plan, pelaksanaan=pelaksanaan, actions=actions
    )
    for row in rows:
        if failed is not None and failed.data.get("masalah") == str(row.problem.pk):
            row.form = failed
        else:
            row.form = _resolve_form(problem_pk=row.problem.pk)
    context = {
        "plan": plan,
        "pelaksanaan": pelaksanaan,
        "actions": actions,
        "rows": rows,
        "found": selectors.execution_overview(user=request.user, plan=plan).found,
        # A problem that moved on meanwhile has no form left: its errors go on top.
        "failed": None if any(row.form is failed for row in rows) else failed,
    }
    status = 400 if failed is not None else 200
    return render(request, "kegiatan/execution_problems.html", context, status=status)


@role_required("execution.record")
def execution_problem_found(request, pk):
    """A problem found on the day, added as a new problem of one of the plan's RTs."""
    plan, actions, pelaksanaan, refused = _execution_page(
        request, pk, services.ACTION_PROBLEM_FOUND
    )
    if refused:
        return refused
    rts = selectors.found_problem_rts(user=request.user, plan=plan)
    form = FoundProblemForm(
        request.POST or None, request.FILES or None, rts=rts, session=request.session
    )
    status = 200
    if request.method == "POST":
        problem = _save_event_form(
            request,
            form,
            plan,
            lambda c: services.problem_found_add(
                user=request.user,
                plan=plan,
                rt=c["rt"],
                kategori=c["kategori"],
                alamat=c["alamat"],
                deskripsi=c["deskripsi"],
                keparahan=c["keparahan"],
                uploads=c["foto"],
                kept_photos=form.kept_photos(),
                idempotency_key=c["idempotency_key"] or None,
            ),
        )
        if problem is not None:
            messages.success(
                request,
                _("The problem found was recorded as %(code)s.") % {"code": problem.kode},
            )
            return redirect("kegiatan:execution-problems", pk=plan.pk)
        status = 400
    context = {"plan": plan, "pelaksanaan": pelaksanaan, "form": form}
    return render(request, "kegiatan/execution_problem_found.html", context, status=status)


# -- support received ------------------------------------------------------------------------


def _delivery_form(data=None, *, pledge):
    return DeliveryConfirmForm(
        data,
        initial={
            "pledge": pledge.pk,
            "jumlah": stakeholder_selectors.pledge_deliverable(pledge) or None,
        },
        auto_id=f"id_janji{pledge.pk}_%s",
    )


@role_required("execution.manage")
def execution_support(request, pk):
    """Needs vs received of the event: confirm what each stakeholder delivered for the plan's
    pledges (stage 2 deliveries); the event's swadaya listed below."""
    plan, actions, pelaksanaan, refused = _execution_page(request, pk, services.ACTION_SUPPORT)
    if refused:
        return refused
    failed = None
    if request.method == "POST":
        pledge_pk = request.POST.get("pledge", "")
        if not re.fullmatch(r"[0-9]{1,12}", pledge_pk):  # this page's forms name their pledge
            raise Http404
        pledge = selectors.execution_pledge_get(user=request.user, plan=plan, pk=int(pledge_pk))
        form = _delivery_form(request.POST, pledge=pledge)
        if form.is_valid():
            c = form.cleaned_data
            try:
                services.event_delivery_confirm(
                    user=request.user,
                    plan=plan,
                    pledge=pledge,
                    jumlah=c["jumlah"],
                    diterima_oleh=c["diterima_oleh"],
                    idempotency_key=c["idempotency_key"] or None,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The delivery of %(stakeholder)s was recorded.")
                    % {"stakeholder": pledge.recipient.stakeholder},
                )
                return redirect(request.path)
        failed = form
    support = selectors.execution_support(user=request.user, plan=plan, pelaksanaan=pelaksanaan)
    delivery_forms = []
    for pledge in support.waiting:
        if failed is not None and failed.data.get("pledge") == str(pledge.pk):
            delivery_forms.append((pledge, failed))
        else:
            delivery_forms.append((pledge, _delivery_form(pledge=pledge)))
    shown = any(form is failed for _pledge, form in delivery_forms)
    context = {
        "plan": plan,
        "pelaksanaan": pelaksanaan,
        "support": support,
        "delivery_forms": delivery_forms,
        # A pledge delivered meanwhile has no form left: its errors go on top.
        "failed": None if shown else failed,
    }
    status = 400 if failed is not None else 200
    return render(request, "kegiatan/execution_support.html", context, status=status)


@role_required("execution.manage")
def execution_swadaya(request, pk):
    """The community's contribution to the event (a stage 2 swadaya of one of its RTs)."""
    plan, actions, pelaksanaan, refused = _execution_page(request, pk, services.ACTION_SUPPORT)
    if refused:
        return refused
    rts = selectors.found_problem_rts(user=request.user, plan=plan)
    form = EventSwadayaForm(request.POST or None, user=request.user, rts=rts)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = form.service_kwargs()
            rt = fields.pop("rt")
            try:
                services.event_swadaya_add(
                    user=request.user,
                    plan=plan,
                    rt=rt,
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None,
                    **fields,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The swadaya was recorded."))
                return redirect("kegiatan:execution-support", pk=plan.pk)
        status = 400
    context = {"plan": plan, "pelaksanaan": pelaksanaan, "form": form}
    return render(request, "kegiatan/execution_swadaya.html", context, status=status)


# -- changing and deleting result, service and kendala rows ---------------------------------

ENTRY_PAGES = {
    "hasil": ("kegiatan:execution-results", ResultForm),
    "layanan": ("kegiatan:execution-services", ServiceForm),
    "kendala": ("kegiatan:execution-kendala", KendalaForm),
}


def _entry(request, pk, kind, row_pk):
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    entry = selectors.execution_entry_get(user=request.user, plan=plan, kind=kind, pk=row_pk)
    if not services.entry_may_change(user=request.user, entry=entry):
        raise PermissionDenied
    return plan, entry


def _update_entry(user, entry, kind, c):
    if kind == "hasil":
        return services.hasil_update(
            user=user,
            entry=entry,
            indikator=c["indikator"],
            jumlah=c["jumlah"],
            jenis_sampah=c["jenis_sampah"],
            catatan=c["catatan"],
        )
    if kind == "layanan":
        return services.layanan_update(user=user, entry=entry, jenis=c["jenis"], jumlah=c["jumlah"])
    return services.kendala_update(
        user=user, entry=entry, kategori=c["kategori"], uraian=c["uraian"]
    )


@role_required("execution.record")
def execution_row_update(request, pk, kind, row_pk):
    """Change a result, service or kendala row (its recorder, or the lurah or admin)."""
    plan, entry = _entry(request, pk, kind, row_pk)
    page, form_class = ENTRY_PAGES[kind]
    form = form_class(request.POST or None, initial=entry_initial(entry))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _update_entry(request.user, entry, kind, form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The row was changed."))
                return redirect(page, pk=plan.pk)
        status = 400
    context = {
        "plan": plan,
        "pelaksanaan": entry.pelaksanaan,
        "entry": entry,
        "form": form,
        "back": reverse(page, kwargs={"pk": plan.pk}),
        "delete_url": reverse(
            "kegiatan:execution-row-delete",
            kwargs={"pk": plan.pk, "kind": kind, "row_pk": entry.pk},
        ),
    }
    return render(request, "kegiatan/execution_row_form.html", context, status=status)


@require_POST
@role_required("execution.record")
def execution_row_delete(request, pk, kind, row_pk):
    plan, entry = _entry(request, pk, kind, row_pk)
    page, _form_class = ENTRY_PAGES[kind]
    try:
        services.entry_delete(user=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The row was deleted."))
    return redirect(page, pk=plan.pk)


# -- documentation photos -------------------------------------------------------------------


def _documentation_plan(request, pk):
    """The plan for a documentation page, or the answer when photos cannot be added now."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if services.ACTION_DOCUMENT not in actions:
        messages.error(request, _("Photos can be added once the lurah has opened the execution."))
        return plan, actions, redirect(plan)
    return plan, actions, None


@role_required("execution.record")
def documentation_add(request, pk):
    """Add documentation photos: before or after (of a spot) or of the activity."""
    plan, _actions, refused = _documentation_plan(request, pk)
    if refused:
        return refused
    form = DocumentationForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        plan=plan,
        session=request.session,
        initial={"jenis": request.GET.get("jenis", ""), "titik": request.GET.get("titik")},
    )
    status = 200
    if request.method == "POST":
        rows = _save_event_form(
            request,
            form,
            plan,
            lambda c: services.dokumentasi_add(
                user=request.user,
                plan=plan,
                jenis=c["jenis"],
                titik=c["titik"],
                titik_nama=c["titik_nama"],
                titik_rt=c["titik_rt"],
                keterangan=c["keterangan"],
                uploads=c["foto"],
                kept_photos=form.kept_photos(),
                idempotency_key=c["idempotency_key"] or None,
            ),
        )
        if rows is not None:
            messages.success(
                request,
                ngettext("%(n)d photo was added.", "%(n)d photos were added.", len(rows))
                % {"n": len(rows)},
            )
            return redirect(reverse("kegiatan:plan-detail", args=[plan.pk]) + "#dokumentasi")
        status = 400
    context = {"plan": plan, "form": form}
    return render(request, "kegiatan/documentation_form.html", context, status=status)


@role_required("execution.record")
def documentation_delete(request, pk, foto_pk):
    """Delete a documentation photo, after a confirmation (who added it, or the lurah)."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    row = selectors.documentation_row_get(user=request.user, plan=plan, pk=foto_pk)
    actions = services.execution_allowed_actions(user=request.user, plan=plan)
    if not services.documentation_photo_deletable(user=request.user, row=row, actions=actions):
        messages.error(request, _("Only who added this photo, or the lurah, may delete it."))
        return redirect(plan)
    if request.method == "POST":
        services.dokumentasi_delete(user=request.user, plan=plan, row=row)
        messages.success(request, _("The photo was deleted."))
        return redirect(reverse("kegiatan:plan-detail", args=[plan.pk]) + "#dokumentasi")
    return render(request, "kegiatan/documentation_delete.html", {"plan": plan, "row": row})


@require_POST
@role_required("execution.manage")
def documentation_public(request, pk, foto_pk):
    """Hide a documentation photo from the public schedule, or show it again."""
    plan = selectors.plan_for_action(user=request.user, pk=pk)
    row = selectors.documentation_row_get(user=request.user, plan=plan, pk=foto_pk)
    form = DocumentationPublicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This cannot be done for this plan now."))
        return redirect(plan)
    public = form.cleaned_data["publik"]
    try:
        services.dokumentasi_set_public(user=request.user, plan=plan, row=row, public=public)
    except PermissionDenied:
        messages.error(request, _("This cannot be done for this plan now."))
        return redirect(plan)
    messages.success(
        request,
        _("The photo is shown to the public.")
        if public
        else _("The photo is hidden from the public."),
    )
    return redirect(reverse("kegiatan:plan-detail", args=[plan.pk]) + "#dokumentasi")


def public_event(request, pk, plan_pk):
    """What a past gotong royong achieved, for residents (counts and public photos only)."""
    kelurahan = _public_kelurahan(pk)
    event = selectors.public_event(kelurahan=kelurahan, pk=plan_pk)
    if event is None:
        raise Http404
    return render(
        request, "kegiatan/plan_public_event.html", {"kelurahan": kelurahan, "event": event}
    )
