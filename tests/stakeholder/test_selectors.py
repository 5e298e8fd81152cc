"""Every selector: what is in a user's area and what is not, and figures checked by hand."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from sigoro.models import Role
from stakeholder import selectors, services
from stakeholder.models import Pledge
from tests.factories import UserFactory
from tests.stakeholder.factories import StakeholderFactory, SwadayaFactory, stakeholder_type

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
# The figures are in fixed months of this year: the services are told it is the last
# day of the year, so that no date in them is in the future.
END_OF_YEAR = datetime.date(YEAR, 12, 31)


def on(month, day=10, year=YEAR):
    return datetime.date(year, month, day)


def pledge_of(support_request, stakeholder):
    return Pledge.objects.get(
        recipient__request=support_request, recipient__stakeholder=stakeholder
    )


def answered(user, pledge, jumlah, nilai, tanggal):
    services.recipient_answer(
        user=user,
        recipient=pledge.recipient,
        answers=[services.PledgeAnswer(pledge=pledge, jumlah=jumlah, nilai=nilai)],
        tanggal=tanggal,
        cara="telepon",
        now=timezone.make_aware(datetime.datetime.combine(END_OF_YEAR, datetime.time(12))),
    )
    pledge.refresh_from_db()
    return pledge


def delivered(user, pledge, jumlah, tanggal):
    return services.delivery_record(
        user=user,
        pledge=pledge,
        jumlah=jumlah,
        tanggal=tanggal,
        diterima_oleh="Pak Lurah",
        today=END_OF_YEAR,
    )


# -- registry -------------------------------------------------------------------------------


def names(queryset):
    return {s.nama for s in queryset}


def test_the_registry_each_role_sees(stk):
    everything_in_a = {"Koramil Pangkalbalam", "Dinas Lingkungan Hidup", "Karang Taruna Ketapang"}
    assert names(selectors.stakeholder_list(user=stk.admin)) == everything_in_a
    assert names(selectors.stakeholder_list(user=stk.user(Role.CAMAT))) == everything_in_a
    # The lurah of Ampui: the whole-kecamatan DLH and the Koramil serving Ampui; not the
    # Karang Taruna of Ketapang, nor Gerunggang's Polsek.
    assert names(selectors.stakeholder_list(user=stk.lurah)) == {
        "Koramil Pangkalbalam",
        "Dinas Lingkungan Hidup",
    }
    assert names(selectors.stakeholder_list(user=stk.mitra)) == {"Koramil Pangkalbalam"}
    for role in (Role.KETUA_RW, Role.KETUA_RT):
        assert not selectors.stakeholder_list(user=stk.user(role)).exists()


def test_a_stakeholder_serving_several_kelurahan_is_listed_once(stk):
    StakeholderFactory(
        kecamatan=stk.kecamatan,
        nama="Pelindo",
        kelurahan=[stk.kelurahan, stk.other_kelurahan],
    )
    listed = list(selectors.stakeholder_list(user=stk.lurah))
    assert [s.nama for s in listed].count("Pelindo") == 1


def test_another_areas_stakeholder_is_404(stk):
    with pytest.raises(Http404):
        selectors.stakeholder_get(user=stk.lurah, pk=stk.karang_taruna.pk)
    with pytest.raises(Http404):
        selectors.stakeholder_get(user=stk.mitra, pk=stk.dlh.pk)
    with pytest.raises(Http404):
        selectors.stakeholder_get(user=stk.admin, pk=stk.gerunggang.pk)


def test_a_contact_without_a_stakeholder_sees_nothing(stk):
    lost = UserFactory(role=Role.STAKEHOLDER, kecamatan=stk.kecamatan)
    assert not selectors.stakeholder_list(user=lost).exists()
    assert not selectors.request_list(user=lost).exists()


# -- requests: two stakeholders on one request never see each other --------------------------


@pytest.fixture
def shared(stk):
    """A request of Ampui to the Koramil and the DLH; both answered, the DLH delivered."""
    support_request = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    answered(stk.admin, pledge_of(support_request, stk.koramil), 20, 100_000, on(3))
    dlh = answered(stk.admin, pledge_of(support_request, stk.dlh), 200, 600_000, on(3))
    delivered(stk.admin, dlh, 200, on(3, 20))
    return support_request


def test_the_request_list_of_a_contact_is_its_own_with_its_own_totals(stk, shared):
    other = stk.request(user=stk.admin, stakeholders=[stk.dlh], perihal="Hanya untuk DLH")
    [mine] = selectors.request_list(user=stk.mitra)
    assert mine == shared
    assert (mine.nilai_janji, mine.nilai_terima) == (100_000, 0)
    assert [r.stakeholder for r in mine.visible_recipients] == [stk.koramil]
    staff_view = {r.pk: r for r in selectors.request_list(user=stk.admin)}
    assert set(staff_view) == {shared.pk, other.pk}
    assert (staff_view[shared.pk].nilai_janji, staff_view[shared.pk].nilai_terima) == (
        700_000,
        600_000,
    )
    assert staff_view[other.pk].baris_diminta == 1


def test_a_contact_opening_a_shared_request_sees_only_its_own_answer(stk, shared):
    seen = selectors.request_get(user=stk.mitra, pk=shared.pk)
    assert [r.stakeholder for r in seen.visible_recipients] == [stk.koramil]
    assert seen.visible_problems == []
    staff = selectors.request_get(user=stk.lurah, pk=shared.pk)
    assert {r.stakeholder for r in staff.visible_recipients} == {stk.koramil, stk.dlh}


def test_another_stakeholders_request_and_rows_are_404_for_a_contact(stk, shared):
    other = stk.request(user=stk.admin, stakeholders=[stk.dlh])
    dlh_recipient = shared.recipients.get(stakeholder=stk.dlh)
    with pytest.raises(Http404):
        selectors.request_get(user=stk.mitra, pk=other.pk)
    with pytest.raises(Http404):
        selectors.recipient_get(user=stk.mitra, pk=dlh_recipient.pk)
    with pytest.raises(Http404):
        selectors.pledge_get(user=stk.mitra, pk=pledge_of(shared, stk.dlh).pk)


def test_requests_of_another_kelurahan_are_404_for_a_lurah(stk):
    theirs = stk.request(user=stk.admin, kelurahan=stk.other_kelurahan, stakeholders=[stk.dlh])
    from_the_kecamatan = services.request_create(
        user=stk.admin,
        kecamatan=stk.kecamatan,
        perihal="Gerakan Pangkalbalam Bersih",
        items=[services.ItemRow("tenaga", "Personel", 30, "orang")],
        stakeholders=[stk.dlh],
    )
    assert not selectors.request_list(user=stk.lurah).exists()
    for hidden in (theirs, from_the_kecamatan):
        with pytest.raises(Http404):
            selectors.request_get(user=stk.lurah, pk=hidden.pk)
    assert set(selectors.request_list(user=stk.admin)) == {theirs, from_the_kecamatan}


def test_stakeholder_history_follows_the_viewers_area(stk, shared):
    stk.request(user=stk.admin, kelurahan=stk.other_kelurahan, stakeholders=[stk.dlh])
    assert len(selectors.stakeholder_history(user=stk.admin, stakeholder=stk.dlh).recipients) == 2
    mine = selectors.stakeholder_history(user=stk.lurah, stakeholder=stk.dlh)
    assert [r.request for r in mine.recipients] == [shared]
    assert (mine.pledged, mine.delivered) == (600_000, 600_000)


def test_the_letter_is_signed_by_the_lurah_or_the_camat(stk, shared):
    letter = selectors.letter_for(shared.recipients.first())
    assert letter.signer == "Lurah Ampui"
    assert letter.city == "Kota Pangkal Pinang" and letter.place == "Pangkal Pinang"


# -- summaries ------------------------------------------------------------------------------


@pytest.fixture
def year_of_support(stk):
    """By hand: in March the Koramil (TNI) pledges Rp 1.000.000 and delivers half in April;
    the DLH pledges Rp 3.000.000 in March and delivers it all in March; a Ketapang request
    gets Rp 500.000 from the DLH in May; last year's pledge does not count."""
    ampui = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    koramil = answered(stk.admin, pledge_of(ampui, stk.koramil), 200, 1_000_000, on(3))
    delivered(stk.admin, koramil, 100, on(4))
    dlh = answered(stk.admin, pledge_of(ampui, stk.dlh), 200, 3_000_000, on(3))
    delivered(stk.admin, dlh, 200, on(3, 25))
    ketapang = stk.request(user=stk.admin, kelurahan=stk.other_kelurahan, stakeholders=[stk.dlh])
    dlh_ketapang = answered(stk.admin, pledge_of(ketapang, stk.dlh), 10, 500_000, on(5))
    delivered(stk.admin, dlh_ketapang, 10, on(5, 20))
    old = stk.request(user=stk.admin, stakeholders=[stk.dlh])
    answered(stk.admin, pledge_of(old, stk.dlh), 1, 9_999_999, on(12, year=YEAR - 1))
    SwadayaFactory(rt=stk.world.home_rt, tanggal=on(3), nilai=750_000)
    SwadayaFactory(rt=stk.world.foreign_rt[Role.LURAH], tanggal=on(5), nilai=250_000)
    SwadayaFactory(rt=stk.world.other_kecamatan_rt, tanggal=on(5), nilai=8_000_000)


