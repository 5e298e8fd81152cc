"""Slow work of the SIGORO index: recompute stored closed periods after data changes."""

import datetime

from django.tasks import task

from laporan.indeks import services


@task
def refresh_index(
    *, kelurahan_id: int | None = None, kecamatan_id: int | None = None, day: str
) -> int:
    """Recompute the closed periods containing ``day`` (ISO date) for one kelurahan (or the
    kecamatan office's own records)."""
    return services.index_refresh(
        kelurahan_id=kelurahan_id, kecamatan_id=kecamatan_id, day=datetime.date.fromisoformat(day)
    )
