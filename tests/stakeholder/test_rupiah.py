"""Rupiah amounts: whole integers, shown as "Rp 1.250.000", typed in the usual spellings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigoro.formats import parse_rupiah, rupiah
from sigoro.forms import RupiahField

AMOUNTS = st.integers(min_value=0, max_value=RupiahField.MAX_VALUE)


@given(AMOUNTS)
def test_formatting_then_parsing_gives_the_same_integer(amount):
    assert parse_rupiah(rupiah(amount)) == amount


@given(AMOUNTS)
def test_every_accepted_spelling_of_an_amount_parses_to_it(amount):
    grouped = rupiah(amount).removeprefix("Rp ")
    for text in (str(amount), grouped, f"Rp{grouped}", f"  Rp {grouped} ", f"Rp. {grouped},-"):
        assert parse_rupiah(text) == amount, text


@given(AMOUNTS)
def test_the_field_shows_a_stored_amount_grouped_and_cleans_it_back(amount):
    field = RupiahField()
    assert field.clean(field.prepare_value(amount)) == amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp1.250.000", 1_250_000),
        ("rp 750.000", 750_000),
        ("Rp. 26.432.521.000,-", 26_432_521_000),
        ("5.000,00", 5_000),
        ("0", 0),
    ],
)
def test_accepted_spellings(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    "text",
    ["1,5", "1.25.000", "1.2500.000", "abc", "-5000", "Rp -5.000", "12.5", "1e6", "", "   ",
     "Rp", "1 250 000", "1_000", "١٢٣", "5.000,50", ".500", "500."],
)  # fmt: skip
def test_everything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["1,5", "1.25.000", "abc", "-5000", "12.5"])
def test_the_field_refuses_with_an_indonesian_message(text):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("id"):
        with pytest.raises(ValidationError) as excinfo:
            RupiahField().clean(text)
        assert excinfo.value.messages == ["Masukkan jumlah dalam Rupiah, misalnya 1.250.000."]


def test_the_field_refuses_amounts_beyond_its_limit():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RupiahField(max_value=1_000_000).clean("1.000.001")
    assert RupiahField(max_value=1_000_000).clean("1.000.000") == 1_000_000


def test_an_empty_optional_field_is_none_and_a_required_one_is_refused():
    from django.core.exceptions import ValidationError

    assert RupiahField(required=False).clean("  ") is None
    with pytest.raises(ValidationError):
        RupiahField().clean("")


def test_the_field_never_returns_a_float():
    value = RupiahField().clean("Rp 1.250.000")
    assert type(value) is int
