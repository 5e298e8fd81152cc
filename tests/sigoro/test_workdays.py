"""The working-day clock: weekends, Indonesia's public holidays (from the `holidays`
library, nothing typed in) and the office's own days off (Holiday rows) are skipped."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sigoro import services
from sigoro.admin import HolidayForm
from sigoro.models import Holiday
from sigoro.workdays import (
    add_working_days,
    holidays_between,
    public_holiday_name,
    working_days_between,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_public_holidays_come_from_the_national_calendar_without_any_row():
    assert Holiday.objects.count() == 0
    days = holidays_between(D(2026, 1, 1), D(2026, 12, 31))
    assert {D(2026, 3, 21), D(2026, 8, 17), D(2026, 12, 25)} <= days
    assert "Idul Fitri" in public_holiday_name(D(2026, 3, 21))
    assert public_holiday_name(D(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert public_holiday_name(D(2026, 12, 25)) == "Hari Raya Natal"
    assert public_holiday_name(D(2026, 11, 20)) is None


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # an ordinary Friday: Monday
        (D(2026, 8, 14), 1, D(2026, 8, 18)),  # Friday, weekend, Monday 17 Agustus: Tuesday
        (D(2026, 12, 24), 1, D(2026, 12, 28)),  # Natal on Friday 25 December: Monday
        (D(2027, 3, 9), 1, D(2027, 3, 12)),  # Idul Fitri 1448 H, Wed 10 and Thu 11 March
        (D(2026, 12, 30), 2, D(2027, 1, 4)),  # Thursday 31, Tahun Baru on Friday 1 January
    ],
)
def test_deadlines_skip_public_holidays(start, days, deadline):
    assert add_working_days(start, days) == deadline


def test_an_office_day_off_cuti_bersama_is_skipped_too():
    wednesday = D(2026, 12, 23)
    assert add_working_days(wednesday, 1) == D(2026, 12, 24)
    services.holiday_add(tanggal=D(2026, 12, 24), nama="Cuti bersama Hari Raya Natal")
    assert add_working_days(wednesday, 1) == D(2026, 12, 28)
    assert working_days_between(wednesday, D(2026, 12, 28)) == 1


def test_a_deadline_across_the_lebaran_long_weekend():
    """Idul Fitri 2026: Nyepi on Thursday 19 March (public), cuti bersama on 18, 20, 23 and
    24 March (office rows), Idul Fitri itself on the weekend of 21-22 March."""
    tuesday = D(2026, 3, 17)
    assert add_working_days(tuesday, 3) == D(2026, 3, 23)  # only Nyepi is skipped
    for day in (18, 20, 23, 24):
        services.holiday_add(tanggal=D(2026, 3, day), nama="Cuti bersama Idul Fitri")
    assert add_working_days(tuesday, 1) == D(2026, 3, 25)
    assert add_working_days(tuesday, 3) == D(2026, 3, 27)
    assert working_days_between(tuesday, D(2026, 3, 27)) == 3


def test_adding_an_office_day_twice_keeps_one_row():
    first = services.holiday_add(tanggal=D(2026, 12, 24), nama="Cuti bersama Natal")
    again = services.holiday_add(tanggal=D(2026, 12, 24), nama="Cuti bersama Natal")
    assert first.pk == again.pk and Holiday.objects.count() == 1


def test_a_public_holiday_is_not_added_as_an_office_day():
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.holiday_add(tanggal=D(2026, 8, 17), nama="Tujuhbelasan")
    assert error.value.message_dict["tanggal"] == [
        "Senin, 17 Agustus 2026 sudah hari libur nasional (Hari Kemerdekaan Republik "
        "Indonesia): hari itu dilewati tanpa perlu ditambahkan di sini."
    ]
    assert Holiday.objects.count() == 0
    with translation.override("id"):
        form = HolidayForm(data={"tanggal": "2026-08-17", "nama": "Tujuhbelasan"})
        assert not form.is_valid()
        assert "sudah hari libur nasional" in form.errors["tanggal"][0]
    assert HolidayForm(data={"tanggal": "2026-12-24", "nama": "Cuti bersama"}).is_valid()


def test_the_admin_lists_public_holidays_beside_the_office_days(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    services.holiday_add(tanggal=D(2026, 12, 24), nama="Cuti bersama Hari Raya Natal")
    html = client.get(reverse("admin:sigoro_holiday_changelist")).content.decode()
    assert "Cuti bersama Hari Raya Natal" in html
    assert "Hari Kemerdekaan Republik Indonesia" in html
