"""Every main page, public and per role, passes axe-core's WCAG 2 A and AA rules, on a
360 px phone and a 1366 px office screen.

axe-core 4.14.1 (MPL-2.0, from the npm registry) is vendored in tests/e2e/vendor/. Pages
are opened in a context that bypasses our Content-Security-Policy, which rightly refuses
injected scripts. The data is the Pangkalbalam demo, so the pages hold realistic content.
"""

from pathlib import Path

import pytest

from kegiatan.models import PlanStatus, RencanaAksi
from permasalahan.models import Problem
from sigoro.demo import DEMO_PASSWORD
from sigoro.models import User
from stakeholder.models import SupportRequest
from tests.e2e.helpers import sign_in

# The demo is loaded once for the module, committed, and removed when the module ends
# (tests/e2e/conftest.py, ``committed_module_db``): each test adds its own rows beside it.
pytestmark = [pytest.mark.e2e]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}))
  .violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""


@pytest.fixture(autouse=True)
def _live_server_helper(committed_live_server_helper):
    """Replace pytest-django's helper of the same name: no flush after each test."""


@pytest.fixture
def demo(committed_demo):
    """The demo, loaded once for the module (tests/e2e/conftest.py)."""


def violations(page, path) -> list[str]:
    response = page.goto(path)
    assert response.status < 500, path
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


def test_main_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    page = axe_page
    problem = Problem.objects.filter(kelurahan__nama="Ampui").order_by("pk").first()
    plan = RencanaAksi.objects.filter(kelurahan__nama="Ampui", status=PlanStatus.DISETUJUI).first()
    support = SupportRequest.objects.order_by("pk").first()
    rt_head = User.objects.get(username="ketuart")
    found = {}
    public = [
        "/lapor/",
        "/lacak/",
        f"/lacak/{problem.kode}/",
        "/lacak/?kode=SGR-ZZZZZZ",
        "/peta/",
        "/jadwal/",
        f"/jadwal/{plan.kelurahan_id}/",
        "/akun/masuk/",
        "/luring/",
    ]
    per_role = {
        "lurah": [
            "/",
            "/permasalahan/",
            f"/permasalahan/{problem.kode}/",
            "/permasalahan/baru/",
            "/permasalahan/kebutuhan/",
            "/rencana/",
            f"/rencana/{plan.pk}/",
            "/rencana/baru/",
            "/rencana/kalender/",
            "/rencana/rutin/",
            "/stakeholder/",
            "/stakeholder/permintaan/",
            f"/stakeholder/permintaan/{support.pk}/",
            "/stakeholder/swadaya/",
            "/wilayah/",
            "/akun/ganti-sandi/",
        ],
        "camat": ["/", "/rencana/persetujuan/", "/stakeholder/ringkasan/"],
        "admin": [
            "/pengguna/",
            "/pengguna/baru/",
            "/pengguna/data-pribadi/",
            f"/pengguna/{rt_head.pk}/ubah/",
            "/riwayat/",
            "/open311/klien/",
        ],
        "ketuart": ["/"],
        "mitra": ["/", "/stakeholder/permintaan/"],
    }
    for path in public:
        found[path] = violations(page, path)
    for username, paths in per_role.items():
        sign_in(page, username, DEMO_PASSWORD)
        for path in paths:
            found[f"{username} {path}"] = violations(page, path)
    assert {where: v for where, v in found.items() if v} == {}
    assert len(found) == len(public) + sum(len(p) for p in per_role.values())


def test_the_city_monitor_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """The city monitor (pemantau kota): its home with the city's kecamatan, and the pages
    it reads across the city."""
    page = axe_page
    problem = Problem.objects.order_by("pk").first()
    plan = RencanaAksi.objects.filter(status=PlanStatus.DISETUJUI).first()
    paths = [
        "/",
        "/permasalahan/",
        f"/permasalahan/{problem.kode}/",
        "/rencana/",
        f"/rencana/{plan.pk}/",
        "/stakeholder/ringkasan/",
        "/wilayah/",
    ]
    sign_in(page, "pemantau", DEMO_PASSWORD)
    found = {path: violations(page, path) for path in paths}
    assert {where: v for where, v in found.items() if v} == {}