def test_the_kecamatan_summary(stk, year_of_support):
    summary = selectors.support_summary(user=stk.admin, year=YEAR)
    assert (summary.total.pledged, summary.total.delivered, summary.total.swadaya) == (
        4_500_000,
        4_000_000,
        1_000_000,
    )
    by_type = {row.label: (row.pledged, row.delivered) for row in summary.by_type}
    assert by_type["TNI"] == (1_000_000, 500_000)
    assert by_type["Instansi pemerintah"] == (3_500_000, 3_500_000)
    assert by_type["BUMN"] == (0, 0) and len(by_type) == 8
    months = {row.key: (row.pledged, row.delivered, row.swadaya) for row in summary.by_month}
    assert months[3] == (4_000_000, 3_000_000, 750_000)
    assert months[4] == (0, 500_000, 0)
    assert months[5] == (500_000, 500_000, 250_000)
    assert len(months) == 12
    by_kelurahan = {
        row.label: (row.pledged, row.delivered, row.swadaya) for row in summary.by_kelurahan
    }
    assert by_kelurahan == {
        "Ampui": (4_000_000, 3_500_000, 750_000),
        "Ketapang": (500_000, 500_000, 250_000),
    }
    assert summary.total.percent_delivered == 89


def test_the_kelurahan_summary_of_a_lurah_is_their_kelurahan(stk, year_of_support):
    summary = selectors.support_summary(user=stk.lurah, year=YEAR)
    assert (summary.total.pledged, summary.total.delivered, summary.total.swadaya) == (
        4_000_000,
        3_500_000,
        750_000,
    )
    assert summary.by_kelurahan == []
    admin_view = selectors.support_summary(user=stk.admin, year=YEAR, kelurahan=stk.kelurahan)
    assert admin_view.total == summary.total


