"""Sign-in throttling, the sign-in audit trail, idle sessions, signing out everywhere and
the notice of a changed password (issue #10, finding 9 and ASVS V3)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sigoro.models import AuthEvent, Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"


def sign_in(client, username, password, ip="10.0.0.7"):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def session_of(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def is_signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response["Location"].startswith(reverse(LOGIN))


# -- finding 9: login throttling ------------------------------------------------------------


def test_forty_wrong_passwords_lock_the_account_until_the_cool_off_ends(client, world):
    user = world.users[Role.KETUA_RT]
    for _ in range(40):
        sign_in(client, user.username, "salah-sandi")

    response = sign_in(client, user.username, TEST_PASSWORD)

    assert not signed_in(client)
    assert response.status_code == 429
    # The login form explains the lock, not a bare error page.
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'data-testid="login-locked"' in html
    assert "15" in response.context["lockout_minutes_text"]

    # After the cool-off (15 minutes by default) the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = sign_in(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_lock_starts_at_the_configured_number_of_failures(client, world, settings):
    user = world.users[Role.KETUA_RT]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "salah-sandi").status_code == 200
    assert settings.AXES_FAILURE_LIMIT == 5
    assert sign_in(client, user.username, "salah-sandi").status_code == 429
    assert sign_in(client, user.username, TEST_PASSWORD).status_code == 429


def test_the_lock_holds_for_that_username_from_that_address_only(client, world):
    user = world.users[Role.KETUA_RT]
    for _ in range(6):
        sign_in(client, user.username, "salah-sandi", ip="10.0.0.7")

    other_address = Client()
    assert sign_in(other_address, user.username, TEST_PASSWORD, ip="10.0.0.8").status_code == 302
    other_user = Client()
    rw_head = world.users[Role.KETUA_RW]
    assert sign_in(other_user, rw_head.username, TEST_PASSWORD, ip="10.0.0.7").status_code == 302


def test_spelling_the_username_differently_does_not_reset_the_count(client, world):
    user = world.users[Role.KETUA_RT]
    user.phone = "6281271000005"
    user.save()
    for name in ("ketuart", "KETUART", " ketuart", "0812-7100-0005", "+62 812 7100 0005"):
        sign_in(client, name, "salah-sandi")

    assert sign_in(client, "ketuart", TEST_PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_the_earlier_failures(client, world):
    user = world.users[Role.KETUA_RT]
    for _ in range(4):
        sign_in(client, user.username, "salah-sandi")
    assert sign_in(client, user.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        sign_in(client, user.username, "salah-sandi")
    assert sign_in(client, user.username, TEST_PASSWORD).status_code == 302


def test_behind_the_proxy_the_lock_follows_the_forwarded_address(client, world, settings):
    settings.BEHIND_PROXY = True
    user = world.users[Role.KETUA_RT]
    for _ in range(5):
        client.post(
            reverse(LOGIN),
            {"username": user.username, "password": "salah-sandi"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "203.0.113.9"


# -- sign-ins in the audit trail ------------------------------------------------------------


def test_sign_ins_failures_lockouts_and_sign_outs_are_recorded(client, world):
    user = world.users[Role.KETUA_RT]
    sign_in(client, "ketuart", "salah-sandi")
    sign_in(client, "tidak-ada", "salah-sandi")
    sign_in(client, "ketuart", TEST_PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        sign_in(client, "ketuart", "salah-sandi")

    events = list(AuthEvent.objects.order_by("pk").values_list("kind", "username", "ip_address"))
    assert events[:4] == [
        (AuthEvent.Kind.LOGIN_FAILED, "ketuart", "10.0.0.7"),
        (AuthEvent.Kind.LOGIN_FAILED, "tidak-ada", "10.0.0.7"),
        (AuthEvent.Kind.LOGIN, "ketuart", "10.0.0.7"),
        (AuthEvent.Kind.LOGOUT, "ketuart", "10.0.0.7"),
    ]
    assert (AuthEvent.Kind.LOCKED_OUT, "ketuart", "10.0.0.7") in events[-2:]
    assert AuthEvent.objects.filter(user=user).count() == 9
    assert AuthEvent.objects.get(username="tidak-ada").user is None
    # Never the password, in any field.
    for row in AuthEvent.objects.values():
        assert "salah-sandi" not in str(row)
        assert TEST_PASSWORD not in str(row)


def test_the_change_history_lists_sign_ins_in_the_admins_area_only(client, world):
    sign_in(Client(), "ketuart", "salah-sandi", ip="10.1.2.3")
    foreign = UserFactory(username="asing", role=Role.KETUA_RT, rt=world.other_kecamatan_rt)
    sign_in(Client(), foreign.username, "salah-sandi", ip="10.9.9.9")

    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    html = client.get(reverse("audit-list")).content.decode()
    assert "10.1.2.3" in html
    assert "ketuart" in html
    assert "10.9.9.9" not in html


def test_admin_unlocks_a_locked_account(client, world):
    user = world.users[Role.KETUA_RT]
    locked = Client()
    for _ in range(5):
        sign_in(locked, user.username, "salah-sandi")
    assert sign_in(locked, user.username, TEST_PASSWORD).status_code == 429

    admin = world.users[Role.ADMIN_KECAMATAN]
    client.force_login(admin)
    page = client.get(reverse("user-update", args=[user.pk]))
    assert 'data-testid="account-locked"' in page.content.decode()
    response = client.post(reverse("user-unlock", args=[user.pk]))
    assert response.status_code == 302

    assert sign_in(locked, user.username, TEST_PASSWORD).status_code == 302
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.UNLOCKED)
    assert (event.user, event.actor) == (user, admin)


def test_an_admin_cannot_unlock_an_account_outside_their_area(client, world):
    foreign = UserFactory(role=Role.KETUA_RT, rt=world.other_kecamatan_rt)
    for _ in range(5):
        sign_in(Client(), foreign.username, "salah-sandi")
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    assert client.post(reverse("user-unlock", args=[foreign.pk])).status_code == 404
    assert AccessAttempt.objects.count() == 1
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.UNLOCKED).exists()


# -- idle timeout ---------------------------------------------------------------------------


def set_last_activity(client, ago: datetime.timedelta):
    session = client.session
    session["last_activity"] = int((timezone.now() - ago).timestamp())
    session.save()


def test_an_idle_session_is_signed_out_with_a_message(client, world, settings):
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 60 * 60
    client.force_login(world.users[Role.LURAH])
    assert client.get(reverse("home")).status_code == 200
    set_last_activity(client, datetime.timedelta(hours=2, minutes=1))

    response = client.get(reverse("region-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(LOGIN))
    assert "next=" in response["Location"]
    assert not signed_in(client)
    page = client.get(response["Location"])
    assert "tanpa aktivitas" in page.content.decode()
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.IDLE_TIMEOUT).count() == 1


def test_activity_keeps_the_session_alive(client, world):
    client.force_login(world.users[Role.LURAH])
    set_last_activity(client, datetime.timedelta(hours=1, minutes=59))
    assert client.get(reverse("home")).status_code == 200
    set_last_activity_kept = client.session["last_activity"]
    assert timezone.now().timestamp() - set_last_activity_kept < 60
    # Without the refresh, two hours after the first activity would have signed out.
    assert client.get(reverse("home")).status_code == 200


def test_the_session_is_not_written_again_within_a_minute(client, world):
    client.force_login(world.users[Role.LURAH])
    set_last_activity(client, datetime.timedelta(seconds=30))
    before = client.session["last_activity"]
    client.get(reverse("home"))
    assert client.session["last_activity"] == before


def test_the_idle_timeout_is_a_setting(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    client.force_login(world.users[Role.LURAH])
    set_last_activity(client, datetime.timedelta(minutes=11))
    assert is_signed_out(client)


# -- sign out of all devices ----------------------------------------------------------------


def test_sign_out_of_all_devices_ends_the_other_sessions(client, world):
    user = world.users[Role.KETUA_RT]
    client.force_login(user)
    phone = session_of(user)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(reverse("account-sessions-end"))

    assert response.status_code == 302
    assert is_signed_out(phone)
    # This device stays signed in, as the page says.
    assert client.get(reverse("home")).status_code == 200
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.SESSIONS_ENDED)
    assert (event.user, event.actor) == (user, user)


def test_a_read_still_carrying_the_old_session_does_not_sign_this_device_out(client, world):
    """The race of "sign out everywhere else": a read this browser sent just before (the
    service worker refreshing its offline copy) carries the old session and is answered
    after the new session cookie was set. Its answer must not delete the cookie, or this
    device would be signed out too. Sign-out itself (a POST) still deletes it."""
    user = world.users[Role.KETUA_RT]
    client.force_login(user)
    old_cookie = client.cookies["sessionid"].value

    client.post(reverse("account-sessions-end"))

    assert client.cookies["sessionid"].value != old_cookie
    in_flight = Client()
    in_flight.cookies["sessionid"] = old_cookie
    answer = in_flight.get(reverse("home"))
    assert answer.status_code == 302  # the old session is gone: not signed in
    assert "sessionid" not in answer.cookies  # ... and the new cookie is left alone
    assert client.get(reverse("home")).status_code == 200
    signed_out = client.post(reverse("logout"))
    assert signed_out.cookies["sessionid"].value == ""
    assert signed_out.cookies["sessionid"]["max-age"] == 0


def test_the_password_page_offers_sign_out_everywhere(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("password_change")).content.decode()
    assert reverse("account-sessions-end") in html


def test_admin_signs_a_user_out_of_all_devices(client, world):
    user = world.users[Role.KETUA_RT]
    phone = session_of(user)
    admin = world.users[Role.ADMIN_KECAMATAN]
    client.force_login(admin)
    html = client.get(reverse("user-update", args=[user.pk])).content.decode()
    assert reverse("user-sessions-end", args=[user.pk]) in html

    assert client.post(reverse("user-sessions-end", args=[user.pk])).status_code == 302

    assert is_signed_out(phone)
    assert client.get(reverse("home")).status_code == 200
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.SESSIONS_ENDED)
    assert (event.user, event.actor) == (user, admin)


def test_an_admin_cannot_sign_out_a_user_outside_their_area(client, world):
    foreign = UserFactory(role=Role.KETUA_RT, rt=world.other_kecamatan_rt)
    phone = session_of(foreign)
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    assert client.post(reverse("user-sessions-end", args=[foreign.pk])).status_code == 404
    assert phone.get(reverse("home")).status_code == 200


def test_sessions_end_needs_a_post(client, world):
    user = world.users[Role.KETUA_RT]
    phone = session_of(user)
    client.force_login(user)
    assert client.get(reverse("account-sessions-end")).status_code == 405
    assert phone.get(reverse("home")).status_code == 200


def test_signing_out_everywhere_leaves_the_audit_history_of_the_account_alone(client, world):
    user = world.users[Role.KETUA_RT]
    before = user.history.count()
    client.force_login(user)
    client.post(reverse("account-sessions-end"))
    assert user.history.count() == before


# -- a changed password ---------------------------------------------------------------------


def test_changing_ones_password_ends_other_sessions_and_sends_a_notice(client, world):
    user = world.users[Role.KETUA_RT]
    user.email = "rt@example.id"
    user.save()
    client.force_login(user)
    phone = session_of(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Sandi-Baru-2026!",
            "new_password2": "Sandi-Baru-2026!",
        },
    )

    assert response.status_code == 302
    assert is_signed_out(phone)
    assert client.get(reverse("home")).status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rt@example.id"]
    assert "password" in mail.outbox[0].body.lower() or "sandi" in mail.outbox[0].body.lower()
    assert "Sandi-Baru-2026!" not in mail.outbox[0].body
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.PASSWORD_CHANGED)
    assert (event.user, event.actor) == (user, user)


def test_admin_password_reset_ends_the_users_sessions_and_sends_a_notice(client, world):
    user = world.users[Role.KETUA_RT]
    user.email = "rt@example.id"
    user.save()
    phone = session_of(user)
    admin = world.users[Role.ADMIN_KECAMATAN]
    client.force_login(admin)
    form = client.get(reverse("user-update", args=[user.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["password"] = "Sandi-Baru-2026!"

    response = client.post(reverse("user-update", args=[user.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    assert is_signed_out(phone)
    assert [m.to for m in mail.outbox] == [["rt@example.id"]]
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.PASSWORD_CHANGED)
    assert (event.user, event.actor) == (user, admin)


def test_no_email_without_an_address_but_the_change_is_recorded(client, world):
    user = world.users[Role.KETUA_RT]
    client.force_login(user)
    client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Sandi-Baru-2026!",
            "new_password2": "Sandi-Baru-2026!",
        },
    )
    assert mail.outbox == []
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.PASSWORD_CHANGED, user=user).exists()


def test_accounts_never_signed_out_everywhere_keep_djangos_session_hash(world):
    """Deploying the session token signs nobody out: an empty token is Django's own hash."""
    from django.utils.crypto import salted_hmac

    user = world.users[Role.LURAH]
    djangos = salted_hmac(
        "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        user.password,
        algorithm="sha256",
    ).hexdigest()
    assert user.session_token == ""
    assert user.get_session_auth_hash() == djangos
    user.rotate_session_token()
    assert user.get_session_auth_hash() != djangos
