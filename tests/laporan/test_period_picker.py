"""The period picker partial: a GET form naming months, quarters and years."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from laporan.periods import Period

pytestmark = pytest.mark.django_db


def _render(period, query=""):
    request = RequestFactory().get("/laporan/" + query)
    return render_to_string("laporan/_period_picker.html", {"period": period}, request=request)


def test_picker_selects_the_period_and_offers_quarters_and_years():
    period = Period.current()
    html = _render(period)
    assert 'method="get"' in html
    assert '<label class="form-label mb-1 small fw-semibold" for="periode">' in html
    assert f'<option value="{period.key}" selected>' in html
    assert f'value="{period.start.year}"' in html  # the year
    assert f'value="{period.start.year}-T' in html  # a quarter


def test_picker_keeps_other_filters_and_drops_the_page():
    html = _render(Period.current(), "?kelurahan=3&page=2&periode=2026-01")
    assert '<input type="hidden" name="kelurahan" value="3">' in html
    assert 'name="page"' not in html


def test_picker_offers_an_old_period_that_was_asked_for():
    old = Period.month(2001, 5)
    html = _render(old)
    assert '<option value="2001-05" selected>' in html
