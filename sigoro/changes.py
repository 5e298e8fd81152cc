"""Changes to the records an area's figures are computed from.

A stage that records something the monitoring figures count (a plan approved or cancelled,
an execution closed, attendance and results, a problem's status, a delivery, swadaya) calls
:func:`area_data_changed` with the area and the day the record counts for. The monitoring
stage registers a listener in its ``AppConfig.ready`` (``laporan.apps``) that recomputes the
stored figures of the closed periods containing that day; the core knows no stage, and a
lower stage never imports a higher one.
"""

import datetime
from collections.abc import Callable

AREA_DATA_LISTENERS: list[Callable[..., None]] = []


def area_data_changed(
    *,
    kelurahan_id: int | None = None,
    kecamatan_id: int | None = None,
    days: "list[datetime.date | None]",
) -> None:
    """Tell the listeners that records of a kelurahan (or, for records that belong to the
    kecamatan office, of a kecamatan) counting for ``days`` changed."""
    if kelurahan_id is None and kecamatan_id is None:
        return
    for day in sorted({day for day in days if day is not None}):
        for listener in AREA_DATA_LISTENERS:
            listener(kelurahan_id=kelurahan_id, kecamatan_id=kecamatan_id, day=day)
