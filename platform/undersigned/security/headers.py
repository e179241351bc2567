"""Security headers on every response, with a per-request CSP nonce for scripts.

The policy allows scripts from this site and inline scripts carrying the request's nonce only (a
shared page, :mod:`undersigned.security.public_pages`, has no nonce: its scripts are this site's);
no page may be framed, except one whose view calls :func:`allow_framing_by` (a campaign's
widget, by the sites its organizers named); console pages are never stored. A part of the app
that needs more sources (a hosted captcha's origins) adds them with :func:`add_csp_sources`.
"""
from __future__ import annotations

import logging
import secrets
from typing import Callable, Mapping

from flask import Flask, Response, g, request
from markupsafe import Markup

log = logging.getLogger(__name__)

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "media-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "frame-src": ("'none'",),
    "worker-src": ("'self'",),
    "frame-ancestors": ("'none'",),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
    "object-src": ("'none'",),
}
HSTS = "max-age=31536000; includeSubDomains"
EXTENSION = "undersigned.csp_sources"
Sources = Mapping[str, tuple[str, ...]]
#: Paths whose every response is private: never stored by a browser or a proxy.
PRIVATE_PREFIXES = ("/console",)


def csp_nonce() -> str:
    """This response's nonce; none (``""``) on a page every first-time reader shares."""
    if g.get("public_page"):
        return ""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str, extra: Mapping[str, tuple[str, ...]] = {}) -> str:
    """The policy for one response: the base, the nonce, and ``extra`` sources by directive."""
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    if nonce:
        policy["script-src"].append(f"'nonce-{nonce}'")
    for name, sources in extra.items():
        current = [s for s in policy.setdefault(name, []) if s != "'none'"]
        policy[name] = current + [s for s in sources if s not in current]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def nonce_attribute() -> Markup:
    """`` nonce="..."`` for a script tag, or nothing on a shared page."""
    nonce = csp_nonce()
    return Markup(' nonce="%s"') % nonce if nonce else Markup("")


def allow_framing_by(origins: tuple[str, ...]) -> None:
    """Let ``origins`` frame this response (CSP ``frame-ancestors``, no ``X-Frame-Options``);
    with none, no site may, as on every other page."""
    g.frame_ancestors = tuple(origins)


def add_csp_sources(app: Flask, sources: Callable[[], Sources]) -> None:
    """Add what ``sources()`` returns (sources by directive) to every page's policy."""
    app.extensions.setdefault(EXTENSION, []).append(sources)


def _extra_sources(app: Flask) -> dict[str, tuple[str, ...]]:
    extra: dict[str, tuple[str, ...]] = {}
    for sources in app.extensions.get(EXTENSION, ()):
        try:
            for name, values in sources().items():
                extra[name] = extra.get(name, ()) + tuple(values)
        except Exception:  # headers must never fail a response
            log.exception("extra CSP sources unavailable")
    return extra


def configure_headers(app: Flask) -> None:
    app.jinja_env.globals.update(csp_nonce=csp_nonce, nonce_attribute=nonce_attribute)

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        extra = _extra_sources(app)
        ancestors = g.get("frame_ancestors")
        if ancestors:
            extra["frame-ancestors"] = ancestors
        headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce(), extra))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not ancestors:
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if request.path.startswith(PRIVATE_PREFIXES):
            headers["Cache-Control"] = "no-store"
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
