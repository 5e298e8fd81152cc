"""EXPLAIN the queries of the main list, map and dashboard pages on PostgreSQL and report every
sequential scan of a big table (issue 14, item 4).

Each page is requested with Django's test ``Client`` (signed in with ``force_login`` as the
first user of its role in the seeded city), its queries are captured, and every query is run
again as ``EXPLAIN (FORMAT JSON)``; the plan tree is walked for ``Seq Scan`` nodes on the big
tables. Used by ``tests/perf/test_explain.py`` and runnable by hand on a bigger database:

    DATABASE_URL=postgres://app:app@127.0.0.1:5445/sigoro_scale .venv/bin/python bench/explain.py

Prints one line per page (queries, sequential scans of big tables) and the plans' offending
nodes. Exit status 1 when a big table is scanned sequentially. ``--penalise-seq-scans``
plans with ``enable_seqscan`` off (what the test does on its small city): a sequential scan
left then means no index can serve the query.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The tables that grow with the city: a sequential scan of one is a missing index.
BIG_TABLES = frozenset(
    {
        "permasalahan_problem",
        "permasalahan_problemevent",
        "kegiatan_rencanaaksi",
        "kegiatan_planlocation",
        "kegiatan_pelaksanaan",
        "kegiatan_kehadiran",
        "kegiatan_fotodokumentasi",
        "sigoro_photo",
    }
)

# Bounding box of the seeded city (Pangkalpinang and around), and a street-sized one in it.
CITY_BBOX = "105.9,-2.4,106.4,-1.9"
STREET_BBOX = "106.10,-2.13,106.12,-2.11"


@dataclass(frozen=True)
class Page:
    """A page to explain: who asks (a role value, None for the public) and a URL builder."""

    label: str
    role: str | None
    url: object  # callable(context) -> str


@dataclass
class Finding:
    page: str
    queries: int = 0
    seq_scans: list[str] = field(default_factory=list)
    status: int = 200


def pages() -> list[Page]:
    """The main list, map and dashboard pages, with the filters and sorts they offer."""
    from django.urls import reverse

    def r(name, **kwargs):
        return lambda ctx: reverse(name, kwargs=kwargs) if kwargs else reverse(name)

    def q(name, query):
        return lambda ctx: reverse(name) + "?" + query.format(**ctx)

    problems = "permasalahan:problem-list"
    plans = "kegiatan:plan-list"
    return [
        # Stage 1: the staff problem list, its filters and sorts.
        Page("problem list (lurah)", "lurah", r(problems)),
        Page("problem list (camat)", "camat", r(problems)),
        Page("problem list (pemantau kota)", "pemantau_kota", r(problems)),
        Page("problem list: open", "camat", q(problems, "status=terbuka")),
        Page("problem list: status", "lurah", q(problems, "status=diverifikasi")),
        Page("problem list: overdue", "camat", q(problems, "terlambat=on")),
        Page("problem list: older than 30 days", "camat", q(problems, "umur=30")),
        Page("problem list: kelurahan", "camat", q(problems, "kelurahan={kelurahan}")),
        Page("problem list: RT", "lurah", q(problems, "rt={rt}")),
        Page("problem list: category", "camat", q(problems, "kategori={kategori}")),
        Page("problem list: reported from", "camat", q(problems, "dari={month_ago}")),
        Page("problem list: resolved from", "camat", q(problems, "selesai_dari={month_ago}")),
        Page("problem list: sort oldest", "camat", q(problems, "sort=dibuat")),
        Page("problem list: sort status", "camat", q(problems, "sort=status")),
        Page("problem list: page 20", "camat", q(problems, "page=20")),
        # The tracking page and the map endpoint (public).
        Page("tracking page", None, lambda ctx: reverse("permasalahan:track", args=[ctx["kode"]])),
        Page("public map page", None, r("permasalahan:public-map")),
        Page(
            "map data: city", None, q("permasalahan:public-map-data", f"bbox={CITY_BBOX}&zoom=12")
        ),
        Page(
            "map data: street",
            None,
            q("permasalahan:public-map-data", f"bbox={STREET_BBOX}&zoom=17"),
        ),
        Page(
            "map data (lurah)",
            "lurah",
            q("permasalahan:problem-map-data", f"bbox={CITY_BBOX}&zoom=13"),
        ),
        # Stages 3-4: the plan list (also the list of executions), its filters and sorts.
        Page("plan list (lurah)", "lurah", r(plans)),
        Page("plan list (camat)", "camat", r(plans)),
        Page("plan list: status", "camat", q(plans, "status=disetujui")),
        Page("plan list: past", "lurah", q(plans, "waktu=lalu")),
        Page("plan list: from date", "camat", q(plans, "dari={month_ago}")),
        Page("plan list: held from", "camat", q(plans, "dilaksanakan_dari={month_ago}")),
        Page("plan list: RT", "lurah", q(plans, "rt={rt}")),
        Page("plan list: page 20", "camat", q(plans, "page=20")),
        # Stage 2 and the public schedule.
        Page("stakeholder list", "camat", r("stakeholder:stakeholder-list")),
        Page("public schedule index", None, r("kegiatan:public-schedule-index")),
        Page(
            "public schedule",
            None,
            lambda ctx: reverse("kegiatan:public-schedule", args=[ctx["kelurahan"]]),
        ),
        # Stage 5 (s6-perf's pages: reported, not rewritten here).
        Page("dashboard (camat)", "camat", r("laporan:dashboard")),
        Page("dashboard (pemantau kota)", "pemantau_kota", r("laporan:dashboard")),
    ]


def context(kota: str | None = None) -> dict:
    """Real ids and codes of the seeded city for the URLs above."""
    import datetime

    from django.utils import timezone

    from permasalahan.models import Problem, ProblemCategory
    from sigoro.models import RT, Kelurahan

    kelurahan = Kelurahan.objects.order_by("pk")
    if kota:
        kelurahan = kelurahan.filter(kecamatan__kota__nama=kota)
    first = kelurahan.first()
    return {
        "kelurahan": first.pk,
        "rt": RT.objects.filter(kelurahan=first).order_by("pk").first().pk,
        "kategori": ProblemCategory.objects.order_by("pk").first().pk,
        "kode": Problem.objects.filter(kelurahan=first).order_by("pk").first().kode,
        "month_ago": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
    }


def user_for(role: str | None, kelurahan_pk: int):
    """The user of ``role`` whose area holds the first kelurahan (None: the public)."""
    from django.db.models import Q

    from sigoro.models import Kelurahan, User

    if role is None:
        return None
    kelurahan = Kelurahan.objects.select_related("kecamatan").get(pk=kelurahan_pk)
    area = Q(kelurahan=kelurahan) | Q(kelurahan__isnull=True, kecamatan=kelurahan.kecamatan_id)
    area |= Q(kecamatan__isnull=True, kota=kelurahan.kecamatan.kota_id)
    return User.objects.filter(area, role=role, is_active=True).order_by("username").first()


def seq_scans(plan: dict) -> list[str]:
    """The big tables a plan tree reads with a sequential scan."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child))
    return found