def test_notification_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """The inbox (the demo's events notified its accounts), the email settings, and the bell
    with its count in the top bar; the public pages with a WhatsApp button."""
    page = axe_page
    problem = Problem.objects.filter(kelurahan__nama="Ampui").order_by("pk").first()
    event = RencanaAksi.objects.filter(
        kelurahan__nama="Ampui", status=PlanStatus.TERLAKSANA
    ).first()
    found = {
        f"/lacak/{problem.kode}/": violations(page, f"/lacak/{problem.kode}/"),
        "event": violations(page, f"/jadwal/{event.kelurahan_id}/kegiatan/{event.pk}/"),
    }
    sign_in(page, "lurah", DEMO_PASSWORD)
    for path in ["/notifikasi/", "/notifikasi/pengaturan/"]:
        found[f"lurah {path}"] = violations(page, path)
    assert int(page.get_by_test_id("notification-bell").get_attribute("data-unread")) > 0
    assert {where: v for where, v in found.items() if v} == {}


def test_the_locked_sign_in_page_has_no_wcag_a_or_aa_violation(axe_page, settings):
    from tests.factories import UserFactory

    page = axe_page
    username = f"siti{page.viewport_size['width']}"  # one account per width: rows are kept
    UserFactory(username=username)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna atau nomor HP").fill(username)
        page.get_by_label("Kata sandi").fill("salah-sandi")
        page.get_by_role("button", name="Masuk").click()
    assert page.get_by_test_id("login-locked").is_visible()
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []


def test_reporter_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """The pages only the reporter sees: the confirmation with the private link, the slip
    carrying it, and the tracking page with the reopen and rating forms."""
    from django.utils import timezone

    from permasalahan.models import Status
    from permasalahan.services import reporter_key_hash

    page = axe_page
    key = "kunci-pelapor-aksesibilitas-0123456789"
    problem = Problem.objects.filter(kelurahan__nama="Ampui").order_by("pk").first()
    Problem.objects.filter(pk=problem.pk).update(
        status=Status.SELESAI,
        selesai_pada=timezone.now(),
        penilaian="",
        pelapor_kunci_hash=reporter_key_hash(key),
    )
    page.goto(f"/lacak/{problem.kode}/pelapor/{key}/")
    assert page.get_by_test_id("rate-form").count() == 1
    found = {
        path: violations(page, path)
        for path in [
            f"/lacak/{problem.kode}/",
            f"/lacak/{problem.kode}/?baru=1",
            f"/lacak/{problem.kode}/cetak/",
        ]
    }
    assert page.get_by_test_id("private-link").count() == 1  # the slip carries it
    assert {where: v for where, v in found.items() if v} == {}


