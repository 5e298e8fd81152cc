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
        ],
        "camat": ["/", "/rencana/persetujuan/", "/stakeholder/ringkasan/"],
        "admin": ["/pengguna/", "/pengguna/baru/", "/pengguna/data-pribadi/", "/riwayat/"],
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
