import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from sigoro.formats import rupiah, tanggal, tanggal_jam


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1250000, "Rp 1.250.000"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (-5000, "-Rp 5.000"),
        (5_980_000_000, "Rp 5.980.000.000"),
    ],
)
def test_rupiah(amount, text):
    assert rupiah(amount) == text


def test_indonesian_dates():
    assert tanggal(datetime.date(2026, 11, 20)) == "Jumat, 20 November 2026"
    assert tanggal(datetime.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
    assert tanggal(datetime.date(2026, 8, 17), with_day=False) == "17 Agustus 2026"


def test_datetime_is_shown_in_wib():
    utc = datetime.datetime(2026, 11, 20, 0, 30, tzinfo=ZoneInfo("UTC"))
    assert tanggal_jam(utc) == "Jumat, 20 November 2026 pukul 07.30 WIB"


def test_template_filters():
    html = Template(
        "{% load sigoro_tags %}"
        "{{ n|rupiah }}|{{ d|tanggal }}|{{ d|tanggal:'pendek' }}|{{ p|telepon }}"
    ).render(Context({"n": 1250000, "d": datetime.date(2026, 11, 20), "p": "6281234567890"}))
    assert html == "Rp 1.250.000|Jumat, 20 November 2026|20 November 2026|0812-3456-7890"


def test_durasi_says_whole_hours_else_minutes_rounded_up():
    from django.utils.translation import override

    from sigoro.formats import durasi

    with override("en"):  # the msgids: stable whether or not the catalogue has them yet
        assert durasi(2 * 60 * 60) == "2 hours"
        assert durasi(60 * 60) == "1 hour"
        assert durasi(15 * 60) == "15 minutes"
        assert durasi(90 * 60) == "90 minutes"
        assert durasi(61) == "2 minutes"
