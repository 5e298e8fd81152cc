"""Production settings are secure by default: DEBUG=0 with a SECRET_KEY and ALLOWED_HOSTS
alone passes `manage.py check --deploy --fail-level WARNING`.

Settings are read once per process, so each case runs `manage.py` (or a settings probe) in
a subprocess with a minimal environment: nothing of the developer's or CI's environment
(DEBUG, HTTPS, DATABASE_URL, ...) leaks in.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

MANAGE_PY = settings.BASE_DIR / "manage.py"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "sigoro.example.go.id",
}
HTTPS_SETTINGS = [
    "HTTPS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_PROXY",
    "SECURE_PROXY_SSL_HEADER",
]
PROBE = f"""
import json, django
from django.conf import settings
django.setup()
print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))
"""


def run(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "sigoro.settings"}
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(**environment: str) -> subprocess.CompletedProcess:
    return run([str(MANAGE_PY), "check", "--deploy", "--fail-level", "WARNING"], **environment)


def https_settings(**environment: str) -> dict:
    result = run(["-c", PROBE], **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_off_with_secret_key_and_hosts_alone_passes_check_deploy():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_turns_the_whole_https_set_on():
    values = https_settings(**PRODUCTION)
    assert values["HTTPS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000  # a year: what the preload list asks
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    # Proxy headers are trusted only when said: a visitor could forge them otherwise.
    assert values["BEHIND_PROXY"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize(
    "environment",
    [{"BEHIND_PROXY": "1"}, {"HTTPS": "1"}],
    ids=["BEHIND_PROXY=1", "explicit HTTPS=1 as before"],
)
def test_proxy_header_is_trusted_only_when_said(environment):
    values = https_settings(**PRODUCTION, **environment)
    assert values["BEHIND_PROXY"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_https_0_on_a_lan_without_tls_fails_check_deploy_with_warnings():
    result = check_deploy(**PRODUCTION, HTTPS="0")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    # W010: the session cookie is not Secure (Django names W012 only when it also finds its
    # own SessionMiddleware; ours is a subclass, sigoro.middleware.SessionMiddleware).
    for warning in ("security.W004", "security.W008", "security.W010", "security.W016"):
        assert warning in output
    values = https_settings(**PRODUCTION, HTTPS="0")
    assert not any(values[name] for name in HTTPS_SETTINGS)


def test_debug_on_keeps_https_off_for_demo_and_development():
    values = https_settings(DEBUG="1")
    assert not any(values[name] for name in HTTPS_SETTINGS)
    assert https_settings(DEBUG="1", HTTPS="1")["SECURE_SSL_REDIRECT"] is True


def test_debug_off_without_secret_key_fails_check_deploy():
    """Without SECRET_KEY the development key is used (the server still starts), and
    `check --deploy` refuses it: W009."""
    production = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = check_deploy(**production)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.django_db
def test_the_test_client_speaks_plain_http(client):
    response = client.get(reverse("permasalahan:track-lookup"))
    assert response.status_code == 200  # not a redirect to https
    assert "Strict-Transport-Security" not in response.headers
