"""Summary line for the fuzz tests: how many inputs they tried and what they saw."""

FUZZ_PROPERTIES = ("fuzz_requests", "fuzz_bad_inputs", "fuzz_500s")


def pytest_terminal_summary(terminalreporter):
    """Add the fuzz figures over all workers (xdist hands each test's properties back)."""
    totals = dict.fromkeys(FUZZ_PROPERTIES, 0)
    seen = False
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name in totals:
                    totals[name] += value
                    seen = True
    if seen:
        terminalreporter.write_line(
            "fuzz: {fuzz_requests} requests, bad inputs tried: {fuzz_bad_inputs}, "
            "500s seen: {fuzz_500s}".format(**totals)
        )