def test_execution_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """Stage 4: the plan page with its execution section, and every execution form, for the
    lurah and for the RT head whose RT the plan covers."""
    from decimal import Decimal

    from django.utils import timezone

    from kegiatan import services
    from tests.kegiatan.factories import indicator, plan_in

    page = axe_page
    rt_head = User.objects.get(username="ketuart")
    lurah = User.objects.get(username="lurah")
    plan = plan_in(rt_head.rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    services.pelaksanaan_open(
        user=lurah,
        plan=plan,
        data=services.ExecutionData(tanggal=plan.tanggal, lokasi="Lapangan", dipimpin_oleh="Lurah"),
    )
    services.kehadiran_record(user=lurah, plan=plan, rt=rt_head.rt, counts={"hadir_warga": 21})
    services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(80))
    not_opened = plan_in(rt_head.rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    base = f"/rencana/{plan.pk}/"
    per_role = {
        "lurah": [
            base,
            f"{base}pelaksanaan/",
            f"/rencana/{not_opened.pk}/",
            f"/rencana/{not_opened.pk}/pelaksanaan/tidak-terlaksana/",
            f"{base}pelaksanaan/hasil/",
            f"{base}pelaksanaan/layanan/",
            f"{base}pelaksanaan/kendala/",
        ],
        "ketuart": [base, f"{base}pelaksanaan/rt/{rt_head.rt_id}/"],
    }
    found = {}
    for username, paths in per_role.items():
        sign_in(page, username, DEMO_PASSWORD)
        for path in paths:
            found[f"{username} {path}"] = violations(page, path)
    assert page.get_by_test_id("attendance-form").count() == 1  # the RT head's form, not a redirect
    assert {where: v for where, v in found.items() if v} == {}


def test_execution_problem_and_support_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """Stage 4: the problems on the day (resolve with an after photo, a problem found),
    support received (needs vs received, deliveries, swadaya), changing a row, and the RT
    head's home page with the attendance to-do."""
    from decimal import Decimal

    from django.utils import timezone

    from kegiatan import services
    from permasalahan.models import Status
    from tests.kegiatan.factories import execution_pledge_kwargs, indicator
    from tests.permasalahan.factories import VerifiedProblemFactory, category
    from tests.photo_samples import camera_jpeg, upload

    page = axe_page
    rt_head = User.objects.get(username="ketuart")
    lurah = User.objects.get(username="lurah")
    plan = RencanaAksi.objects.get(pk=execution_pledge_kwargs(rt_head.rt)["pk"])
    open_, done = (VerifiedProblemFactory(rt=rt_head.rt, status=Status.DIRENCANAKAN) for _ in "ab")
    plan.problems.set([open_, done])
    services.problem_resolve_at_event(
        user=lurah, plan=plan, problem=done, upload=upload(camera_jpeg())
    )
    services.problem_found_add(
        user=lurah,
        plan=plan,
        rt=rt_head.rt,
        kategori=category(),
        alamat="Gg. Mawar",
        deskripsi="Saluran tersumbat",
    )
    services.event_swadaya_add(
        user=lurah, plan=plan, rt=rt_head.rt, jenis="konsumsi", item="Nasi kotak", nilai=600_000
    )
    hasil = services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(80))
    assert plan.tanggal == timezone.localdate()
    base = f"/rencana/{plan.pk}/"
    per_role = {
        "lurah": [
            base,
            f"{base}pelaksanaan/masalah/",
            f"{base}pelaksanaan/masalah/baru/",
            f"{base}pelaksanaan/dukungan/",
            f"{base}pelaksanaan/swadaya/",
            f"{base}pelaksanaan/hasil/",
            f"{base}pelaksanaan/hasil/{hasil.pk}/ubah/",
        ],
        "ketuart": ["/", f"{base}pelaksanaan/masalah/", f"{base}pelaksanaan/masalah/baru/"],
    }
    found = {}
    for username, paths in per_role.items():
        sign_in(page, username, DEMO_PASSWORD)
        for path in paths:
            found[f"{username} {path}"] = violations(page, path)
    assert page.get_by_test_id("found-problem-form").count() == 1  # not a redirect
    assert {where: v for where, v in found.items() if v} == {}


