"""The dashboard, plan vs actual and kendala pages: what they show, their links, bad input."""

import datetime
import re

import pytest
from django.urls import reverse

from kegiatan.models import KategoriKendala, PlanStatus
from laporan.indeks.selectors import default_period
from laporan.periods import Period
from sigoro.models import Role
from tests.kegiatan.factories import plan_in
from tests.laporan.factories import event_on, kendala_on, problem_on, swadaya_on

JUNE = "2026-06"


def d(month, day):
    return datetime.date(2026, month, day)


def _testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, testid
    return match[1].strip()


def test_lurah_dashboard_shows_its_figures_and_not_another_kelurahan(client, world):
    """Ampui: 1 event held with 22 people and 50 kg, Rp 500.000 swadaya; Ketapang's event
    (40 people, 100 kg) is not counted."""
    event_on(d(6, 5), world.home_rt, warga=20, rt_rw=2, kg=50)
    event_on(d(6, 7), world.foreign_rt[Role.LURAH], warga=40, kg=100)
    swadaya_on(d(6, 10), world.home_rt, 500_000)
    swadaya_on(d(6, 10), world.foreign_rt[Role.LURAH], 250_000)
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("laporan:dashboard"), {"periode": JUNE})
    assert response.status_code == 200
    html = response.content.decode()
    assert _testid(html, "kpi-held-value") == "1"
    assert _testid(html, "kpi-participants-value") == "22"
    assert _testid(html, "kpi-kg-value") == "50"
    assert _testid(html, "kpi-swadaya-value") == "Rp 500.000"
    assert 'data-testid="area-table"' in html
    assert f'data-testid="area-row-{world.home_rt.pk}"' in html
    assert f'data-testid="area-row-{world.foreign_rt[Role.LURAH].pk}"' not in html
    assert 'id="dashboard-chart-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_camat_dashboard_compares_kelurahan(client, world):
    event_on(d(6, 7), world.foreign_rt[Role.LURAH], warga=40, kg=100)
    client.force_login(world.users[Role.CAMAT])
    html = client.get(reverse("laporan:dashboard"), {"periode": JUNE}).content.decode()
    assert _testid(html, "kpi-participants-value") == "40"
    assert f'data-testid="area-row-{world.home_rt.kelurahan_id}"' in html
    assert f'data-testid="area-row-{world.foreign_rt[Role.LURAH].kelurahan_id}"' in html
    assert 'data-testid="kpi-support"' in html


def test_rt_dashboard_has_no_breakdown_and_no_support(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("laporan:dashboard"), {"periode": JUNE}).content.decode()
    assert 'data-testid="area-table"' not in html
    assert 'data-testid="kpi-support"' not in html
    assert _testid(html, "kpi-rate-value") == "tidak ada data"


@pytest.mark.parametrize("value", ["2026-13", "abc", "9999", "\x00", "2026-T9"])
def test_a_bad_period_falls_back_to_the_default_period(client, world, value):
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("laporan:dashboard"), {"periode": value})
    assert response.status_code == 200
    assert _testid(response.content.decode(), "period-label") == default_period().label


def test_kpi_links_list_the_records_behind_the_figure(client, world):
    """The "held" card opens the plan list of the events held in June: the one held on
    5 June, not the one not held on 12 June nor May's."""
    held = event_on(d(6, 5), world.home_rt, warga=3).plan
    not_held = event_on(d(6, 12), world.home_rt, held=False).plan
    may = event_on(d(5, 20), world.home_rt).plan
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("laporan:dashboard"), {"periode": JUNE}).content.decode()
    link = re.search(r'data-testid="kpi-held".*?href="([^"]+)"', html, re.S)[1]
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert held.get_absolute_url() in listing
    assert not_held.get_absolute_url() not in listing
    assert may.get_absolute_url() not in listing


def test_plan_list_filters_held_not_held_and_rt(client, world):
    home, sibling = world.home_rt, world.foreign_rt[Role.KETUA_RT]
    held = event_on(d(6, 5), home).plan
    not_held = event_on(d(6, 12), sibling, held=False).plan
    client.force_login(world.users[Role.LURAH])
    url = reverse("kegiatan:plan-list")

    def listed(**params):
        html = client.get(url, {"waktu": "semua", **params}).content.decode()
        return {p for p in (held, not_held) if p.get_absolute_url() in html}

    assert listed(pelaksanaan="terlaksana") == {held}
    assert listed(pelaksanaan="tidak_terlaksana") == {not_held}
    assert listed(rt=sibling.pk) == {not_held}
    assert listed(dilaksanakan_dari="2026-06-10", dilaksanakan_sampai="2026-06-30") == {not_held}


