"""Where a ``next`` parameter may send the reader: a path on this site, as a browser reads it.

A browser drops tabs and line breaks anywhere in a URL, trims control characters and spaces at
its ends, and reads ``\\`` as ``/`` (WHATWG URL standard): ``/\\t/evil.example`` and
``/\\evil.example`` both become ``//evil.example``, another site. Such a target is refused
rather than cleaned, so no reading of it can differ from the browser's.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``."""
    if not target or not _is_local_path(target):
        return default
    return target


def _is_local_path(target: str) -> bool:
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in target) or "\\" in target:
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
