"""Slow work of the SIGORO index: recompute stored closed periods after data changes."""

import datetime

from django.tasks import task

from laporan.indeks import services


@task
def refresh_index(*, kelurahan_id: int, day: str) -> int:
    """Recompute the closed periods containing ``day`` (ISO date) for one kelurahan."""
    return services.index_refresh(kelurahan_id=kelurahan_id, day=datetime.date.fromisoformat(day))
