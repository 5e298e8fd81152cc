"""Every main page, public and per role, passes axe-core's WCAG 2 A and AA rules, on a
360 px phone and a 1366 px office screen.

axe-core 4.14.1 (MPL-2.0, from the npm registry) is vendored in tests/e2e/vendor/. Pages
are opened in a context that bypasses our Content-Security-Policy, which rightly refuses
injected scripts. The data is the Pangkalbalam demo, so the pages hold realistic content.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from kegiatan.models import PlanStatus, RencanaAksi
from permasalahan.models import Problem
from sigoro.demo import DEMO_PASSWORD
from sigoro.models import User
from stakeholder.models import SupportRequest
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}))
  .violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(params=[360, 1366], ids=lambda width: f"{width}px")
def axe_page(request, browser, live_server):
    context = browser.new_context(
        viewport={"width": request.param, "height": 740 if request.param < 1000 else 768},
        base_url=live_server.url,
        locale="id-ID",
        bypass_csp=True,
    )
    page = context.new_page()
    yield page
    context.close()


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


def test_the_locked_sign_in_page_has_no_wcag_a_or_aa_violation(axe_page, settings):
    from tests.factories import UserFactory

    UserFactory(username="siti")
    page = axe_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna atau nomor HP").fill("siti")
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
    assert {where: v for where, v in found.items() if v} == {}
