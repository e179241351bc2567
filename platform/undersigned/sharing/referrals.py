"""Referral codes: the ``?ref=`` a share link carries."""
from __future__ import annotations

#: The longest code kept; a signer's own ``share_code`` is 11 characters.
MAX_LENGTH = 16


def valid_code(value: str | None) -> str | None:
    """``value`` if it can be a referral code (up to 16 ASCII letters, digits, ``-``, ``_``),
    else ``None``: anything else in a link is ignored, never stored."""
    if not value or len(value) > MAX_LENGTH or not value.isascii():
        return None
    return value if value.replace("-", "").replace("_", "").isalnum() else None
