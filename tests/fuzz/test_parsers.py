"""Property tests of the parsers behind the forms: round trips hold, and any text is either
read or refused with a ``ValidationError`` (never another exception, so never a 500).

Rupiah round trips live in tests/stakeholder/test_rupiah.py; here: what any text does.
"""

import datetime

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kegiatan.forms import CalendarForm
from kegiatan.services import participant_targets
from permasalahan.forms import TRACKING_CODE, NeedForm, TrackLookupForm
from permasalahan.models import CODE_ALPHABET, CODE_LENGTH, CODE_PREFIX, new_tracking_code
from sigoro.formats import parse_rupiah, rupiah
from sigoro.forms import (
    EARLIEST_DATE,
    LATEST_DATE,
    BootstrapFormMixin,
    RupiahField,
    clean_phone_input,
)
from sigoro.models import Role
from sigoro.phone import format_phone, normalize_phone

# Hostile text: any unicode (NUL included), long runs of digits, and near misses.
ANY_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.,-+ Rp()", max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.just("9" * 5000),
)


def reads_or_refuses(clean, value):
    """Call ``clean(value)``: a ValidationError is a refusal, any other exception fails."""
    try:
        return True, clean(value)
    except forms.ValidationError:
        return False, None


# -- Rupiah ---------------------------------------------------------------------------------


@given(ANY_TEXT)
def test_the_rupiah_field_reads_a_whole_amount_or_refuses(text):
    ok, amount = reads_or_refuses(RupiahField(required=False).clean, text)
    if ok and amount is not None:
        assert isinstance(amount, int)
        assert 0 <= amount <= RupiahField.MAX_VALUE
        assert parse_rupiah(rupiah(amount)) == amount


@given(ANY_TEXT)
def test_parse_rupiah_raises_only_value_error(text):
    try:
        amount = parse_rupiah(text)
    except ValueError:
        return
    assert isinstance(amount, int) and amount >= 0


# -- phone numbers --------------------------------------------------------------------------

MOBILES = st.builds(
    lambda prefix, rest: f"08{prefix}{rest}",
    st.sampled_from(["11", "12", "13", "21", "22", "52", "53", "14", "15", "16", "55", "56"]),
    st.text(alphabet="0123456789", min_size=7, max_size=8),
)


@given(st.one_of(ANY_TEXT, MOBILES))
def test_a_phone_number_is_read_into_one_stored_form_or_refused(text):
    ok, stored = reads_or_refuses(clean_phone_input, text)
    if ok and stored:
        assert stored.isdigit() and stored.startswith("62")
        # The stored form, and how it is shown, both read back to the same number.
        assert normalize_phone(stored) == stored
        assert normalize_phone(format_phone(stored)) == stored


@given(MOBILES)
def test_every_spelling_of_a_mobile_number_gives_the_same_stored_form(number):
    stored = normalize_phone(number)
    if stored is None:
        return  # a prefix the numbering plan does not (yet) hand out
    spaced = f"{number[:4]}-{number[4:8]}-{number[8:]}"
    for spelling in (spaced, "+62 " + number[1:], "62" + number[1:], f" {number} "):
        assert normalize_phone(spelling) == stored, spelling


# -- tracking codes -------------------------------------------------------------------------

CODES = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH).map(
    lambda tail: CODE_PREFIX + tail
)


@settings(max_examples=50)
@given(st.integers())
def test_new_tracking_codes_have_the_published_shape(_):
    assert TRACKING_CODE.match(new_tracking_code())


@given(CODES)
def test_a_tracking_code_is_found_however_it_is_typed(kode):
    tail = kode.removeprefix(CODE_PREFIX)
    for typed in (kode, kode.lower(), tail, f" {tail.lower()} ", f"SGR {tail}", f"sgr{tail}"):
        form = TrackLookupForm({"kode": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["kode"] == kode


@given(ANY_TEXT)
def test_a_typed_tracking_code_is_valid_only_in_the_published_shape(text):
    form = TrackLookupForm({"kode": text})
    if form.is_valid():
        assert TRACKING_CODE.match(form.cleaned_data["kode"])
        assert "\n" not in form.cleaned_data["kode"]


# -- dates ----------------------------------------------------------------------------------


class DateForm(BootstrapFormMixin, forms.Form):
    tanggal = forms.DateField(required=False)


DATES = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


@given(st.one_of(ANY_TEXT, DATES.map(datetime.date.isoformat)))
def test_a_date_field_reads_a_date_of_the_portals_years_or_refuses(text):
    form = DateForm({"tanggal": text})
    if form.is_valid() and form.cleaned_data["tanggal"] is not None:
        day = form.cleaned_data["tanggal"]
        assert EARLIEST_DATE <= day <= LATEST_DATE
        again = DateForm({"tanggal": day.isoformat()})
        assert again.is_valid() and again.cleaned_data["tanggal"] == day


@pytest.mark.django_db
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(ANY_TEXT, DATES.map(datetime.date.isoformat)),
    view=st.sampled_from(["", "minggu"]),
)
def test_the_calendar_query_always_gives_a_day_to_show(world, text, view):
    data = {"tanggal": text, "bulan": text[:7], "tampilan": view}
    form = CalendarForm(data, user=world.users[Role.LURAH])
    _view, day, _kelurahan = form.query(today=datetime.date(2026, 12, 1))
    assert EARLIEST_DATE <= day <= LATEST_DATE


# -- quantities -----------------------------------------------------------------------------


@given(ANY_TEXT)
def test_a_need_quantity_is_a_whole_number_in_range_or_refused(text):
    form = NeedForm({"jenis": "alat", "item": "Cangkul", "jumlah": text, "satuan": "buah"})
    if form.is_valid():
        assert isinstance(form.cleaned_data["jumlah"], int)
        assert 1 <= form.cleaned_data["jumlah"] <= 1_000_000
    else:
        assert "jumlah" in form.errors


@given(
    st.dictionaries(
        st.sampled_from(["target_warga", "target_rt_rw", "target_kelurahan", "target_total"]),
        st.integers(min_value=0, max_value=100_000),
    )
)
def test_participant_targets_total_is_the_sum_unless_a_larger_total_is_given(targets):
    try:
        result = participant_targets(targets)
    except forms.ValidationError:
        assert targets.get("target_total", 0) < sum(
            v for k, v in targets.items() if k != "target_total"
        )
        return
    elements = sum(v for k, v in result.items() if k != "target_total")
    assert result["target_total"] == (targets.get("target_total") or elements)
    assert result["target_total"] >= elements
