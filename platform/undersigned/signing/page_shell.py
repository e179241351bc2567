"""The campaign page as a first-time reader gets it (a GET with no query and no notice waiting),
rendered once per campaign, address, language and day with holes where each request puts its
own: the CSP nonce, the CSRF token, the captcha and the count.

A hole is a marker no reader can type (it carries a secret made when the process starts), cut
out of the rendered page once; filling it is a join.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import request, session

#: What differs per request.
HOLES = ("nonce", "csrf", "captcha", "progress")
_SECRET = secrets.token_hex(12)
_HOLE = re.compile(rf"undersigned-hole-({'|'.join(HOLES)})-{_SECRET}")


def mark(hole: str) -> str:
    """The marker standing for ``hole`` in the rendered shell."""
    return f"undersigned-hole-{hole}-{_SECRET}"


@dataclass(frozen=True)
class Shell:
    """A page cut at its holes: text, hole name, text, ..., text."""

    parts: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> Shell:
        return cls(tuple(_HOLE.split(html)))

    def fill(self, **values: str) -> str:
        """The page with each hole given its value (already escaped where HTML needs it)."""
        return "".join(values[part] if index % 2 else part for index, part in enumerate(self.parts))


def shell_fits() -> bool:
    """Whether this request gets the shared page: a plain GET, with no query (``?ref=`` shapes
    the links) and no notice waiting to be shown."""
    return request.method == "GET" and not request.query_string and "_flashes" not in session
