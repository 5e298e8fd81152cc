"""Server time and query count of the monitoring pages, and of the busiest existing pages, on
a database filled by ``manage.py seed_scale`` (issue 12, "Scale").

Run (SQLite file or PostgreSQL through ``DATABASE_URL``, see README "Benchmarks"):

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/pages.py [--requests 20]
    DATABASE_URL=postgres://app:app@127.0.0.1:5444/sigoro_scale .venv/bin/python bench/pages.py

After ``seed_scale``, run ``manage.py refresh_index`` once (as a deployment does after an
import): the monitoring pages read closed periods from the stored index and dashboard
months, and count only the running month live.

Prints one line per page and role (p50, p95, max, queries, backend), then per page whether
every role met the target p95 <= 100 ms; this is not a test. For each role (admin kecamatan,
lurah, RT head, and the city's pemantau kota when that role exists) it signs in with
Django's test ``Client`` (``force_login``, no password check) and requests each page
``--warmup`` times untimed, then ``--requests`` times timed (with ``--cold``, the cache
emptied before each: the cost of a miss of the dashboard's and the tracking page's cached
parts): p50, p95 and max of the wall
time of ``client.get`` (the whole request in this process: URL resolution, middleware,
views, templates, database; no network), and the number of queries of one more request
(``CaptureQueriesContext``, taken apart from the timed runs so capturing costs them
nothing). "cpu p50" is the median CPU time of this process per request (Python: views,
templates, the database driver; not the database server's own work): on a machine shared
with other jobs, the wall times grow with the load, the CPU time much less. Public pages
(tracking, the schedule, the map) are timed once, without an account. A URL name that does
not resolve (a page other engineers are still building) is listed as "not present"; a page
that does not answer 200 is listed with its status.

DEBUG is off (as in production), the template cache of the production settings applies,
and every user is the first of its role by username in the seeded Kota (``--kota``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The pages of issue 12 and the existing pages that grow with the data, by URL name.
# kwargs: a function of the user (None for public pages) giving the URL's arguments.
STAFF_PAGES = [
    "laporan:dashboard",
    "laporan:index",
    "laporan:ranking",
    "laporan:index-detail",
    "laporan:plan-vs-actual",
    "laporan:kendala",
    "permasalahan:problem-list",
    "kegiatan:plan-list",
]
PUBLIC_PAGES = [
    "permasalahan:track",
    "kegiatan:public-schedule",
    "permasalahan:public-map",
    "permasalahan:public-map-data",
]


@dataclass
class Result:
    page: str
    role: str
    status: str
    queries: int | None = None
    cpu: float | None = None
    p50: float | None = None
    p95: float | None = None
    worst: float | None = None


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigoro.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-pages-not-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("HTTPS", "0")  # the test client speaks plain http
    os.environ.setdefault("STATIC_MANIFEST", "0")  # no collectstatic needed
    import logging
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login


def users(kota: str) -> list[tuple[str, object]]:
    """(label, user) of each benchmarked role: the first by username in the Kota."""
    from sigoro.models import Role, User

    wanted = [
        ("admin kecamatan", Role.ADMIN_KECAMATAN),
        ("lurah", Role.LURAH),
        ("ketua RT", Role.KETUA_RT),
    ]
    found = []
    for label, role in wanted:
        user = (
            User.objects.filter(role=role, kecamatan__kota__nama=kota, is_active=True)
            .order_by("username")
            .first()
        )
        if user is not None:
            found.append((label, user))
    city_role = next((r for r in Role if "kota" in r.value), None)
    if city_role is not None:
        user = User.objects.filter(role=city_role, is_active=True).order_by("username").first()
        if user is not None:
            found.append(("pemantau kota", user))
    return found


def page_kwargs(name: str, user, kota: str) -> dict:
    """The URL arguments of ``name`` for ``user`` (None: a public page): an area inside the
    user's own scope (an RT head's index detail is of their RT, not of a kelurahan)."""
    from permasalahan.models import Problem
    from sigoro.models import RT, Kelurahan

    if user is not None and user.rt_id:
        kelurahan = Kelurahan.objects.get(rt_set=user.rt_id)
    elif user is not None and user.rw_id:
        kelurahan = Kelurahan.objects.get(rw_set=user.rw_id)
    elif user is not None and user.kelurahan_id:
        kelurahan = Kelurahan.objects.get(pk=user.kelurahan_id)
    elif user is not None and user.kecamatan_id:
        kelurahan = Kelurahan.objects.filter(kecamatan_id=user.kecamatan_id).order_by("pk").first()
    else:
        kelurahan = Kelurahan.objects.filter(kecamatan__kota__nama=kota).order_by("pk").first()
    if name == "laporan:index-detail":
        if user is not None and user.rt_id:
            return {"level": "rt", "pk": user.rt_id}
        if user is not None and user.rw_id:
            rt = RT.objects.filter(rw_id=user.rw_id).order_by("pk").first()
            return {"level": "rt", "pk": rt.pk}
        return {"level": "kelurahan", "pk": kelurahan.pk}
    if name == "kegiatan:public-schedule":
        return {"pk": kelurahan.pk}
    if name == "permasalahan:track":
        # An old, resolved problem: the longest public timeline.
        problem = (
            Problem.objects.filter(kelurahan=kelurahan, status="selesai").order_by("pk").first()
        )
        return {"kode": problem.kode}
    return {}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(
    client, url: str, *, requests: int, warmup: int, cold: bool = False
) -> tuple[str, list, list, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = None
    for _n in range(warmup):
        response = client.get(url)
    if response is not None and response.status_code != 200:
        return str(response.status_code), [], [], 0
    timings, cpu = [], []
    for _n in range(requests):
        if cold:  # every cached page part gone (outside the timing): the cost of a miss
            cache.clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        if response.status_code != 200:
            return str(response.status_code), [], [], 0
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return "200", timings, cpu, len(captured.captured_queries)


def bench_page(name, label, client, user, args) -> Result:
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(name, kwargs=page_kwargs(name, user, args.kota))
    except NoReverseMatch:
        return Result(name, label, "not present")
    except AttributeError:  # no kelurahan or problem to show
        return Result(name, label, "no data")
    if args.periode and name.startswith("laporan:"):
        url = f"{url}?periode={args.periode}"
    status, timings, cpu, queries = measure(
        client, url, requests=args.requests, warmup=args.warmup, cold=args.cold
    )
    if not timings:
        return Result(name, label, status)
    return Result(
        name,
        label,
        status,
        queries,
        statistics.median(cpu),
        statistics.median(timings),
        percentile(timings, 0.95),
        max(timings),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    parser.add_argument("--kota", default="Kota Pangkal Pinang")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before each timed request: the pages' cost on a cache miss",
    )
    parser.add_argument("--pages", default="", help="comma-separated URL names (default: all)")
    parser.add_argument(
        "--periode",
        default="",
        help="the period of the laporan pages, e.g. 2026-12 (default: the pages' own default)",
    )
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client

    from kegiatan.models import RencanaAksi
    from permasalahan.models import Problem
    from sigoro.models import RT

    chosen = set(filter(None, args.pages.split(",")))
    staff = [p for p in STAFF_PAGES if not chosen or p in chosen]
    public = [p for p in PUBLIC_PAGES if not chosen or p in chosen]
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"{RT.objects.count():,} RT, {Problem.objects.count():,} problems, "
        f"{RencanaAksi.objects.count():,} plans; "
        f"{args.requests} timed requests per page after {args.warmup} untimed"
    )
    results = []
    for label, user in users(args.kota):
        client = Client()
        client.force_login(user)
        for name in staff:
            results.append(bench_page(name, f"{label} ({user.username})", client, user, args))
            print(format_row(results[-1]), flush=True)
    client = Client()
    for name in public:
        results.append(bench_page(name, "public", client, None, args))
        print(format_row(results[-1]), flush=True)
    timed = [r for r in results if r.p95 is not None]
    if timed:
        slowest = max(timed, key=lambda r: r.p95)
        print(f"slowest p95: {slowest.page} as {slowest.role}: {slowest.p95:.1f} ms")
    print()
    for line in summary(results, backend=connection.vendor):
        print(line)


# Issue 12's target for the monitoring pages on PostgreSQL at seed_scale size.
TARGET_P95_MS = 100.0


def summary(results: list[Result], *, backend: str) -> list[str]:
    """One line per page: "target p95 <= 100 ms: met" when every role's p95 is within it,
    else "missed" with the worst role; a page that failed for a role is "missed" too."""
    lines = []
    for page in dict.fromkeys(r.page for r in results):
        rows = [r for r in results if r.page == page]
        failed = [r for r in rows if r.status not in ("200", "not present")]
        timed = [r for r in rows if r.p95 is not None]
        if not timed and not failed:
            continue
        worst = max(timed, key=lambda r: r.p95) if timed else None
        met = not failed and worst is not None and worst.p95 <= TARGET_P95_MS
        detail = (
            f"worst p95 {worst.p95:.1f} ms ({worst.role})" if worst is not None else "no timing"
        )
        if failed:
            detail += "; " + ", ".join(f"{r.role}: {r.status}" for r in failed)
        lines.append(
            f"{page:<30} {backend:<10} target p95 <= {TARGET_P95_MS:.0f} ms: "
            f"{'met' if met else 'missed'} ({detail})"
        )
    return lines


def format_row(result: Result, backend: str | None = None) -> str:
    if backend is None:
        from django.db import connection

        backend = connection.vendor
    if result.p50 is None:
        return f"{result.page:<30} {result.role:<40} {backend:<10} {result.status}"
    return (
        f"{result.page:<30} {result.role:<40} {backend:<10} {result.status:>4} "
        f"p50 {result.p50:8.1f} ms  p95 {result.p95:8.1f} ms  max {result.worst:8.1f} ms  "
        f"{result.queries:>4} q  cpu p50 {result.cpu:7.1f} ms"
    )


if __name__ == "__main__":
    main()
