"""Indonesian phone numbers, read and written by the `phonenumbers` library.

One stored form, the international number's digits without the "+" ("6281234567890" for
a mobile, "62717421234" for an office line in Pangkalpinang), so people can sign in with any
spelling and ``tel:+…`` links work. Shown the Indonesian way: "0812-3456-7890",
"(0717) 421234", "(021) 5551234".
"""

import re

import phonenumbers

REGION = "ID"
COUNTRY_CODE = 62
_NOT_DIGITS = re.compile(r"\D")


def parse_phone(raw: str | None) -> phonenumbers.PhoneNumber | None:
    """Return the Indonesian number written in ``raw``, or None when there is none.

    Accepts "0812-3456-7890", "+62 812 3456 7890", "62812…", "812…", "(0717) 421234".
    """
    text = (raw or "").strip()
    if not text or any(char.isalpha() for char in text):
        return None  # no vanity letters, no "ext. 12"
    digits = _NOT_DIGITS.sub("", text)
    if not text.startswith("+") and digits.startswith("62"):
        text = "+" + digits  # "62812…" is the international form without its plus
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        return None
    return number


def normalize_phone(raw: str | None) -> str | None:
    """Return the number in its stored form ("6281234567890"), or None if it is not a valid
    Indonesian number."""
    number = parse_phone(raw)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def format_phone(stored: str | None) -> str:
    """Return a stored number for display: "0812-3456-7890", "(0717) 421234".

    A value that is not a valid number (typed before numbers were checked) is shown as is.
    """
    if not stored:
        return ""
    number = parse_phone(stored)
    if number is None:
        return str(stored)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
