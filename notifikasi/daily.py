"""The daily round of reminders (``manage.py kirim_pengingat``).

The stages register what they check each day in their ``AppConfig.ready``: a function of
``today`` returning how many notifications it created (reminders the day before an approved
plan, problems past their deadline, attendance still missing after an event). Each job is
idempotent through its notifications' dedupe keys: a second run the same day sends nothing.
"""

import datetime
from collections.abc import Callable

DAILY_JOBS: dict[str, Callable[[datetime.date], int]] = {}


def register_daily(name: str, job: Callable[[datetime.date], int]) -> None:
    DAILY_JOBS[name] = job


def run_daily(*, today: datetime.date) -> dict[str, int]:
    """Run every registered job for ``today``; return the notifications each created."""
    return {name: job(today) for name, job in sorted(DAILY_JOBS.items())}
