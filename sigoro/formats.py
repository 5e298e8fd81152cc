"""Indonesian display formats shared by templates, PDFs and exports."""

import datetime
import re

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import ngettext, override


def angka(value) -> str:
    """Return "1.250.000" for 1250000: a whole number grouped as Indonesians read it."""
    if value is None or value == "":
        return "0"
    return f"{int(value):,}".replace(",", ".")


def rupiah(amount) -> str:
    """Return "Rp 1.250.000" for 1250000 (integers only: money is never a float)."""
    if amount is None or amount == "":
        return ""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


# "Rp 1.250.000", "Rp. 1.250.000,-", "1250000": an optional "Rp", then either plain digits or
# groups of three after a first group of one to three, then an optional ",-" or ",00".
_RUPIAH_RE = re.compile(
    r"(?:rp\.?\s*)?([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,-|,00)?", re.IGNORECASE
)


def parse_rupiah(text) -> int:
    """Return 1250000 for "1.250.000", "1250000", "Rp 1.250.000" or "Rp1.250.000".

    Raise ``ValueError`` for anything else: decimals ("1,5"), misplaced separators
    ("1.25.000"), negative amounts, words and empty text. Money is never a float.
    """
    match = _RUPIAH_RE.fullmatch(str(text).strip())
    if match is None:
        raise ValueError(f"Not a Rupiah amount: {text!r}")
    return int(match.group(1).replace(".", ""))


def tanggal(value, with_day: bool = True) -> str:
    """Return "Jumat, 20 November 2026" (or "20 November 2026" without the day name)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    with override("id"):
        return date_format(value, "l, j F Y" if with_day else "j F Y")


def tanggal_jam(value) -> str:
    """Return "Jumat, 20 November 2026 pukul 07.00 WIB"."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with override("id"):
        return (
            f"{date_format(local, 'l, j F Y')} pukul {date_format(local, 'H.i')} {zone_name(local)}"
        )


def zone_name(value: datetime.datetime) -> str:
    """Return WIB / WITA / WIT for the three Indonesian time zones."""
    offset = value.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 7
    return {7: "WIB", 8: "WITA", 9: "WIT"}.get(int(hours), value.strftime("%Z"))


def durasi(seconds: int) -> str:
    """Return "2 jam" for 7200 or "15 menit" for 900: whole hours when they fit, else minutes
    (rounded up, so a lock is never said to be shorter than it is)."""
    seconds = max(int(seconds), 0)
    if seconds and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = -(-seconds // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


_SATUAN = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def terbilang(n: int) -> str:
    """Return a whole number in Indonesian words: 2026 -> "dua ribu dua puluh enam".

    As letters write it: "sebelas", "seratus", "seribu" (not "satu ratus"), "satu juta".
    """
    n = int(n)
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_SATUAN[tens]} puluh" + (f" {_SATUAN[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_SATUAN[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{terbilang(head)} {word}" + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError("unreachable")


def tanggal_terbilang(value: datetime.date) -> str:
    """Return a date as a berita acara writes it after "Pada hari ini": "Jumat tanggal dua
    puluh bulan November tahun dua ribu dua puluh enam" (day name, date and year in words)."""
    with override("id"):
        day_name = date_format(value, "l")
        month = date_format(value, "F")
    return f"{day_name} tanggal {terbilang(value.day)} bulan {month} tahun {terbilang(value.year)}"
