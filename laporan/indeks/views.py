"""Pages of the SIGORO index: parse the request, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigoro import access
from sigoro.decorators import role_required

from . import selectors, services
from .forms import IndexConfigForm

DIMENSION_LABELS = selectors.DIMENSION_LABELS


def _period(request):
    from laporan.periods import Period

    return Period.parse(request.GET.get("periode"), default=selectors.default_period())


def _level(request, user) -> str:
    choices = selectors.level_choices(user)
    if not choices:
        raise Http404
    level = request.GET.get("tingkat")
    return level if level in choices else selectors.default_level(user)


def _parent(request, user, level):
    """The area the table is limited to (``induk``: an area id of the level above)."""
    parent_level = selectors.PARENT_LEVEL.get(level)
    value = request.GET.get("induk", "")
    if not parent_level or not value.isdigit():
        return None
    try:
        return selectors.area_get(user=user, level=parent_level, pk=int(value))
    except Http404:
        return None


def _common(request):
    user = request.user
    level = _level(request, user)
    parent = _parent(request, user, level)
    parent_level = selectors.PARENT_LEVEL.get(level)
    parents = (
        selectors.index_areas(user=user, level=parent_level)
        if parent_level in selectors.level_choices(user)
        else []
    )
    return {
        "period": _period(request),
        "level": level,
        "levels": selectors.level_choices(user),
        "parent": parent,
        "parents": parents,
        "dimension_labels": DIMENSION_LABELS,
        "dimensions": selectors.DIMENSIONS,
        "perms_configure": access.has_perm(user, "index.configure"),
    }


@require_GET
@role_required("index.view")
def index(request):
    context = _common(request)
    context["rows"] = selectors.index_rows(
        user=request.user,
        level=context["level"],
        period=context["period"],
        parent=context["parent"],
    )
    return render(request, "laporan/indeks/index.html", context)


@require_GET
@role_required("index.view")
def ranking(request):
    context = _common(request)
    dimension = request.GET.get("dimensi")
    dimension = dimension if dimension in selectors.DIMENSIONS else None
    context["dimension"] = dimension
    context["rows"] = selectors.index_rows(
        user=request.user,
        level=context["level"],
        period=context["period"],
        parent=context["parent"],
        dimension=dimension,
    )
    return render(request, "laporan/indeks/ranking.html", context)


@require_GET
@role_required("index.view")
def method(request):
    context = selectors.method_context(user=request.user)
    context["perms_configure"] = access.has_perm(request.user, "index.configure")
    return render(request, "laporan/indeks/method.html", context)


@require_http_methods(["GET", "POST"])
@role_required("index.configure")
def config(request):
    kecamatan = selectors.config_kecamatan(user=request.user)
    if kecamatan is None:
        raise Http404
    in_force = selectors.Weights.of(selectors.config_in_force_today(kecamatan=kecamatan))
    if request.method == "POST":
        form = IndexConfigForm(request.POST)
        if form.is_valid():
            try:
                version = services.index_config_create(
                    user=request.user, kecamatan=kecamatan, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The weights and targets are saved, in force from %(month)s.")
                    % {"month": selectors.month_label(version.berlaku_mulai)},
                )
                return redirect("laporan:index-config")
    else:
        form = IndexConfigForm(initial=selectors.config_initial(in_force))
    return render(
        request,
        "laporan/indeks/config.html",
        {
            "form": form,
            "kecamatan": kecamatan,
            "in_force": in_force,
            "history": selectors.config_history(user=request.user),
            "dimension_labels": DIMENSION_LABELS,
        },
    )


@require_GET
@role_required("index.view")
def detail(request, level, pk):
    area = selectors.area_get(user=request.user, level=level, pk=pk)
    period = _period(request)
    row = selectors.index_for_area(user=request.user, area=area, period=period)
    return render(
        request,
        "laporan/indeks/detail.html",
        {
            "row": row,
            "period": period,
            "breakdown": selectors.breakdown(row),
            "dimension_labels": DIMENSION_LABELS,
            "lacak_bentor": selectors.LACAK_BENTOR_RATE,
            "perms_configure": access.has_perm(request.user, "index.configure"),
        },
    )
