from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sigoro import access, selectors, services
from sigoro.decorators import role_required
from sigoro.forms import RTCountsForm, UserFilterForm, UserForm
from sigoro.tables import RTTable, configure_table


@login_required
def home(request):
    home = selectors.home_for(user=request.user)
    return render(request, "sigoro/home.html", {"home": home})


@role_required("region.view")
def region_list(request):
    only_empty = request.GET.get("kosong") == "1"
    rts = selectors.rt_list(user=request.user, only_without_counts=only_empty)
    table = RTTable(rts)
    configure_table(request, table, per_page=50)
    context = {
        "kelurahan_list": selectors.kelurahan_list(user=request.user),
        "summary": selectors.area_summary(user=request.user),
        "table": table,
        "only_empty": only_empty,
        "can_open_kelurahan": access.has_perm(request.user, "region.view_kelurahan"),
    }
    return render(request, "sigoro/region_list.html", context)


@role_required("region.view_kelurahan")
def kelurahan_detail(request, pk):
    kelurahan = selectors.kelurahan_get(user=request.user, pk=pk)
    context = {
        "kelurahan": kelurahan,
        "rw_list": selectors.rw_list_with_rt(user=request.user, kelurahan=kelurahan),
        "can_edit": access.has_perm(request.user, "region.edit_rt"),
    }
    return render(request, "sigoro/kelurahan_detail.html", context)


@role_required("region.edit_rt")
def rt_update(request, pk):
    rt = selectors.rt_get(user=request.user, pk=pk)
    form = RTCountsForm(request.POST or None, instance=rt)
    if request.method == "POST" and form.is_valid():
        try:
            services.rt_update_counts(user=request.user, rt=rt, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The counts of %(rt)s were saved.") % {"rt": rt.label})
            return redirect("region-list")
    return render(request, "sigoro/rt_form.html", {"form": form, "rt": rt})


@role_required("user.manage")
def user_list(request):
    filters = UserFilterForm(request.GET or None)
    search = filters.cleaned_data["q"] if filters.is_valid() else ""
    users = selectors.user_list(user=request.user, search=search)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "rt_without_head": selectors.rt_without_head(user=request.user).count(),
    }
    return render(request, "sigoro/user_list.html", context)


@role_required("user.manage")
def user_create(request):
    form = UserForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        try:
            new = services.user_create(user=request.user, password=password, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Account %(name)s was created.") % {"name": new.username})
            return redirect("user-list")
    return render(request, "sigoro/user_form.html", {"form": form})


@role_required("user.manage")
def user_update(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    form = UserForm(request.POST or None, instance=target, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        try:
            services.user_update(user=request.user, target=target, **data)
            if password:
                services.user_set_password(user=request.user, target=target, password=password)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Account %(name)s was saved.") % {"name": target.username})
            return redirect("user-list")
    return render(request, "sigoro/user_form.html", {"form": form, "target": target})


@role_required("audit.view")
def audit_list(request):
    entries = selectors.audit_list(user=request.user)
    return render(request, "sigoro/audit_list.html", {"entries": entries})


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
