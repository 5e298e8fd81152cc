"""Weights and targets: versions with a validity date, the form's Indonesian checks, a past
month keeping the weights of its time, and the property that the index stays in 0-100 and
moves the right way."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from laporan.indeks import selectors, services
from laporan.indeks.forms import IndexConfigForm
from laporan.models import IndexConfig
from laporan.periods import Period
from sigoro.models import Role
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.laporan.index_data import held_event

TODAY = datetime.date(2026, 11, 20)
WEIGHTS = {
    "bobot_kolaboratif": 10,
    "bobot_partisipatif": 40,
    "bobot_terintegrasi": 10,
    "bobot_berkelanjutan": 20,
    "bobot_akuntabel": 20,
}
TARGETS = {"target_stakeholder": Decimal("3"), "target_jenis_stakeholder": Decimal("2")}


def admin_of(kecamatan):
    return UserFactory(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan)


@pytest.mark.django_db
def test_a_past_month_keeps_the_weights_of_its_time():
    """The same event in September and in October: Kolaboratif 0 (no stakeholder),
    Partisipatif 100 x (50/100 + 50/50) / 2 = 75, Terintegrasi 0 (no problem addressed),
    Berkelanjutan 100, Akuntabel 2/5 = 40 (attendance on time, no photo, no result).

    September's version (10/40/10/20/20): (0 + 3000 + 0 + 2000 + 800) / 100 = 58.0.
    October's version (20 each): (0 + 75 + 0 + 100 + 40) / 5 = 43.0. Setting October's
    weights afterwards leaves September at 58.0.
    """
    kelurahan = KelurahanFactory()
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan), jumlah_kk=100, jumlah_jiwa=360)
    for day in (datetime.date(2026, 9, 11), datetime.date(2026, 10, 9)):
        held_event(rt, day, target_total=50, attendance={rt: 50})
    admin = admin_of(kelurahan.kecamatan)
    september = services.index_config_create(
        user=admin,
        kecamatan=kelurahan.kecamatan,
        berlaku_mulai=datetime.date(2026, 9, 1),
        today=datetime.date(2026, 9, 1),
        **WEIGHTS,
        **TARGETS,
    )

    def total(month, today):
        return selectors.rows_for_areas(
            level="kelurahan",
            period=Period.month(2026, month),
            areas=[kelurahan],
            today=today,
        )[0]

    row = total(9, datetime.date(2026, 10, 5))
    assert row.dimensions == {
        "kolaboratif": Decimal("0.0"),
        "partisipatif": Decimal("75.0"),
        "terintegrasi": Decimal("0.0"),
        "berkelanjutan": Decimal("100.0"),
        "akuntabel": Decimal("40.0"),
    }
    assert (row.total, row.config) == (Decimal("58.0"), september)
    october = services.index_config_create(
        user=admin,
        kecamatan=kelurahan.kecamatan,
        berlaku_mulai=datetime.date(2026, 10, 14),
        today=datetime.date(2026, 10, 14),
        **dict.fromkeys(WEIGHTS, 20),
        **TARGETS,
    )
    assert october.berlaku_mulai == datetime.date(2026, 10, 1)
    assert total(9, TODAY).total == Decimal("58.0")
    assert (total(10, TODAY).total, total(10, TODAY).config) == (Decimal("43.0"), october)


@pytest.mark.django_db
def test_a_version_cannot_start_in_an_ended_month_and_a_double_submit_keeps_one():
    kelurahan = KelurahanFactory()
    admin = admin_of(kelurahan.kecamatan)
    values = {**WEIGHTS, **TARGETS}
    with pytest.raises(ValidationError):
        services.index_config_create(
            user=admin,
            kecamatan=kelurahan.kecamatan,
            berlaku_mulai=datetime.date(2026, 10, 1),
            today=TODAY,
            **values,
        )
    for _twice in range(2):
        services.index_config_create(
            user=admin,
            kecamatan=kelurahan.kecamatan,
            berlaku_mulai=datetime.date(2026, 12, 1),
            today=TODAY,
            **values,
        )
    assert IndexConfig.objects.count() == 1


@pytest.mark.django_db
def test_only_the_admin_of_that_kecamatan_sets_weights():
    kelurahan = KelurahanFactory()
    lurah = UserFactory(role=Role.LURAH, kelurahan=kelurahan)
    other_admin = admin_of(KelurahanFactory().kecamatan)
    for user in (lurah, other_admin):
        with pytest.raises((PermissionDenied, Exception)):
            services.index_config_create(
                user=user,
                kecamatan=kelurahan.kecamatan,
                berlaku_mulai=datetime.date(2026, 12, 1),
                today=TODAY,
                **WEIGHTS,
                **TARGETS,
            )
    assert not IndexConfig.objects.exists()


def form_data(**changes):
    data = {"berlaku_mulai": "2026-12", **{k: str(v) for k, v in {**WEIGHTS, **TARGETS}.items()}}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bobot_akuntabel": "30"}, "__all__"),  # sums to 110
        ({"bobot_kolaboratif": "-10", "bobot_akuntabel": "40"}, "bobot_kolaboratif"),
        ({"bobot_partisipatif": "120"}, "bobot_partisipatif"),
        ({"target_stakeholder": "0"}, "target_stakeholder"),
        ({"target_jenis_stakeholder": "dua"}, "target_jenis_stakeholder"),
        ({"berlaku_mulai": "bulan depan"}, "berlaku_mulai"),
    ],
)
def test_the_form_refuses_bad_weights_and_targets(changes, field):
    form = IndexConfigForm(form_data(**changes))
    assert not form.is_valid()
    assert field in form.errors


def test_the_form_accepts_a_month_and_keeps_its_first_day():
    form = IndexConfigForm(form_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["berlaku_mulai"] == datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_config_page_keeps_what_was_typed_and_saves_a_version(client):
    kelurahan = KelurahanFactory()
    admin = admin_of(kelurahan.kecamatan)
    client.force_login(admin)
    url = reverse("laporan:index-config")
    response = client.post(url, form_data(bobot_akuntabel="30"))
    assert response.status_code == 200
    assert 'value="30"' in response.content.decode()
    assert not IndexConfig.objects.exists()
    next_month = Period.current().next().key
    response = client.post(url, form_data(berlaku_mulai=next_month))
    assert response.status_code == 302
    version = IndexConfig.objects.get()
    assert (version.kecamatan, version.bobot_partisipatif) == (kelurahan.kecamatan, 40)
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["history"]) == [version]


# -- properties ---------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=500)


@st.composite
def raws(draw):
    """Numerators and denominators as the database can give them (a numerator never
    exceeds its denominator except the stakeholder counts, which a target caps)."""
    raw = {}
    for numerator, denominator in [
        ("held_with_problem", "held"),
        ("scheduled_held", "scheduled"),
        ("problems_resolved", "problems_due"),
    ]:
        raw[denominator] = draw(counts)
        raw[numerator] = draw(st.integers(0, raw[denominator]))
    raw["household_rows"] = draw(counts)
    raw["household_sum"] = draw(st.floats(0, raw["household_rows"]))
    raw["target_events"] = draw(counts)
    raw["target_sum"] = draw(st.floats(0, raw["target_events"]))
    raw["documentation_done"] = draw(st.integers(0, 5 * raw["held"]))
    raw["stakeholders"] = draw(counts)
    raw["stakeholder_types"] = draw(st.integers(0, min(8, raw["stakeholders"])))
    raw["target_stakeholders"] = draw(st.floats(1, 100))
    raw["target_types"] = draw(st.floats(1, 8))
    return raw


weight_sets = st.lists(st.integers(0, 100), min_size=5, max_size=5).filter(lambda w: sum(w) > 0)


@given(raws(), weight_sets)
def test_every_dimension_and_the_total_stay_within_0_and_100(raw, weights):
    dimensions = selectors.dimensions_from_raw(raw)
    total = selectors.weighted_total(
        dimensions, dict(zip(selectors.DIMENSIONS, weights, strict=True))
    )
    for value in [*dimensions.values(), total]:
        assert value is None or Decimal(0) <= value <= Decimal(100)


@given(raws())
def test_more_attendance_never_lowers_partisipatif(raw):
    raw["household_rows"] = max(raw["household_rows"], 1)
    raw["household_sum"] = min(raw["household_sum"], raw["household_rows"] - 1)
    before = selectors.dimensions_from_raw(raw)["partisipatif"]
    raw["household_sum"] += 1  # one more household-worth of residents came
    after = selectors.dimensions_from_raw(raw)["partisipatif"]
    assert after >= before


@given(raws())
def test_one_more_resolved_problem_never_lowers_terintegrasi(raw):
    raw["problems_due"] = max(raw["problems_due"], raw["problems_resolved"] + 1)
    before = selectors.dimensions_from_raw(raw)["terintegrasi"]
    raw["problems_resolved"] += 1
    after = selectors.dimensions_from_raw(raw)["terintegrasi"]
    assert after >= before
