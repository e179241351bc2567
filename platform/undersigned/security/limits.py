"""Rate limits (Flask-Limiter), one limiter per app so tests and apps never share counts.

Storage is ``RATELIMIT_STORAGE_URI``: memory by default, Redis in production so limits hold
across workers and hosts.
"""
from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

EXTENSION = "undersigned.limiter"


def configure_limits(app: Flask) -> None:
    limiter = Limiter(get_remote_address, app=app, key_prefix="undersigned")
    app.extensions[EXTENSION] = limiter

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error: RateLimitExceeded):
        return render_template("errors/429.html"), 429


def current_limiter() -> Limiter:
    return current_app.extensions[EXTENSION]


def limit(setting: str, key: str | None = None):
    """A context manager enforcing the limits named by config ``setting`` (``RATELIMIT_SIGN``...).

    With ``key`` the limit counts per that key (e.g. an e-mail's hash) instead of per IP.
    """
    key_func = (lambda: key) if key else get_remote_address
    return current_limiter().limit(current_app.config[setting], key_func=key_func,
                                   scope=f"{setting}:{'key' if key else 'ip'}")
