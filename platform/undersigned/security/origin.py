"""Cross-site request protection without a per-reader token, by the rules of Go's
``net/http.CrossOriginProtection`` (Filippo Valsorda's "CSRF" write-up, 2025), for forms on pages
every reader shares (the sign form).

Browsers say where a request comes from: every browser since 2023 sends ``Sec-Fetch-Site``, and
they sent ``Origin`` on every cross-origin POST for years before. So:

- a safe method (GET, HEAD, OPTIONS) is always allowed;
- with ``Sec-Fetch-Site``: ``same-origin`` or ``none`` (typed, bookmarked) is allowed, anything
  else (``cross-site``, and ``same-site``: a sibling subdomain is another origin) is refused;
- without it, with ``Origin``: allowed only if its host is this platform's (``PUBLIC_URL``'s, or
  the request's own ``Host``, which :mod:`undersigned.security.hosts` has checked);
- with neither header: allowed. That request is not from a browser (curl, a script: it carries
  no victim's cookies, so there is nothing to forge) or from a browser old enough to send
  neither on a same-origin POST; a cross-origin POST from any browser with ``fetch`` or forms
  worth attacking carries ``Origin``.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME = frozenset({"same-origin", "none"})


def cross_origin() -> bool:
    """Whether this request came from another site and must be refused."""
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in SAME
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc not in _own_hosts()


def _own_hosts() -> set[str]:
    hosts = {request.host}
    public = current_app.config.get("PUBLIC_URL")
    if public:
        hosts.add(urlsplit(public).netloc)
    return hosts
