from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifikasi import selectors, services
from notifikasi.forms import PreferencesForm

PER_PAGE = 20


@require_GET
@login_required
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifikasi/notifikasi_list.html", {"page": page})


@require_GET
@login_required
def notification_open(request, pk):
    """Open a notification: it becomes read, and the user goes where it points."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_open(user=request.user, notification=notification)
    target = notification.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifikasi:list")


@require_POST
@login_required
def notification_mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifikasi:list")


@login_required
def preferences(request):
    rows = selectors.preference_rows(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_save(user=request.user, email_kinds=form.cleaned_data["email"])
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifikasi:preferences")
    else:
        form = PreferencesForm(initial={"email": [row.kind for row in rows if row.email]})
    context = {"form": form, "has_email": bool(request.user.email)}
    return render(request, "notifikasi/preferensi_form.html", context)
