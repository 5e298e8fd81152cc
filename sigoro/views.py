import mimetypes
import uuid as uuid_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sigoro import access, offline, personal_data, ratelimit, selectors, services
from sigoro.decorators import role_required
from sigoro.forms import PersonalDataForm, RTCountsForm, UserFilterForm, UserForm
from sigoro.http import client_ip
from sigoro.photos import PhotoError
from sigoro.storage import StorageUnavailable
from sigoro.tables import RTTable, configure_table


@offline.offline_page
@login_required
def home(request):
    home = selectors.home_for(user=request.user)
    context = {"home": home, "can_see_dashboard": access.has_perm(request.user, "dashboard.view")}
    return render(request, "sigoro/home.html", context)


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
                services.user_set_password(
                    user=request.user,
                    target=target,
                    password=password,
                    ip_address=client_ip(request),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Account %(name)s was saved.") % {"name": target.username})
            return redirect("user-list")
    context = {
        "form": form,
        "target": target,
        "login_locked": selectors.user_login_locked(user=request.user, target=target),
    }
    return render(request, "sigoro/user_form.html", context)


@require_POST
@role_required("user.manage")
def user_unlock(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    services.user_unlock(user=request.user, target=target, ip_address=client_ip(request))
    messages.success(request, _("Account %(name)s can sign in again.") % {"name": target.username})
    return redirect("user-update", pk=target.pk)


@require_POST
@role_required("user.manage")
def user_sessions_end(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    services.user_end_sessions(user=request.user, target=target, ip_address=client_ip(request))
    if target.pk == request.user.pk:
        update_session_auth_hash(request, target)
    messages.success(
        request,
        _("Account %(name)s was signed out of all devices.") % {"name": target.username},
    )
    return redirect("user-update", pk=target.pk)


@require_POST
@login_required
def account_sessions_end(request):
    """Sign the user out everywhere else; this device stays signed in (the page says so)."""
    services.user_end_sessions(
        user=request.user, target=request.user, ip_address=client_ip(request)
    )
    update_session_auth_hash(request, request.user)
    messages.success(
        request, _("All your other devices were signed out. This device stays signed in.")
    )
    return redirect("password_change")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view (other sessions end through the session hash), plus the notice."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(
            user=self.request.user, target=self.request.user, ip_address=client_ip(self.request)
        )
        return response


ACTION_FIND, ACTION_EXPORT, ACTION_ERASE = "cari", "ekspor", "hapus"


@never_cache
@role_required("personal_data.manage")
def personal_data_request(request):
    """UU PDP requests: find one person's data, then export it (JSON) or delete it.

    Everything goes by POST, so no phone number or name ends up in a URL or a server log.
    """
    user = request.user
    form = PersonalDataForm(request.POST or None)
    context = {"form": form, "summary": None}
    if request.method != "POST":
        return render(request, "sigoro/personal_data.html", context)
    if not form.is_valid():
        return render(request, "sigoro/personal_data.html", context, status=400)
    action = request.POST.get("aksi", ACTION_FIND)
    kind, value = form.cleaned_data["jenis"], form.cleaned_data["nilai"]
    if action == ACTION_FIND:
        try:
            subject = personal_data.subject_find(user=user, kind=kind, value=value)
        except Http404:
            form.add_error("nilai", _("SIGORO holds no personal data of this person in your area."))
            return render(request, "sigoro/personal_data.html", context, status=400)
    else:
        subject = personal_data.subject_find(user=user, kind=kind, value=value)
    if action == ACTION_EXPORT:
        document = personal_data.personal_data_download(user=user, subject=subject)
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="data-pribadi.json"'
        return response
    if action == ACTION_ERASE:
        if not form.cleaned_data["konfirmasi"]:
            form.add_error("konfirmasi", _("Tick the box to confirm the deletion."))
        else:
            try:
                changed = personal_data.personal_data_erase(user=user, subject=subject)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The personal data was deleted (%(count)s records changed).")
                    % {"count": changed},
                )
                return redirect("personal-data")
    context["summary"] = personal_data.personal_data_summary(user=user, subject=subject)
    context["subject"] = subject
    status = 200 if action == ACTION_FIND else 400
    return render(request, "sigoro/personal_data.html", context, status=status)


@role_required("audit.view")
def audit_list(request):
    entries = selectors.audit_list(user=request.user)
    return render(request, "sigoro/audit_list.html", {"entries": entries})


@login_required
@require_safe
def area_options(request):
    """The RW and RT of a kelurahan in the user's area, for the list filters' selects."""
    options = selectors.area_options(user=request.user, kelurahan=request.GET.get("kelurahan"))
    return JsonResponse({"complete": options.complete, "rw": options.rw, "rt": options.rt})


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def service_worker(request):
    """The service worker, from the site root so that its scope is the whole site.

    The same for every visitor (nothing about the user in it); browsers check it for a new
    version on every visit (no-cache), so a deploy reaches phones at their next signal."""
    response = HttpResponse(offline.service_worker_source(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def web_manifest(request):
    """The Web App Manifest: SIGORO can be installed on a phone's home screen."""
    manifest = {
        "name": "SIGORO",
        "short_name": "SIGORO",
        "description": _("Integrated Gotong Royong System"),
        "lang": "id",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": "#14532d",
        "background_color": "#ffffff",
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline_fallback(request):
    """The page the service worker shows for a page it does not have, with no signal.

    The same for everyone (no user, no menu): the worker keeps one copy for all."""
    response = render(request, "sigoro/offline.html")
    response["Cache-Control"] = "no-cache"
    return response


PHOTO_RENDITIONS = ("thumb", "web")


@require_safe
def photo(request, uuid, rendition):
    """Serve one rendition of a photo to who may see it; 404 for everyone else.

    The app that uses the photo decides (``sigoro.selectors.PHOTO_ACCESS_PROVIDERS``).
    Public photos may be kept by shared caches; private ones are not stored. With
    MEDIA_ACCEL_REDIRECT set, nginx sends the file from its internal location.
    """
    if rendition not in PHOTO_RENDITIONS:
        raise Http404
    found = selectors.photo_get(uuid=uuid)
    # request.user is read (and the session opened) only for photos that are not public,
    # so a public photo's answer is the same for everyone (no "Vary: Cookie").
    visibility = selectors.photo_visibility(user=request.user, photo=found) if found else None
    if visibility is None:
        raise Http404
    file = getattr(found, rendition)
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=_photo_content_type(file.name))
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + file.name
    else:
        try:
            response = FileResponse(file.open("rb"), content_type=_photo_content_type(file.name))
        except FileNotFoundError:
            raise Http404 from None
    if visibility == selectors.PhotoVisibility.PUBLIC:
        response["Cache-Control"] = f"public, max-age={settings.PHOTO_PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_POST
@role_required("photo.upload")
def photo_upload(request):
    """Store one photo sent ahead of its form (``sigoro.services.photo_stage``).

    Multipart fields ``foto`` (the file) and ``kunci`` (a UUID the browser made). Answers
    JSON: 201 ``{"uuid", "thumb"}`` for a new photo, 200 with the same photo for a key this
    user sent before, 400 ``{"error"}`` for a bad file or key, 413 for a file above the size
    limit, 429 above ``STAFF_UPLOAD_RATE``. The form then names the uuid in
    ``foto_tersimpan``.
    """
    try:
        key = uuid_module.UUID(request.POST.get("kunci", "").strip())
    except ValueError:
        return _json_error(_("The upload key is missing or not valid. Reload the page."), 400)
    upload = request.FILES.get("foto")
    if upload is None:
        return _json_error(_("No photo was received. Choose the photo again."), 400)
    photo = selectors.photo_staged_get(user=request.user, client_key=key)
    created = False
    if photo is None:
        if ratelimit.staff_upload_over_limit(request):
            return _json_error(ratelimit.staff_upload_limit_message(), 429)
        try:
            photo, created = services.photo_stage(user=request.user, upload=upload, client_key=key)
        except PhotoError as error:
            return _json_error(str(error), 413 if error.code == "too_large" else 400)
        except StorageUnavailable as error:
            return _json_error(str(error), 503)
    return JsonResponse(
        {"uuid": photo.uuid.hex, "thumb": photo.thumb_url}, status=201 if created else 200
    )


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _photo_content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def rate_limited(request, exception):
    """The answer to a request over a django-ratelimit limit (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)
