"""WhatsApp-ready messages: the ``wa.me`` click-to-chat link, built in one place.

No gateway: the user taps the link, WhatsApp opens with the message filled in, and they
choose the chat (or the number is already set when SIGORO knows the recipient's).
"""

from urllib.parse import quote

from sigoro.phone import normalize_phone


def whatsapp_url(text: str, phone: str | None = None) -> str:
    """Return ``https://wa.me/<number>?text=<message>``: the number in international form
    without "+" (``sigoro.phone``) when it is a valid Indonesian number, else
    ``https://wa.me/?text=...`` (WhatsApp asks whom to send it to)."""
    number = normalize_phone(phone) if phone else None
    return f"https://wa.me/{number or ''}?text={quote(str(text), safe='')}"


def whatsapp_text(title: str, url: str = "") -> str:
    """Return the message: the title, then the full link on its own line."""
    return f"{title}\n{url}".strip()
