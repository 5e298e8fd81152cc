"""Indonesian phone numbers: one canonical form so people can sign in with any spelling."""

import re

_SEPARATORS = re.compile(r"[\s\-\.\(\)]")
_CANONICAL = re.compile(r"^62[1-9]\d{6,12}$")


def normalize_phone(raw: str) -> str | None:
    """Return the number as "628123456789", or None if it is not an Indonesian number.

    Accepts "0812-3456-7890", "+62 812 3456 7890", "62812..." and "812...".
    """
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if _CANONICAL.match(digits) else None


def format_phone(canonical: str | None) -> str:
    """Return "0812-3456-7890" for display."""
    if not canonical:
        return ""
    local = "0" + canonical[2:]
    return "-".join([local[:4], local[4:8], local[8:]]).rstrip("-")
