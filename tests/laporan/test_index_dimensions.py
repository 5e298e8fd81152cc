"""Each dimension of the SIGORO index on hand-made data, worked out by hand in the
docstrings. The period is September 2026 (closed on "today", 20 November 2026) unless a
test says otherwise; figures are read at kelurahan level unless named."""

import datetime
from decimal import Decimal

import pytest

from kegiatan import services as kegiatan_services
from kegiatan.models import HasilKegiatan, Pelaksanaan
from kegiatan.monitoring import executions_with_completeness
from laporan.indeks import selectors
from laporan.periods import Period
from permasalahan.models import Status
from sigoro.models import Kelurahan
from tests.factories import KelurahanFactory, RTFactory, RWFactory
from tests.kegiatan.factories import documentation_in, indicator
from tests.laporan.index_data import (
    at,
    delivered,
    held_event,
    not_held_event,
    problem_due,
    scheduled_plan,
)
from tests.stakeholder.factories import StakeholderFactory, stakeholder_type

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
SEPTEMBER = Period.month(2026, 9)
DAY = datetime.date(2026, 9, 11)


def index_of(area, level="kelurahan", period=SEPTEMBER, today=TODAY):
    model = selectors.LEVEL_MODELS[level]
    return selectors.rows_for_areas(
        level=level, period=period, areas=model.objects.filter(pk=area.pk), today=today
    )[0]


@pytest.fixture
def kelurahan():
    return KelurahanFactory()


def rt_in(kelurahan, kk=100, jiwa=360):
    return RTFactory(rw=RWFactory(kelurahan=kelurahan), jumlah_kk=kk, jumlah_jiwa=jiwa)


def test_an_area_without_data_has_no_dimension_and_no_total(kelurahan):
    """Nothing happened: every dimension is "no data" (None), never 0 or 100."""
    rt_in(kelurahan)
    row = index_of(kelurahan)
    assert row.dimensions == dict.fromkeys(selectors.DIMENSIONS)
    assert row.total is None
    assert not row.has_data


def test_partisipatif_by_hand(kelurahan):
    """RT 1 (100 KK) sent 60 residents and 5 officials, RT 2 (50 KK) 25 residents, to one
    event with a target of 100.

    Households: RT 1 60/100 = 0.6, RT 2 25/50 = 0.5, mean 0.55. Target: 90/100 = 0.9.
    Kelurahan: 100 x (0.55 + 0.9) / 2 = 72.5. RT 1 alone: its row 0.6 and the event it
    took part in 0.9: 100 x (0.6 + 0.9) / 2 = 75.0.
    """
    rt1, rt2 = rt_in(kelurahan), rt_in(kelurahan, kk=50, jiwa=180)
    held_event(
        rt1,
        DAY,
        rts=[rt2],
        target_total=100,
        attendance={rt1: {"hadir_warga": 60, "hadir_rt_rw": 5}, rt2: 25},
    )
    assert index_of(kelurahan).dimensions["partisipatif"] == Decimal("72.5")
    assert index_of(rt1, "rt").dimensions["partisipatif"] == Decimal("75.0")
    assert index_of(kelurahan).raw["household_rows"] == 2


def test_attendance_above_the_residents_is_capped_and_flagged(kelurahan):
    """An RT of 10 KK and 20 residents reports 30 residents present, target 40.

    Households: min(30/10, 1) = 1. Target: the 30 are capped at the 20 who live there:
    20/40 = 0.5. Partisipatif = 100 x (1 + 0.5) / 2 = 75.0, flagged.
    """
    rt = rt_in(kelurahan, kk=10, jiwa=20)
    held_event(rt, DAY, target_total=40, attendance={rt: 30})
    row = index_of(kelurahan)
    assert row.dimensions["partisipatif"] == Decimal("75.0")
    assert row.flags == ["implausible_attendance"]


def test_an_rt_without_household_count_is_left_out_of_the_household_part(kelurahan):
    """An RT with no KK count: its row is not a household figure of 0; only the target part
    counts: 10 present / 20 target = 0.5, Partisipatif 50.0, flagged."""
    rt = rt_in(kelurahan, kk=0, jiwa=0)
    held_event(rt, DAY, target_total=20, attendance={rt: 10})
    row = index_of(kelurahan)
    assert row.dimensions["partisipatif"] == Decimal("50.0")
    assert row.raw["household_rows"] == 0
    assert "rt_without_households" in row.flags