def test_plan_list_filters_by_kendala(client, world):
    rainy = event_on(d(6, 5), world.home_rt)
    kendala_on(rainy, KategoriKendala.CUACA)
    dry = event_on(d(6, 6), world.home_rt).plan
    client.force_login(world.users[Role.LURAH])
    html = client.get(
        reverse("kegiatan:plan-list"), {"waktu": "semua", "kendala": "cuaca"}
    ).content.decode()
    assert rainy.plan.get_absolute_url() in html
    assert dry.get_absolute_url() not in html


def test_problem_list_filters_by_resolution_date(client, world):
    june = problem_on(d(5, 10), world.home_rt, resolved_on=d(6, 15))
    july = problem_on(d(6, 10), world.home_rt, resolved_on=d(7, 2))
    client.force_login(world.users[Role.LURAH])
    html = client.get(
        reverse("permasalahan:problem-list"),
        {"selesai_dari": "2026-06-01", "selesai_sampai": "2026-06-30"},
    ).content.decode()
    assert june.kode in html
    assert july.kode not in html


def test_plan_vs_actual_shows_changes_and_not_held_reason(client, world):
    """Planned 5 June at "Depan Musala Al-Ikhlas", held 6 June at the balai warga: both
    changes highlighted; 30 targeted, 22 came. Another plan not held, with its reason."""
    moved = event_on(d(6, 5), world.home_rt, warga=20, rt_rw=2)
    moved.tanggal = d(6, 6)
    moved.lokasi = "Balai warga RW 01"
    moved.save()
    rained = event_on(d(6, 12), world.home_rt, held=False)
    event_on(d(6, 7), world.foreign_rt[Role.LURAH])  # another kelurahan
    plan_in(world.home_rt, status=PlanStatus.DRAFT, tanggal=d(6, 20))  # not approved
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("laporan:plan-vs-actual"), {"periode": JUNE})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'data-testid="plan-row-', html)) == 2
    row = html.split(f'data-testid="plan-row-{moved.plan_id}"')[1].split("</tr>")[0]
    assert 'data-testid="date-changed"' in row
    assert 'data-testid="place-changed"' in row
    assert re.search(r'data-testid="participants">30 / 22<', row)
    row = html.split(f'data-testid="plan-row-{rained.plan_id}"')[1].split("</tr>")[0]
    assert "Hujan deras" in row
    assert 'data-testid="date-changed"' not in row


def test_plan_vs_actual_filters_by_kelurahan_and_ignores_a_bad_one(client, world):
    ampui = event_on(d(6, 5), world.home_rt).plan
    ketapang = event_on(d(6, 7), world.foreign_rt[Role.LURAH]).plan
    other_kec = event_on(d(6, 8), world.other_kecamatan_rt).plan
    client.force_login(world.users[Role.CAMAT])
    url = reverse("laporan:plan-vs-actual")
    html = client.get(url, {"periode": JUNE, "kelurahan": ketapang.kelurahan_id}).content.decode()
    assert f"plan-row-{ketapang.pk}" in html and f"plan-row-{ampui.pk}" not in html
    # Another kecamatan's kelurahan, or nonsense: the whole area, never a 500 nor a leak.
    for value in (other_kec.kelurahan_id, "x", "-1"):
        html = client.get(url, {"periode": JUNE, "kelurahan": value}).content.decode()
        assert f"plan-row-{ampui.pk}" in html and f"plan-row-{other_kec.pk}" not in html


def test_plan_vs_actual_paginates_with_a_fixed_query_count(
    client, world, django_assert_max_num_queries
):
    for day in range(1, 4):
        event_on(d(6, day), world.home_rt, warga=day)
    client.force_login(world.users[Role.LURAH])
    url = reverse("laporan:plan-vs-actual")
    with django_assert_max_num_queries(200) as small:
        client.get(url, {"periode": JUNE})
    for day in range(4, 29):
        event_on(d(6, day), world.home_rt, warga=day)
    with django_assert_max_num_queries(200) as full:
        response = client.get(url, {"periode": JUNE, "page": 2})
    assert response.status_code == 200
    assert len(re.findall(r'data-testid="plan-row-', response.content.decode())) == 8
    # 3 queries for each plan's support on the page (20 at most), the rest fixed.
    assert len(full.captured_queries) <= len(small.captured_queries) + 3 * 17


def test_kendala_page_counts_by_category_area_and_recurring(client, world):
    """Home RT: rain in May and June (recurring, 2 months), too few tools in June; the
    sibling RT: rain in June. Ketapang's kendala is not the lurah's."""
    home, sibling = world.home_rt, world.foreign_rt[Role.KETUA_RT]
    kendala_on(event_on(d(5, 5), home), KategoriKendala.CUACA)
    june_event = event_on(d(6, 5), home)
    kendala_on(june_event, KategoriKendala.CUACA)
    kendala_on(june_event, KategoriKendala.ALAT_KURANG)
    kendala_on(event_on(d(6, 6), sibling), KategoriKendala.CUACA)
    kendala_on(event_on(d(6, 7), world.foreign_rt[Role.LURAH]), KategoriKendala.CUACA)
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("laporan:kendala"), {"periode": JUNE})
    assert response.status_code == 200
    html = response.content.decode()
    cuaca = html.split('data-testid="by-category-cuaca"')[1].split("</tr>")[0]
    counts = re.findall(r">(\d+)</(?:a|span)>", cuaca)
    # Twelve months July 2025 - June 2026: May 1, June 2; then the total 3.
    assert counts[-3:] == ["1", "2", "3"]
    home_row = html.split(f'data-testid="by-area-{home.pk}"')[1].split("</tr>")[0]
    assert re.findall(r">(\d+)</a>", home_row)[-1] == "3"
    recurring = html.split('data-testid="recurring"')[1].split("</ol>")[0]
    assert recurring.count("<li") == 1
    assert str(home) in recurring