def test_documentation_and_public_results_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """Stage 4 photos: the plan page with before/after pairs and activity photos, the add
    form, the delete confirmation, and the public schedule and event page of the event."""
    from decimal import Decimal

    from django.utils import timezone

    from kegiatan import services
    from tests.kegiatan.factories import indicator, plan_in, service_type
    from tests.photo_samples import camera_jpeg, upload

    page = axe_page
    rt_head = User.objects.get(username="ketuart")
    lurah = User.objects.get(username="lurah")
    plan = plan_in(rt_head.rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    services.pelaksanaan_open(
        user=lurah,
        plan=plan,
        data=services.ExecutionData(tanggal=plan.tanggal, lokasi="Lapangan", dipimpin_oleh="Lurah"),
    )
    services.kehadiran_record(user=lurah, plan=plan, rt=rt_head.rt, counts={"hadir_warga": 21})
    services.hasil_add(user=lurah, plan=plan, indikator=indicator(), jumlah=Decimal(80))
    services.layanan_add(user=lurah, plan=plan, jenis=service_type(), jumlah=9)
    rows = []
    for jenis, spot in (("sebelum", "Got Gg. Melati"), ("sesudah", "Got Gg. Melati"),
                        ("sesudah", "Taman RW"), ("kegiatan", "")):  # fmt: skip
        rows += services.dokumentasi_add(
            user=rt_head,
            plan=plan,
            jenis=jenis,
            titik_nama=spot,
            keterangan="Warga bekerja bakti",
            uploads=[upload(camera_jpeg(orientation=1))],
        )
    services.pelaksanaan_close(user=lurah, plan=plan)
    base = f"/rencana/{plan.pk}/"
    per_role = {
        "lurah": [base, f"{base}pelaksanaan/foto/", f"{base}pelaksanaan/foto/{rows[0].pk}/hapus/"],
        "ketuart": [base, f"{base}pelaksanaan/foto/"],
    }
    found = {}
    for username, paths in per_role.items():
        sign_in(page, username, DEMO_PASSWORD)
        for path in paths:
            found[f"{username} {path}"] = violations(page, path)
    assert page.get_by_test_id("documentation-form").count() == 1
    page.context.clear_cookies()
    for path in (
        f"/jadwal/{plan.kelurahan_id}/",
        f"/jadwal/{plan.kelurahan_id}/kegiatan/{plan.pk}/",
    ):
        found[f"public {path}"] = violations(page, path)
    assert page.get_by_test_id("public-documentation").count() == 1


def test_attendance_steps_and_the_outbox_state_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """The RT head's form one step per screen (each step), and the "waiting for signal"
    state in the top bar and on the form after sending with no signal."""
    from django.utils import timezone

    from kegiatan import services
    from tests.kegiatan.factories import plan_in

    page = axe_page
    rt_head = User.objects.get(username="ketuart")
    plan = plan_in(rt_head.rt, status=PlanStatus.DISETUJUI, tanggal=timezone.localdate())
    services.pelaksanaan_open(
        user=User.objects.get(username="lurah"),
        plan=plan,
        data=services.ExecutionData(tanggal=plan.tanggal, lokasi="Lapangan", dipimpin_oleh="Lurah"),
    )
    sign_in(page, "ketuart", DEMO_PASSWORD)
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt_head.rt_id}/")
    page.add_script_tag(content=AXE)
    found = {}
    for step in range(1, 5):
        assert page.get_by_test_id("stepper-progress").get_attribute("data-step") == str(step)
        if step == 1:
            page.locator("input[name=hadir_warga]").fill("18")
        found[f"step {step}"] = page.evaluate(RUN_AXE)
        if step < 4:
            page.locator("[data-stepper-next]").click()
    page.context.set_offline(True)
    page.locator("form[data-outbox-form] button[type=submit]").click()
    page.get_by_test_id("outbox-status").wait_for(state="visible")
    found["waiting for signal"] = page.evaluate(RUN_AXE)
    # The context closes with no signal: nothing is sent while the test data is removed.
    assert {where: v for where, v in found.items() if v} == {}


def test_index_pages_have_no_wcag_a_or_aa_violation(axe_page, demo):
    """The SIGORO index pages (laporan/indeks) of the last closed month, per role."""
    from laporan.periods import Period
    from sigoro.models import Kelurahan

    page = axe_page
    month = Period.last_closed_month().key
    ampui = Kelurahan.objects.get(nama="Ampui")
    per_role = {
        "admin": [
            f"/laporan/indeks/?periode={month}",
            f"/laporan/indeks/peringkat/?periode={month}&dimensi=partisipatif",
            "/laporan/indeks/cara-menghitung/",
            "/laporan/indeks/bobot/",
            f"/laporan/indeks/kelurahan/{ampui.pk}/?periode={month}",
        ],
        "lurah": [f"/laporan/indeks/?periode={month}", "/laporan/indeks/peringkat/"],
        "ketuart": [f"/laporan/indeks/?periode={month}"],
    }
    found = {}
    for username, paths in per_role.items():
        sign_in(page, username, DEMO_PASSWORD)
        for path in paths:
            found[f"{username} {path}"] = violations(page, path)
    assert {where: v for where, v in found.items() if v} == {}