def test_berkelanjutan_a_weekly_jumat_bersih_held_three_times_of_four(kelurahan):
    """Four Fridays approved (4, 11, 18, 25 September); three held, the 25th not held
    (rain): 3/4 = 75.0. A draft plan that was never approved does not count."""
    rt = rt_in(kelurahan)
    for day in (4, 11, 18):
        held_event(rt, datetime.date(2026, 9, day), attendance={rt: 30})
    not_held_event(rt, datetime.date(2026, 9, 25))
    scheduled_plan(rt, datetime.date(2026, 9, 26), status="draft", disetujui_pada=None)
    row = index_of(kelurahan)
    assert (row.raw["scheduled"], row.raw["scheduled_held"]) == (4, 3)
    assert row.dimensions["berkelanjutan"] == Decimal("75.0")


def test_berkelanjutan_in_a_partial_month_counts_only_the_days_passed(kelurahan):
    """Today is 15 October: the plans of 3 October (held) and 10 October (not held yet)
    count, the one of 24 October is still ahead: 1/2 = 50.0."""
    rt = rt_in(kelurahan)
    held_event(rt, datetime.date(2026, 10, 3), attendance={rt: 30})
    scheduled_plan(rt, datetime.date(2026, 10, 10))
    scheduled_plan(rt, datetime.date(2026, 10, 24))
    row = index_of(kelurahan, period=Period.month(2026, 10), today=datetime.date(2026, 10, 15))
    assert row.dimensions["berkelanjutan"] == Decimal("50.0")


def test_terintegrasi_by_hand(kelurahan):
    """Two held events, one of them for a recorded problem: 1/2. Problems due for follow-up
    in September: 4 counted (3 resolved), 1 rejected and 1 duplicate left out, 1 due in
    October left out: 3/4. Terintegrasi = 100 x (0.5 + 0.75) / 2 = 62.5."""
    rt = rt_in(kelurahan)
    first = held_event(rt, DAY, attendance={rt: 30})
    held_event(rt, DAY + datetime.timedelta(days=7), attendance={rt: 30})
    for _index in range(3):
        problem_due(rt, datetime.date(2026, 9, 20), status=Status.SELESAI)
    first.plan.problems.add(problem_due(rt, datetime.date(2026, 9, 21)))
    problem_due(rt, datetime.date(2026, 9, 22), status=Status.DITOLAK)
    problem_due(rt, datetime.date(2026, 9, 22), status=Status.DUPLIKAT)
    problem_due(rt, datetime.date(2026, 10, 2), status=Status.SELESAI)
    row = index_of(kelurahan)
    assert (row.raw["problems_resolved"], row.raw["problems_due"]) == (3, 4)
    assert row.dimensions["terintegrasi"] == Decimal("62.5")


def test_one_reporter_counts_for_at_most_ten_problems_a_month(kelurahan):
    """One public reporter files 12 problems in September, all resolved; one other problem
    (entered by staff) is open. Only 10 of the 12 count: 10 resolved of 11 = 90.9 (no held
    event: the resolution rate alone), flagged."""
    rt = rt_in(kelurahan)
    for _index in range(12):
        problem_due(
            rt,
            datetime.date(2026, 9, 25),
            status=Status.SELESAI,
            reporter_key="kunci-satu-orang",
            reported=at(datetime.date(2026, 9, 2)),
        )
    problem_due(rt, datetime.date(2026, 9, 25))
    row = index_of(kelurahan)
    assert (row.raw["problems_resolved"], row.raw["problems_due"]) == (10, 11)
    assert row.dimensions["terintegrasi"] == Decimal("90.9")
    assert row.flags == ["reporter_capped"]


def test_one_more_resolved_problem_raises_terintegrasi(kelurahan):
    """2 of 4 resolved = 50.0; resolve one more: 3 of 4 = 75.0."""
    rt = rt_in(kelurahan)
    problems = [problem_due(rt, datetime.date(2026, 9, 20)) for _index in range(4)]
    type(problems[0]).objects.filter(pk__in=[p.pk for p in problems[:2]]).update(
        status=Status.SELESAI
    )
    assert index_of(kelurahan).dimensions["terintegrasi"] == Decimal("50.0")
    type(problems[0]).objects.filter(pk=problems[2].pk).update(status=Status.SELESAI)
    assert index_of(kelurahan).dimensions["terintegrasi"] == Decimal("75.0")


