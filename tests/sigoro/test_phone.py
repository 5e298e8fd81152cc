"""Indonesian phone numbers: every spelling to one stored form, shown the Indonesian way."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from sigoro.forms import clean_phone_input
from sigoro.phone import format_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        # Mobiles keep the display they always had.
        ("0812-3456-7890", "6281234567890", "0812-3456-7890"),
        ("+62 812 3456 7890", "6281234567890", "0812-3456-7890"),
        ("6281234567890", "6281234567890", "0812-3456-7890"),
        ("812 3456 7890", "6281234567890", "0812-3456-7890"),
        ("(0812) 3456.7890", "6281234567890", "0812-3456-7890"),
        ("+62 (0)812 3456 7890", "6281234567890", "0812-3456-7890"),
        ("0812-7100-0005", "6281271000005", "0812-7100-0005"),
        ("0811 123 4567", "628111234567", "0811-1234-567"),
        # Office lines with a four-digit area code (Pangkalpinang, Palembang, Denpasar).
        ("(0717) 421234", "62717421234", "(0717) 421234"),
        ("0717-421234", "62717421234", "(0717) 421234"),
        ("0717 421234", "62717421234", "(0717) 421234"),
        ("62717421234", "62717421234", "(0717) 421234"),
        ("+62 717 421234", "62717421234", "(0717) 421234"),
        ("0711 123456", "62711123456", "(0711) 123456"),
        ("0361 234567", "62361234567", "(0361) 234567"),
        # Three-digit area codes: Jakarta, Bandung, Surabaya (7 and 8 subscriber digits).
        ("(021) 5551234", "62215551234", "(021) 5551234"),
        ("021-555-1234", "62215551234", "(021) 5551234"),
        ("+62 21 2955 1234", "622129551234", "(021) 29551234"),
        ("022 7654321", "62227654321", "(022) 7654321"),
        ("031-5678901", "62315678901", "(031) 5678901"),
    ],
)
def test_every_spelling_is_stored_once_and_shown_the_indonesian_way(raw, stored, shown):
    assert normalize_phone(raw) == stored
    assert format_phone(stored) == shown
    assert normalize_phone(shown) == stored  # what is shown can be typed back


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "0812",
        "12345",
        "08123456",  # a mobile number cut short
        "0812-3456-7890-1234-5",  # too long
        "+1 202 555 0100",  # not Indonesian
        "0812-SIGORO",
        "0717 421234 ext. 12",
    ],
)
def test_what_is_not_an_indonesian_number_is_refused(raw):
    assert normalize_phone(raw) is None


def test_a_refused_number_gets_a_clear_indonesian_error():
    with translation.override("id"), pytest.raises(forms.ValidationError) as error:
        clean_phone_input("0812")
    assert error.value.messages == [
        "Masukkan nomor HP Indonesia yang benar, misalnya 0812-3456-7890 atau telepon kantor "
        "(0717) 421234."
    ]
    assert clean_phone_input("") == ""
    assert clean_phone_input("(0717) 421234") == "62717421234"


def test_an_old_unchecked_value_is_shown_as_it_was_stored():
    assert format_phone("14045") == "14045"
    assert format_phone(None) == ""


def test_template_filter_shows_mobiles_and_office_lines():
    html = Template("{% load sigoro_tags %}{{ m|telepon }}|{{ o|telepon }}|{{ j|telepon }}").render(
        Context({"m": "6281234567890", "o": "62717421234", "j": "62215551234"})
    )
    assert html == "0812-3456-7890|(0717) 421234|(021) 5551234"
