"""Settings of the worker subprocess in tests/laporan/test_dokumen_tasks.py."""

from sigoro.settings import *  # noqa: F403
from sigoro.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.laporan.hold_app.HoldConfig"]
