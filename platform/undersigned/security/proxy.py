"""Behind a reverse proxy: trust its ``X-Forwarded-*`` headers, as many hops as configured.

``PROXY_FIX_X_FOR`` (and ``_X_PROTO``, ``_X_HOST``, ``_X_PORT``, ``_X_PREFIX``) say how many
proxies set each header; all 0 (the default) trusts none, since a client could forge them. The
middleware wraps the app outermost, outside the language prefix middleware, so a proxy's
``X-Forwarded-Prefix`` comes first in the script root and ``/ru/...`` is found after it.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

SETTINGS = {"x_for": "PROXY_FIX_X_FOR", "x_proto": "PROXY_FIX_X_PROTO", "x_host": "PROXY_FIX_X_HOST",
            "x_port": "PROXY_FIX_X_PORT", "x_prefix": "PROXY_FIX_X_PREFIX"}


def configure_proxy(app: Flask) -> None:
    """Call after every other middleware is in place (it must be the outermost)."""
    hops = {arg: int(app.config.get(setting) or 0) for arg, setting in SETTINGS.items()}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)
