"""The reads stage 5 makes of stages 3-4 (``kegiatan.monitoring``): per-row figures computed
in the database."""

import datetime

import pytest

from kegiatan import monitoring
from tests.factories import RTFactory
from tests.laporan.index_data import held_event, not_held_event, scheduled_plan

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def test_attendance_rows_carry_the_household_ratio_and_flags():
    """40 of 100 KK: 0.4; 30 residents in an RT of 20: ratio capped at 1 and implausible;
    an RT without KK: no ratio, flagged."""
    normal = RTFactory(jumlah_kk=100, jumlah_jiwa=360)
    small = RTFactory(jumlah_kk=10, jumlah_jiwa=20)
    empty = RTFactory(jumlah_kk=0, jumlah_jiwa=0)
    for rt, present in ((normal, 40), (small, 30), (empty, 5)):
        held_event(rt, datetime.date(2026, 9, 11), attendance={rt: present})
    rows = {
        row.rt_id: (row.household_ratio, row.implausible, row.without_households)
        for row in monitoring.index_attendance(start=START, end=END)
    }
    assert rows == {normal.pk: (0.4, 0, 0), small.pk: (1.0, 1, 0), empty.pk: (None, 0, 1)}


def test_held_executions_carry_the_target_ratio():
    """30 residents and 6 officials against a target of 40: 36/40 = 0.9. An event outside
    the range and one not held are left out."""
    rt = RTFactory(jumlah_kk=100, jumlah_jiwa=360)
    inside = held_event(
        rt,
        datetime.date(2026, 9, 11),
        target_total=40,
        attendance={rt: {"hadir_warga": 30, "hadir_rt_rw": 6}},
    )
    held_event(rt, datetime.date(2026, 10, 2), attendance={rt: 30})
    not_held_event(rt, datetime.date(2026, 9, 18))
    (row,) = monitoring.index_held_executions(start=START, end=END)
    assert (row.pk, row.people_present, row.participant_target) == (inside.pk, 36, 40)
    assert row.target_ratio == pytest.approx(0.9)
    assert row.addresses_problem == 0


def test_scheduled_plans_are_approved_ones_whose_day_has_passed():
    rt = RTFactory()
    held = held_event(rt, datetime.date(2026, 9, 4), attendance={rt: 30})
    missed = not_held_event(rt, datetime.date(2026, 9, 11))
    scheduled_plan(rt, datetime.date(2026, 9, 12), status="draft", disetujui_pada=None)
    later = scheduled_plan(rt, datetime.date(2026, 9, 25))
    plans = monitoring.index_scheduled_plans(start=START, end=END, today=datetime.date(2026, 9, 20))
    assert {(plan.pk, plan.held) for plan in plans} == {(held.plan_id, 1), (missed.plan_id, 0)}
    assert later.pk not in {plan.pk for plan in plans}
