"""Dashboards, plan vs actual and kendala: parse the period, ask the selectors, render."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from laporan.dashboard import cache as dashboard_cache
from laporan.dashboard import selectors
from laporan.indeks import selectors as index_selectors
from laporan.periods import Period
from sigoro.decorators import role_required
from sigoro.formats import angka
from sigoro.selectors import area_label

PER_PAGE = 20


def _period(request) -> Period:
    return Period.parse(request.GET.get("periode"), default=index_selectors.default_period())


# The list pages the figures link to.
LINKED_PAGES = (
    "kegiatan:plan-list",
    "permasalahan:problem-list",
    "stakeholder:summary",
    "stakeholder:swadaya-list",
)


def _paths() -> dict[str, str]:
    """Return the path of each linked list page, reversed once for a page's hundreds of
    links (a lurah's 60 RT rows times six figures; twelve months of kendala per RT)."""
    return {name: reverse(name) for name in LINKED_PAGES}


def _url(name: str, *, paths: dict[str, str] | None = None, **params) -> str:
    """Return the list page ``name`` filtered by ``params`` (empty values left out)."""
    path = paths[name] if paths is not None else reverse(name)
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def record_links(period: Period, *, kelurahan=None, rt=None, paths=None) -> dict[str, str]:
    """Return the lists behind each KPI figure, filtered by the period and the area."""
    paths = paths or _paths()
    start, last = period.start.isoformat(), period.last_day.isoformat()
    area = {"kelurahan": kelurahan, "rt": rt}
    held = {"waktu": "semua", "dilaksanakan_dari": start, "dilaksanakan_sampai": last}
    plans = {"paths": paths, **held, **area}
    return {
        "held": _url("kegiatan:plan-list", pelaksanaan="terlaksana", **plans),
        "not_held": _url("kegiatan:plan-list", pelaksanaan="tidak_terlaksana", **plans),
        "resolved": _url(
            "permasalahan:problem-list",
            paths=paths,
            status="selesai",
            selesai_dari=start,
            selesai_sampai=last,
            **area,
        ),
        "reported": _url("permasalahan:problem-list", paths=paths, dari=start, sampai=last, **area),
        "support": _url(
            "stakeholder:summary", paths=paths, tahun=period.start.year, kelurahan=kelurahan
        ),
        "swadaya": _url("stakeholder:swadaya-list", paths=paths, dari=start, sampai=last, **area),
    }


def _chart_data(dashboard) -> dict:
    """Return what the chart script draws: month labels and the series of the trend."""
    trend = dashboard.trend
    return {
        "labels": [date_format(m.month.start, "M Y") for m in trend],
        "events": {
            "held": [m.held for m in trend],
            "not_held": [m.not_held for m in trend],
            "labels": [_("Held"), _("Not held")],
        },
        "participants": {"values": [m.participants for m in trend], "label": _("Participants")},
        "waste": {"values": [float(m.kg) for m in trend], "label": _("Waste (kg)")},
        "problems": {
            "reported": [m.reported for m in trend],
            "resolved": [m.resolved for m in trend],
            "labels": [_("Reported"), _("Resolved")],
        },
    }


def _dashboard_figures(user, period: Period, today) -> dict:
    """Return the parts of the dashboard that depend on the area, the period and the day
    only: the figures rendered as HTML (no request: nothing per user, no CSRF token) and
    the chart data. Cached by ``laporan.dashboard.cache``."""
    data = selectors.dashboard_for(user=user, period=period, today=today)
    paths = _paths()
    child_rows = [
        {
            "area": row.area,
            "figures": row.figures,
            "links": record_links(
                period,
                kelurahan=row.area.pk if data.child_level == selectors.KELURAHAN else None,
                rt=row.area.pk if data.child_level == selectors.RT else None,
                paths=paths,
            ),
        }
        for row in data.children
        if data.child_level in (selectors.KELURAHAN, selectors.RT)
    ]
    ages = [
        (
            bucket,
            _url(
                "permasalahan:problem-list",
                paths=paths,
                status="terbuka",
                dari=bucket.dari.isoformat() if bucket.dari else None,
                sampai=bucket.sampai.isoformat(),
            ),
        )
        for bucket in data.ages
    ]
    rate = data.totals.resolution_rate
    context = {
        "period": period,
        "dashboard": data,
        "links": record_links(period, paths=paths),
        "child_rows": child_rows,
        "ages": ages,
        "rate": _("no data") if rate is None else f"{floatformat(rate, -1)}%",
        "reference": selectors.RESOLUTION_REFERENCE,
        "today": data.today,
        "open_problems": angka(data.open_problems),
        "index": selectors.dashboard_index(user=user, period=period, today=data.today),
    }
    return {
        "html": render_to_string("laporan/dashboard/_dashboard_figures.html", context),
        "ages_html": render_to_string("laporan/dashboard/_dashboard_ages.html", context),
        "chart_data": _chart_data(data),
    }


@require_safe
@role_required("dashboard.view")
def dashboard(request):
    period = _period(request)
    today = timezone.localdate()
    figures = dashboard_cache.cached(
        request.user,
        page="dashboard",
        parts=(period.key,),
        compute=lambda: _dashboard_figures(request.user, period, today),
        today=today,
    )
    context = {
        "period": period,
        "area_label": area_label(request.user),
        "figures": {
            "html": mark_safe(figures["html"]),  # rendered by _dashboard_figures
            "ages_html": mark_safe(figures["ages_html"]),
            "chart_data": figures["chart_data"],
        },
        "plans": selectors.plans_waiting(user=request.user),
    }
    return render(request, "laporan/dashboard/dashboard.html", context)


def _kelurahan_filter(request, choices):
    """Return the kelurahan chosen in ``?kelurahan=`` among ``choices``, else None."""
    wanted = request.GET.get("kelurahan", "")
    return next((k for k in choices if str(k.pk) == wanted), None)


@require_safe
@role_required("monitoring.view")
def plan_vs_actual(request):
    period = _period(request)
    choices = selectors.kelurahan_choices(user=request.user)
    kelurahan = _kelurahan_filter(request, choices)
    plans = selectors.plan_vs_actual_list(user=request.user, period=period, kelurahan=kelurahan)
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "area_label": area_label(request.user),
        "kelurahan_choices": choices if len(choices) > 1 else [],
        "kelurahan": kelurahan,
        "page": page,
        "rows": selectors.plan_actual_rows(user=request.user, plans=page.object_list),
    }
    return render(request, "laporan/dashboard/plan_vs_actual.html", context)


