"""The deliveries the SIGORO index's Kolaboratif dimension counts (``index_deliveries``)."""

import datetime

import pytest

from stakeholder.selectors import index_deliveries
from tests.factories import KelurahanFactory
from tests.laporan.index_data import delivered
from tests.stakeholder.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_deliveries_received_in_the_range_only():
    kelurahan = KelurahanFactory()
    stakeholder = StakeholderFactory(kecamatan=kelurahan.kecamatan)
    inside = delivered(stakeholder, kelurahan, datetime.date(2026, 9, 30))
    delivered(stakeholder, kelurahan, datetime.date(2026, 10, 1))
    rows = index_deliveries(start=datetime.date(2026, 9, 1), end=datetime.date(2026, 10, 1))
    assert list(rows) == [inside]
    assert rows.get().pledge.recipient.request.kelurahan == kelurahan
