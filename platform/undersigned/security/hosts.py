"""The platform's public address: every e-mailed or shared link is built on ``PUBLIC_URL``,
never on the request's ``Host`` header, and in production no other host is served.

Without this, anyone could send a request with a forged ``Host`` and have the platform mail a
real, signed confirmation link pointing at a server of their choosing.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, render_template, request, url_for
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError

from undersigned.security import keyless
from undersigned.urls import ENVIRON_KEY


def configure_hosts(app: Flask) -> None:
    """Check ``PUBLIC_URL`` (required in production) and serve only its host (plus any
    ``TRUSTED_HOSTS``); a request for another host gets the friendly 400 page."""
    public = app.config.get("PUBLIC_URL")
    if not public:
        if app.debug or app.testing:
            return  # development: links follow the dev server's own address
        message = ("PUBLIC_URL is not set. In production set FLASK_PUBLIC_URL to the address "
                   "supporters use, for example https://sign.example.org (links in e-mails are "
                   "built on it).")
        if not keyless.loading_for_a_command():
            raise RuntimeError(message)
        keyless.defer_to_command(app, message)
        return
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(f"PUBLIC_URL must look like https://sign.example.org[/path], not {public!r}")
    app.config["PUBLIC_URL"] = public.rstrip("/")
    trusted = list(app.config.get("TRUSTED_HOSTS") or [])
    if parts.hostname not in trusted:
        trusted.append(parts.hostname)
    app.config["TRUSTED_HOSTS"] = trusted

    @app.errorhandler(SecurityError)
    def other_host(error: SecurityError):
        # Flask refused the Host before it could build links; the page's links use PUBLIC_URL
        request_ctx.url_adapter = _adapter(app.config["PUBLIC_URL"], "")
        return render_template("errors/http.html", error=error), 400


def public_url(endpoint: str, *, _language: str | None = None, **values: Any) -> str:
    """The absolute address of ``endpoint`` on ``PUBLIC_URL``, in the request's language prefix
    (in ``_language``'s if given: none for the default language, ``/ru`` for Russian).

    Without ``PUBLIC_URL`` (debugging and tests only) the request's own address is used.
    """
    public = current_app.config.get("PUBLIC_URL")
    in_request = has_request_context()
    language = request.environ.get(ENVIRON_KEY) if in_request else None
    if _language is not None:
        language = None if _language == current_app.config["BABEL_DEFAULT_LOCALE"] else _language
    if not public:
        if _language is None or not in_request:
            return url_for(endpoint, _external=True, **values)
        public = request.host_url.rstrip("/") + _script_root_without_language()
    current_app.inject_url_defaults(endpoint, values)
    return _adapter(public, f"/{language}" if language else "").build(endpoint, values, force_external=True)


def _script_root_without_language() -> str:
    root = request.environ.get("SCRIPT_NAME", "").rstrip("/")
    prefix = request.environ.get(ENVIRON_KEY)
    return root[: -len(prefix) - 1] if prefix else root


def _adapter(public: str, language_root: str):
    """URLs bound to ``public`` (scheme, host and path), under ``language_root`` (``/ru``)."""
    parts = urlsplit(public)
    root = parts.path.rstrip("/") + language_root
    return current_app.url_map.bind(parts.netloc, script_name=root or "/", url_scheme=parts.scheme)
