"""Plans as an iCalendar feed (RFC 5545), for phone calendars to subscribe to.

Written with the ``icalendar`` library: times are local with ``TZID`` (the deployment's zone,
Asia/Jakarta) and a matching ``VTIMEZONE``; every plan has a UID that never changes, so a
calendar app updates an event instead of adding a copy.

A phone calendar has no session: a staff feed's address carries a secret per area, an HMAC
of the area under ``SECRET_KEY`` (changing the key changes every address). A kelurahan's
secret is the HMAC of its id (as since the first feeds), a kecamatan's that of
"kecamatan:<id>", so one area's secret never opens another's feed. The public feed holds
approved plans only, with public fields only.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kegiatan.models import PlanStatus
from sigoro.phone import format_phone

TOKEN_SALT = "kegiatan.calendar_feed"
KELURAHAN = "kelurahan"
KECAMATAN = "kecamatan"
REFRESH = datetime.timedelta(hours=1)


def feed_token(area_id: int, level: str = KELURAHAN) -> str:
    """Return the secret part of an area's staff feed address."""
    value = str(area_id) if level == KELURAHAN else f"{level}:{area_id}"
    return salted_hmac(TOKEN_SALT, value, algorithm="sha256").hexdigest()[:32]


def token_is_valid(area_id: int, token: str, level: str = KELURAHAN) -> bool:
    return constant_time_compare(feed_token(area_id, level), token or "")


def _location(plan) -> str:
    return "; ".join(plan.places) + f" – {plan.kelurahan}"


def _description(plan, *, public: bool, url: str) -> str:
    lines = [
        _("Activity: %(types)s") % {"types": ", ".join(str(t) for t in plan.jenis_kegiatan.all())}
    ]
    if not public:
        lines.append(_("Status: %(status)s") % {"status": plan.get_status_display()})
        if plan.penanggung_jawab_nama:
            person = plan.penanggung_jawab_nama
            if plan.penanggung_jawab_hp:
                person += f" ({format_phone(plan.penanggung_jawab_hp)})"
            lines.append(_("Person in charge: %(name)s") % {"name": person})
        if plan.target_total:
            lines.append(_("Target participants: %(n)d") % {"n": plan.target_total})
    lines.append(url)
    return "\n".join(lines)


def _event(plan, *, host: str, url: str, public: bool, now, zone) -> icalendar.Event:
    tentative = plan.status == PlanStatus.DIAJUKAN
    summary = plan.judul
    if tentative:
        summary = _("%(title)s (waiting for approval)") % {"title": summary}
    event = icalendar.Event()
    event.add("uid", f"rencana-aksi-{plan.pk}@{host}")
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("last-modified", plan.diubah.astimezone(datetime.UTC))
    event.add("dtstart", datetime.datetime.combine(plan.tanggal, plan.jam_mulai, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(plan.tanggal, plan.jam_selesai, tzinfo=zone))
    event.add("summary", summary)
    event.add("location", _location(plan))
    event.add("description", _description(plan, public=public, url=url))
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("url", url)
    types = [str(t) for t in plan.jenis_kegiatan.all()]
    if types:
        event.add("categories", types)
    return event


def render_calendar(*, plans, name: str, host: str, url_for, public: bool, now=None) -> bytes:
    """Return the whole VCALENDAR (CRLF line ends, lines folded) for ``plans``.

    ``url_for(plan)`` gives the absolute address shown in each event.
    """
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//SIGORO//Rencana Aksi//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for plan in plans:
        calendar.add_component(
            _event(plan, host=host, url=url_for(plan), public=public, now=now, zone=zone)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