def _kendala_parts(user, period: Period) -> dict:
    """Return the kendala report of the user's area and its links to the events behind each
    figure: nothing per user but the area. Cached by ``laporan.dashboard.cache``."""
    report = selectors.kendala_report(user=user, period=period)
    span_start, span_last = report.months[0].start, report.months[-1].last_day
    paths = _paths()

    def events_link(*, kategori=None, area=None, level=None, month=None):
        start, last = (month.start, month.last_day) if month else (span_start, span_last)
        return _url(
            "kegiatan:plan-list",
            paths=paths,
            waktu="semua",
            kendala=kategori,
            kelurahan=area.pk if area is not None and level == selectors.KELURAHAN else None,
            rt=area.pk if area is not None and level == selectors.RT else None,
            dilaksanakan_dari=start.isoformat(),
            dilaksanakan_sampai=last.isoformat(),
        )

    by_category = [
        (
            row,
            events_link(kategori=row.key),
            [
                (count, events_link(kategori=row.key, month=month))
                for count, month in zip(row.counts, report.months, strict=True)
            ],
        )
        for row in report.by_category
    ]
    by_area = [
        (
            row,
            events_link(area=row.key, level=report.area_level),
            [
                (count, events_link(area=row.key, level=report.area_level, month=month))
                for count, month in zip(row.counts, report.months, strict=True)
            ],
        )
        for row in report.by_area
    ]
    recurring = [
        (item, events_link(kategori=item.kategori, area=item.area, level=report.recurring_level))
        for item in report.recurring
    ]
    return {
        "report": report,
        "by_category": by_category,
        "by_area": by_area,
        "recurring": recurring,
    }


@require_safe
@role_required("monitoring.view")
def kendala(request):
    period = _period(request)
    parts = dashboard_cache.cached(
        request.user,
        page="kendala",
        parts=(period.key,),
        compute=lambda: _kendala_parts(request.user, period),
    )
    context = {"period": period, "area_label": area_label(request.user), **parts}
    return render(request, "laporan/dashboard/kendala.html", context)