def test_kendala_report_query_count_is_fixed(world, django_assert_max_num_queries):
    from laporan.dashboard import selectors

    """One recurring kendala (rain in May and June) against twelve more in two kelurahan."""
    user = world.users[Role.CAMAT]
    kendala_on(event_on(d(5, 5), world.home_rt), KategoriKendala.CUACA)
    kendala_on(event_on(d(6, 5), world.home_rt), KategoriKendala.CUACA)
    with django_assert_max_num_queries(10) as small:
        selectors.kendala_report(user=user, period=Period.month(2026, 6))
    for month in range(1, 7):
        for rt in (world.home_rt, world.foreign_rt[Role.LURAH]):
            kendala_on(event_on(d(month, 10), rt), KategoriKendala.KOORDINASI)
    with django_assert_max_num_queries(len(small.captured_queries)):
        selectors.kendala_report(user=user, period=Period.month(2026, 6))


def test_home_links_to_the_dashboard_for_staff_only(client, world):
    client.force_login(world.users[Role.LURAH])
    assert 'data-testid="dashboard-link"' in client.get(reverse("home")).content.decode()
    client.force_login(world.users[Role.STAKEHOLDER])
    assert 'data-testid="dashboard-link"' not in client.get(reverse("home")).content.decode()


def test_reports_menu_for_staff(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("home")).content.decode()
    for name in ("laporan:dashboard", "laporan:plan-vs-actual", "laporan:kendala"):
        assert f'href="{reverse(name)}"' in html
    client.force_login(world.users[Role.STAKEHOLDER])
    assert reverse("laporan:kendala") not in client.get(reverse("home")).content.decode()


def test_plan_vs_actual_shows_needs_vs_received(client, world):
    """The plan asked for 100 karung; 60 were received, worth Rp 300.000."""
    from stakeholder.models import Pledge, PledgeStatus
    from tests.stakeholder.factories import request_in

    execution = event_on(d(6, 5), world.home_rt, warga=10)
    support_request = request_in(world.home_rt)
    execution.plan.support_requests.add(support_request)
    Pledge.objects.filter(recipient__request=support_request).update(
        status=PledgeStatus.DITERIMA,
        jumlah_dijanjikan=100,
        jumlah_diterima=60,
        nilai_diterima=300_000,
    )
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("laporan:plan-vs-actual"), {"periode": JUNE}).content.decode()
    row = html.split(f'data-testid="plan-row-{execution.plan_id}"')[1].split("</tr>")[0]
    assert "Karung sampah: 60 / 100 buah" in row
    assert "Rp 300.000" in row
    # An RT head sees the plan, not the requests for support.
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("laporan:plan-vs-actual"), {"periode": JUNE}).content.decode()
    row = html.split(f'data-testid="plan-row-{execution.plan_id}"')[1].split("</tr>")[0]
    assert "Karung" not in row


def test_dashboard_shows_the_index_and_the_ranking_below(client, world):
    """A lurah sees the index of their kelurahan and the ranking of its RT; an RT head the
    index of their RT and no ranking."""
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("laporan:dashboard"), {"periode": JUNE}).content.decode()
    assert 'data-testid="index-dimensions"' in html
    assert 'data-testid="ranking-table"' in html
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(reverse("laporan:dashboard"), {"periode": JUNE}).content.decode()
    assert 'data-testid="index-dimensions"' in html
    assert 'data-testid="ranking-table"' not in html


def test_dashboard_page_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.users[Role.CAMAT])
    url = reverse("laporan:dashboard")
    event_on(d(6, 5), world.home_rt, warga=3, kg=1)
    problem_on(d(6, 2), world.home_rt, resolved_on=d(6, 3))
    with django_assert_max_num_queries(150) as small:
        client.get(url, {"periode": JUNE})
    for day in range(1, 25):
        rt = world.home_rt if day % 2 else world.foreign_rt[Role.LURAH]
        event_on(d(6, day), rt, warga=day, kg=day)
        problem_on(d(6, day), rt, resolved_on=d(6, 28))
        swadaya_on(d(6, day), rt, 1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, {"periode": JUNE}).status_code == 200
