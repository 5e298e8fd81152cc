"""A test-only app for the worker subprocess of tests/laporan/test_dokumen_tasks.py: the
berita acara generator first writes ``<HOLD_DIR>/started`` and then waits while
``<HOLD_DIR>/hold`` exists, so the test can kill the worker in the middle of a task."""

import os
import time
from pathlib import Path

from django.apps import AppConfig


class HoldConfig(AppConfig):
    name = "tests.laporan"
    label = "tests_laporan_hold"

    def ready(self):
        from laporan.dokumen.generators import GENERATORS
        from laporan.models import DocumentKind

        real = GENERATORS[DocumentKind.BERITA_ACARA]
        folder = Path(os.environ["SIGORO_HOLD_DIR"])

        def held(document, progress):
            progress(10)
            (folder / "started").write_text(str(document.pk))
            deadline = time.monotonic() + 120
            while (folder / "hold").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            return real(document, progress)

        GENERATORS[DocumentKind.BERITA_ACARA] = held
