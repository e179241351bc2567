"""The platform's URL scheme: the reader's language as a path prefix (``/ru/c/...``), and which
``next`` targets keep the reader on this site.

A ``next`` parameter may send the reader to a path on this site, as a browser reads it. A browser drops tabs and line breaks anywhere in a URL, trims control characters and spaces at
its ends, and reads ``\\`` as ``/`` (WHATWG URL standard): ``/\\t/evil.example`` and
``/\\evil.example`` both become ``//evil.example``, another site. Such a target is refused
rather than cleaned, so no reading of it can differ from the browser's.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

#: Where :class:`LocalePrefixMiddleware` records the language a URL's prefix named.
ENVIRON_KEY = "undersigned.url_locale"


class LocalePrefixMiddleware:
    """WSGI middleware: ``/be/c/x`` is served as ``/c/x`` with script root ``/be``."""

    def __init__(self, wsgi_app: Callable, languages: Iterable[str]) -> None:
        self.wsgi_app = wsgi_app
        self.languages = frozenset(languages)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        head, sep, rest = path.lstrip("/").partition("/")
        if head in self.languages and (sep or not rest):
            environ[ENVIRON_KEY] = head
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + "/" + head
            environ["PATH_INFO"] = "/" + rest
        return self.wsgi_app(environ, start_response)


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
