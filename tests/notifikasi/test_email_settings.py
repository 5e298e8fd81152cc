"""EMAIL_URL becomes Django's MAILERS (sigoro/settings.py)."""

import environ

from sigoro.settings import mailers_from_email_url


def mailers(url):
    return mailers_from_email_url(environ.Env.email_url_config(url))["default"]


def test_smtp_with_tls_and_an_account():
    mailer = mailers("smtp+tls://sigoro%40kota.go.id:rahasia@mail.kota.go.id:587")

    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": None} == {
        "host": "mail.kota.go.id",
        "port": 587,
        "username": "sigoro@kota.go.id",
        "password": "rahasia",
        "use_tls": True,
        "use_ssl": False,
        "timeout": None,
    }


def test_console_mail_needs_no_options():
    assert mailers("consolemail://") == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend",
        "OPTIONS": {},
    }
