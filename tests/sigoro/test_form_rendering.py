"""The core forms render through django-crispy-forms (Bootstrap 5 pack) with SIGORO's look:
labels tied to inputs, a red required mark, help texts, errors under the field in Indonesian,
the field marked invalid, and an alert on top."""

import re

import pytest
from django.urls import reverse

from sigoro.models import Role

pytestmark = pytest.mark.django_db


def form_html(response) -> str:
    html = response.content.decode()
    start = html.index('<form method="post" novalidate')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize(
    ("url_name", "role", "fields"),
    [
        ("login", None, ["username", "password"]),
        ("password_change", Role.KETUA_RT, ["old_password", "new_password1", "new_password2"]),
        ("rt-update", Role.LURAH, ["jumlah_kk", "jumlah_jiwa"]),
        ("user-create", Role.ADMIN_KECAMATAN, ["username", "phone", "role", "rt", "is_active"]),
    ],
)
def test_core_forms_render_through_crispy(client, world, url_name, role, fields):
    if role:
        client.force_login(world.users[role])
    args = [world.home_rt.pk] if url_name == "rt-update" else []
    html = form_html(client.get(reverse(url_name, args=args)))
    for name in fields:
        assert f'id="div_id_{name}"' in html, name  # crispy's field wrapper
        assert f'for="id_{name}"' in html, name  # a label tied to the input
    assert "alert-danger" not in html


def test_a_failed_form_marks_the_field_and_keeps_what_was_typed(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    response = client.post(
        reverse("user-create"),
        {"username": "budi", "first_name": "Budi", "phone": "0812", "role": Role.KETUA_RT},
    )
    html = form_html(response)
    assert '<div class="alert alert-danger" role="alert">Mohon perbaiki isian' in html
    phone = re.search(r'<input type="text" name="phone"[^>]*>', html).group(0)
    assert 'value="0812"' in phone and "is-invalid" in phone and 'aria-invalid="true"' in phone
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in phone
    error = re.search(
        r'<div id="id_phone_error" class="invalid-feedback d-block">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert "Masukkan nomor HP Indonesia yang benar" in error.group(1)
    assert "<strong>" not in error.group(1)
    assert 'value="Budi"' in html
    # The required mark: crispy's, shown in red by the style sheet (not read aloud).
    assert re.search(r'for="id_username" class="form-label requiredField"', html)


def test_a_wrong_password_shows_one_alert_on_top_of_the_sign_in_form(client):
    html = form_html(client.post(reverse("login"), {"username": "siti", "password": "salah"}))
    assert html.count('role="alert"') == 1
    assert "Nama pengguna/nomor HP atau kata sandi salah" in html
    assert 'value="siti"' in html
