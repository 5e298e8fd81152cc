"""Signing in: the hooks django-axes calls (whose name a lock counts, the visitor's address,
the page a locked visitor sees) and the receivers that write sign-ins to the audit trail.

The rules themselves live in ``sigoro.services`` (writes) and ``sigoro.selectors`` (reads);
this module only adapts them to the signatures axes and ``django.contrib.auth`` expect.
"""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils.translation import gettext as _

from sigoro import selectors, services
from sigoro.formats import durasi
from sigoro.http import client_ip
from sigoro.models import AuthEvent


def lockout_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: one name per account however it was typed (any case, the
    phone number in any spelling), so spelling it differently does not restart the count."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    return selectors.login_name_canonical(typed or "")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying the sign-in is locked and for
    how long (status 429), with the typed username kept and no password check run."""
    from sigoro.forms import LoginForm

    cool_off = get_cool_off(request)
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": typed})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked": True,
        "lockout_minutes_text": durasi(cool_off.total_seconds()) if cool_off else "",
        "lockout_message": lockout_message(cool_off),
    }
    return render(request, "registration/login.html", context, status=429)


def lockout_message(cool_off) -> str:
    if cool_off is None:
        return _(
            "Too many wrong passwords for this account from this device: signing in is "
            "locked. Ask the kecamatan office to unlock it."
        )
    return _(
        "Too many wrong passwords for this account from this device: signing in is locked "
        "for %(duration)s after the last attempt. Try again later, or ask the kecamatan "
        "office to unlock it."
    ) % {"duration": durasi(cool_off.total_seconds())}


# -- audit receivers (connected in SigoroConfig.ready) ---------------------------------------


def on_login(sender, request, user, **kwargs):
    if request is not None:
        from sigoro.middleware import mark_activity

        mark_activity(request)
    services.auth_event_record(
        kind=AuthEvent.Kind.LOGIN,
        username=user.get_username(),
        user=user,
        ip_address=request_ip(request),
    )


def on_login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username") or "")
    services.auth_event_record(
        kind=AuthEvent.Kind.LOGIN_FAILED,
        username=typed,
        user=selectors.login_account(typed),
        ip_address=request_ip(request),
    )


def on_logout(sender, request, user, **kwargs):
    if user is None or getattr(request, "sigoro_idle_logout", False):
        return
    services.auth_event_record(
        kind=AuthEvent.Kind.LOGOUT,
        username=user.get_username(),
        user=user,
        ip_address=request_ip(request),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    typed = request.POST.get("username", username) if request is not None else username
    services.auth_event_record(
        kind=AuthEvent.Kind.LOCKED_OUT,
        username=typed,
        user=selectors.login_account(typed),
        ip_address=request_ip(request),
    )


def request_ip(request) -> str | None:
    return (client_ip(request) or None) if request is not None else None