def explain_sql(sql: str, *, penalise_seq_scans: bool = False) -> list[str]:
    """The big tables that ``sql`` reads sequentially.

    ``penalise_seq_scans``: plan with ``enable_seqscan`` off, so a sequential scan remains
    only where no index can serve the query at all (for a small test city, where reading a
    few thousand rows whole is rightly cheaper than an index).
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if penalise_seq_scans:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    plans = raw if isinstance(raw, list) else json.loads(raw)
    return seq_scans(plans[0]["Plan"])


def explain_page(client, page: Page, ctx: dict, *, penalise_seq_scans=False) -> Finding:
    """Request the page, then EXPLAIN each SELECT it ran; list the big tables scanned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url(ctx))
    finding = Finding(page.label, len(captured.captured_queries), status=response.status_code)
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for table in explain_sql(sql, penalise_seq_scans=penalise_seq_scans):
            finding.seq_scans.append(f"{table}: {sql[:300]}")
    return finding


def explain_all(kota: str | None = None, *, penalise_seq_scans=False) -> list[Finding]:
    from django.test import Client

    ctx = context(kota)
    findings = []
    for page in pages():
        client = Client()
        user = user_for(page.role, ctx["kelurahan"])
        if page.role is not None:
            if user is None:
                findings.append(Finding(page.label, status=0, seq_scans=["no such user"]))
                continue
            client.force_login(user)
        findings.append(explain_page(client, page, ctx, penalise_seq_scans=penalise_seq_scans))
    return findings


def main() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from pages import setup_django

    setup_django()
    findings = explain_all(penalise_seq_scans="--penalise-seq-scans" in sys.argv)
    bad = 0
    for f in findings:
        print(
            f"{f.page:40} status {f.status:3}  queries {f.queries:3}  seq scans {len(f.seq_scans)}"
        )
        for line in f.seq_scans:
            bad += 1
            print("    " + line)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
