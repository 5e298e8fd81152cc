"""Print locust's per-endpoint statistics (``<prefix>_stats.csv``) as a short table:
requests, req/s, p50, p95, p99 (ms), failures; and whether the issue's targets are met.

    python bench/load/summary.py /tmp/sigoro-load/run
"""

import csv
import sys

TARGETS = {"/lacak/[kode]/": 300, "/laporan/ (dashboard)": 100}  # req/s (issue 14)
P99_LIMIT_MS = 300


def main() -> None:
    prefix = sys.argv[1]
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"{'endpoint':34} {'method':6} {'reqs':>7} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'errors':>6}"
    )
    for row in rows:
        name = row["Name"]
        if not row["Request Count"]:
            continue
        print(
            f"{name[:34]:34} {row['Type'][:6]:6} {int(row['Request Count']):7d} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} "
            f"{row['99%']:>6} {int(row['Failure Count']):6d}"
        )
    print()
    by_name = {row["Name"]: row for row in rows}
    for name, wanted in TARGETS.items():
        if name in by_name:
            got = float(by_name[name]["Requests/s"])
            verdict = "met" if got >= wanted else "MISSED"
            print(f"target {name}: >= {wanted} req/s, got {got:.1f} ({verdict})")
    total = by_name.get("Aggregated")
    if total:
        p99 = float(total["99%"] or 0)
        failures = int(total["Failure Count"])
        print(
            f"target p99 <= {P99_LIMIT_MS} ms: got {p99:.0f} ms "
            f"({'met' if p99 <= P99_LIMIT_MS else 'MISSED'})"
        )
        print(f"target 0 errors: got {failures} ({'met' if failures == 0 else 'MISSED'})")


if __name__ == "__main__":
    main()