def test_last_years_summary_has_last_years_pledge(stk, year_of_support):
    summary = selectors.support_summary(user=stk.admin, year=YEAR - 1)
    assert (summary.total.pledged, summary.total.delivered) == (9_999_999, 0)
    assert selectors.summary_years(user=stk.admin)[:2] == [YEAR, YEAR - 1]


def test_collaboration_counts_who_delivered_per_kelurahan_in_the_period(stk, year_of_support):
    ampui, ketapang = stk.kelurahan.pk, stk.other_kelurahan.pk
    first_half = selectors.collaboration_by_kelurahan(user=stk.admin, start=on(1, 1), end=on(6, 30))
    assert first_half[ampui] == selectors.Collaboration(
        2, frozenset({"tni", "instansi-pemerintah"})
    )
    assert first_half[ketapang] == selectors.Collaboration(1, frozenset({"instansi-pemerintah"}))
    march = selectors.collaboration_by_kelurahan(user=stk.admin, start=on(3, 1), end=on(3, 31))
    assert march == {ampui: selectors.Collaboration(1, frozenset({"instansi-pemerintah"}))}
    assert selectors.collaboration_by_kelurahan(user=stk.lurah, start=on(1, 1), end=on(6, 30)) == {
        ampui: first_half[ampui]
    }


def test_support_and_swadaya_values_per_period_and_area(stk, year_of_support):
    value = selectors.support_value(user=stk.admin, start=on(3, 1), end=on(4, 30))
    assert value == selectors.SupportValue(pledged=4_000_000, delivered=3_500_000)
    ketapang = selectors.support_value(
        user=stk.admin, start=on(1, 1), end=on(12, 31), kelurahan=stk.other_kelurahan
    )
    assert ketapang == selectors.SupportValue(pledged=500_000, delivered=500_000)
    assert selectors.swadaya_value(user=stk.admin, start=on(1, 1), end=on(12, 31)) == 1_000_000
    assert selectors.swadaya_value(user=stk.lurah, start=on(1, 1), end=on(12, 31)) == 750_000
    assert (
        selectors.swadaya_value(
            user=stk.admin, start=on(1, 1), end=on(12, 31), rt=stk.world.home_rt
        )
        == 750_000
    )
    assert selectors.swadaya_by_kelurahan(user=stk.admin, start=on(1, 1), end=on(12, 31)) == {
        stk.kelurahan.pk: 750_000,
        stk.other_kelurahan.pk: 250_000,
    }


def test_the_swadaya_each_role_sees(stk):
    home = SwadayaFactory(rt=stk.world.home_rt)
    sibling = SwadayaFactory(rt=stk.world.foreign_rt[Role.KETUA_RT])
    other_rw = SwadayaFactory(rt=stk.world.foreign_rt[Role.KETUA_RW])
    other_kel = SwadayaFactory(rt=stk.world.foreign_rt[Role.LURAH])
    SwadayaFactory(rt=stk.world.other_kecamatan_rt)

    def seen(role):
        return set(selectors.swadaya_list(user=stk.user(role)))

    assert seen(Role.KETUA_RT) == {home}
    assert seen(Role.KETUA_RW) == {home, sibling}
    assert seen(Role.LURAH) == {home, sibling, other_rw}
    assert seen(Role.ADMIN_KECAMATAN) == {home, sibling, other_rw, other_kel}
    assert seen(Role.STAKEHOLDER) == set()
    with pytest.raises(Http404):
        selectors.swadaya_get(user=stk.user(Role.KETUA_RT), pk=sibling.pk)


def test_the_stakeholders_a_request_may_go_to(stk):
    stk.dlh.aktif = False
    stk.dlh.save()
    assert names(selectors.stakeholder_choices(user=stk.lurah)) == {"Koramil Pangkalbalam"}
    assert names(selectors.stakeholder_choices(user=stk.admin)) == {
        "Koramil Pangkalbalam",
        "Karang Taruna Ketapang",
    }
    assert stakeholder_type("bumn").nama == "BUMN"