def test_akuntabel_by_hand_and_the_database_checklist_agrees_with_stage_4(kelurahan):
    """Event A: attendance on the day, a before and an after photo, a result row: 5 of 5.
    Event B: attendance entered 5 days late (3 allowed), no photos, results written as
    text: attendance, results = 2 of 5. Akuntabel = 100 x 7 / 10 = 70.0."""
    rt = rt_in(kelurahan)
    a = held_event(rt, DAY, attendance={rt: 30})
    documentation_in(a, jenis="sebelum")
    documentation_in(a, jenis="sesudah")
    HasilKegiatan.objects.create(pelaksanaan=a, indikator=indicator(), jumlah=120)
    b = held_event(
        rt,
        DAY + datetime.timedelta(days=7),
        attendance={rt: 30},
        recorded=at(DAY + datetime.timedelta(days=12)),
    )
    Pelaksanaan.objects.filter(pk=b.pk).update(hasil_lainnya="Got dibersihkan 40 m")
    b.refresh_from_db()
    rows = executions_with_completeness(Pelaksanaan.objects.filter(pk__in=[a.pk, b.pk]))
    done = {row.pk: row.doc_done for row in rows}
    assert done == {a.pk: 5, b.pk: 2}
    for execution in (a, b):
        assert kegiatan_services.pelaksanaan_completeness(execution).done == done[execution.pk]
    assert index_of(kelurahan).dimensions["akuntabel"] == Decimal("70.0")


def test_kolaboratif_counts_each_stakeholder_once(kelurahan):
    """The Koramil (TNI) delivered sacks and was present at the event; the Polsek (Polri)
    was present. 2 stakeholders of 2 types against the default targets 3 and 2:
    100 x (2/3 + 2/2) / 2 = 83.3."""
    rt = rt_in(kelurahan)
    koramil = StakeholderFactory(kecamatan=kelurahan.kecamatan, jenis=stakeholder_type("tni"))
    polsek = StakeholderFactory(kecamatan=kelurahan.kecamatan, jenis=stakeholder_type("polri"))
    event = held_event(rt, DAY, attendance={rt: 30})
    event.kehadiran.get().stakeholders.set([koramil, polsek])
    delivered(koramil, kelurahan, DAY - datetime.timedelta(days=2))
    row = index_of(kelurahan)
    assert (row.raw["stakeholders"], row.raw["stakeholder_types"]) == (2, 2)
    assert row.dimensions["kolaboratif"] == Decimal("83.3")


def test_kolaboratif_target_grows_with_the_area_and_the_period(kelurahan):
    """A kecamatan of 2 kelurahan over a quarter: 3 x 2 x 3 = 18 stakeholders expected;
    an RT of a kelurahan with 4 RT in one month: 3 / 4 = 0.75, raised to at least 1."""
    weights = selectors.DEFAULTS
    assert selectors.collaboration_targets(
        level="kecamatan", months=3, kelurahan_count=2, rts_in_kelurahan=1, weights=weights
    ) == (Decimal(18), Decimal(2))
    assert selectors.collaboration_targets(
        level="rt", months=1, kelurahan_count=1, rts_in_kelurahan=4, weights=weights
    ) == (Decimal(1), Decimal(1))


def test_the_total_needs_three_dimensions(kelurahan):
    """Only problems (Terintegrasi): one dimension with data, no total."""
    rt = rt_in(kelurahan)
    problem_due(rt, datetime.date(2026, 9, 20), status=Status.SELESAI)
    row = index_of(kelurahan)
    assert row.dimensions["terintegrasi"] == Decimal("100.0")
    assert row.total is None


def test_a_kelurahan_is_not_counted_in_another(kelurahan):
    """An event in the next kelurahan changes nothing here."""
    rt = rt_in(kelurahan)
    other = rt_in(KelurahanFactory(kecamatan=kelurahan.kecamatan))
    held_event(other, DAY, attendance={other: 30})
    assert index_of(kelurahan).dimensions == dict.fromkeys(selectors.DIMENSIONS)
    assert index_of(rt, "rt").dimensions == dict.fromkeys(selectors.DIMENSIONS)


def test_kecamatan_and_kota_levels_add_up_their_kelurahan(kelurahan):
    """Kelurahan A: 4 plans, 3 held; kelurahan B (same kecamatan): 1 of 1; kelurahan C (a
    second kecamatan of the same city): 0 of 1. Kecamatan: 4/5 = 80.0; kota: 4/6 = 66.7."""
    rt_a = rt_in(kelurahan)
    rt_b = rt_in(KelurahanFactory(kecamatan=kelurahan.kecamatan))
    rt_c = rt_in(KelurahanFactory())
    for day in (4, 11, 18):
        held_event(rt_a, datetime.date(2026, 9, day), attendance={rt_a: 30})
    not_held_event(rt_a, datetime.date(2026, 9, 25))
    held_event(rt_b, DAY, attendance={rt_b: 30})
    not_held_event(rt_c, DAY)
    kecamatan = kelurahan.kecamatan
    assert rt_c.kelurahan.kecamatan.kota_id == kecamatan.kota_id
    assert index_of(kecamatan, "kecamatan").dimensions["berkelanjutan"] == Decimal("80.0")
    assert index_of(kecamatan.kota, "kota").dimensions["berkelanjutan"] == Decimal("66.7")
    assert Kelurahan.objects.count() == 3
