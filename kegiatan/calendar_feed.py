"""A kelurahan's plans as an iCalendar feed (RFC 5545), for phone calendars to subscribe to.

Written by hand (it is a few dozen lines): CRLF line ends, lines folded at 75 octets
without splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma,
newline), local times with ``TZID`` and a matching ``VTIMEZONE`` (Indonesia has no daylight
saving time, so one STANDARD block), and a UID per plan that never changes.

A phone calendar has no session: the staff feed's address carries a secret per kelurahan, an
HMAC of the kelurahan id under ``SECRET_KEY`` (changing the key changes every address). The
public feed holds approved plans only, with public fields only.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sigoro.formats import zone_name
from sigoro.phone import format_phone

TOKEN_SALT = "kegiatan.calendar_feed"
LINE_OCTETS = 75


def feed_token(kelurahan_id: int) -> str:
    """Return the secret part of a kelurahan's staff feed address."""
    return salted_hmac(TOKEN_SALT, str(kelurahan_id), algorithm="sha256").hexdigest()[:32]


def token_is_valid(kelurahan_id: int, token: str) -> bool:
    return constant_time_compare(feed_token(kelurahan_id), token or "")


def escape_text(value) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545, 3.1); a continuation
    line starts with one space. A UTF-8 character is never split."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        if size + octets > LINE_OCTETS:
            parts.append(current)
            current, size = " " + char, 1 + octets
        else:
            current += char
            size += octets
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(day: datetime.date, time: datetime.time) -> str:
    return datetime.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def _vtimezone(tzid: str) -> list[str]:
    sample = datetime.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(tzid))
    offset = sample.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    text = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{text}",
        f"TZOFFSETTO:{text}",
        f"TZNAME:{zone_name(sample)}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


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


def render_calendar(*, plans, name: str, host: str, url_for, public: bool, now=None) -> str:
    """Return the whole VCALENDAR text (CRLF line ends) for ``plans``.

    ``url_for(plan)`` gives the absolute address shown in each event.
    """
    now = now or timezone.now()
    tzid = settings.TIME_ZONE
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SIGORO//Rencana Aksi//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{tzid}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        *_vtimezone(tzid),
    ]
    for plan in plans:
        url = url_for(plan)
        tentative = plan.status == "diajukan"
        summary = plan.judul
        if tentative:
            summary = _("%(title)s (waiting for approval)") % {"title": summary}
        lines += [
            "BEGIN:VEVENT",
            f"UID:rencana-aksi-{plan.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"LAST-MODIFIED:{_utc(plan.diubah)}",
            f"DTSTART;TZID={tzid}:{_local(plan.tanggal, plan.jam_mulai)}",
            f"DTEND;TZID={tzid}:{_local(plan.tanggal, plan.jam_selesai)}",
            f"SUMMARY:{escape_text(summary)}",
            f"LOCATION:{escape_text(_location(plan))}",
            f"DESCRIPTION:{escape_text(_description(plan, public=public, url=url))}",
            f"STATUS:{'TENTATIVE' if tentative else 'CONFIRMED'}",
            f"URL:{url}",
        ]
        types = [escape_text(t) for t in plan.jenis_kegiatan.all()]
        if types:
            lines.append("CATEGORIES:" + ",".join(types))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
