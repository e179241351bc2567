"""What an RFC 3463 status code says about an address (``5.1.1``: there is no such mailbox).

Only a failure of the address itself is permanent here: ``5.1.x`` (no such mailbox or domain, a
malformed address) and ``5.2.1`` (the mailbox is disabled). Any other failure, a full mailbox
(``5.2.2``), a message refused for its content or by policy (``5.7.x``), a relay that is not
allowed, or no code at all, is soft: the address is suppressed only after several
(``BOUNCE_SOFT_LIMIT``), so a misconfigured relay, which refuses every recipient alike, never
suppresses them all at once.
"""
from __future__ import annotations


def is_status(text: str) -> bool:
    """Whether ``text`` is an RFC 3463 code: class, subject and detail, digits between dots."""
    parts = text.split(".")
    return len(parts) == 3 and all(part.isascii() and part.isdigit() and len(part) <= 3 for part in parts)


def leading_status(reply: str) -> str | None:
    """The code an SMTP reply's text starts with (``5.1.1 User unknown``), if any."""
    words = str(reply or "").split(None, 1)
    return words[0] if words and is_status(words[0]) else None


def address_failed(status: str | None) -> bool:
    """Whether ``status`` says the address itself is bad for good (``5.1.x``, ``5.2.1``)."""
    if not status or not is_status(status.strip()):
        return False
    kind, subject, detail = status.strip().split(".")
    return kind == "5" and (subject == "1" or (subject, detail) == ("2", "1"))
