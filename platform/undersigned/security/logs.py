"""Signers' tokens never reach a log: the ones the app writes, the dev server's, gunicorn's.

A confirmation or thank-you link is a key to someone's signature, and it travels in the path
(``/c/<slug>/confirm/<token>``). Every log line the project configures is passed through
:func:`redact`, which drops the segment after ``/c/<slug>/<word>/``, ``/unsubscribe/`` and
``/console/invite/``, anything shaped like a
signed token, and query strings. For gunicorn, use the logger class::

    gunicorn --logger-class undersigned.security.logs.GunicornLogger 'undersigned:create_app()'
"""
from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger as _GunicornLogger

from undersigned.logformat import JSON, environment_format, use_format

REDACTED = "[redacted]"
_STOP = r"[^/\s?#\"']"
#: ``/c/<slug>/<word>/<token>``: the fourth segment of a campaign path is a signer's token.
TOKEN_SEGMENT = re.compile(rf"(/c/{_STOP}+/{_STOP}+/){_STOP}+")
#: ``/unsubscribe/<token>`` and ``/console/invite/<token>``: links e-mailed outside a campaign path.
TOKEN_PATH = re.compile(rf"(/(?:unsubscribe|console/invite)/){_STOP}+")
#: An itsdangerous token anywhere (``payload.timestamp.signature``).
SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}")
#: A query string after a path (``/c/x?ref=...``).
QUERY = re.compile(r"(?<=[\w/.%-])\?[^\s\"'#]+")
#: Loggers the project writes to or configures (the dev server's is ``werkzeug``).
LOGGERS = ("undersigned", "werkzeug", "gunicorn.error", "gunicorn.access")


def redact(text: str) -> str:
    """``text`` without tokens in paths, signed tokens, or query strings."""
    text = TOKEN_SEGMENT.sub(rf"\g<1>{REDACTED}", text)
    text = TOKEN_PATH.sub(rf"\g<1>{REDACTED}", text)
    text = SIGNED_TOKEN.sub(REDACTED, text)
    return QUERY.sub(f"?{REDACTED}", text)


class RedactTokens(logging.Filter):
    """A filter that rewrites each record's message through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def _add_filter(target: logging.Logger | logging.Handler) -> None:
    if not any(isinstance(f, RedactTokens) for f in target.filters):
        target.addFilter(RedactTokens())


def configure_log_redaction(app: Flask) -> None:
    """Filter the project's loggers, and the handlers every other logger reaches (root's and
    the app's), so a module's own logger is covered too."""
    for name in LOGGERS + (app.logger.name,):
        _add_filter(logging.getLogger(name))
    for handler in logging.getLogger().handlers + app.logger.handlers:
        _add_filter(handler)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with every access-log atom and error-log line redacted (``%(q)s``,
    the bare query string, is dropped entirely)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        _add_filter(self.error_log)
        _add_filter(self.access_log)
        if environment_format() == JSON:  # FLASK_LOG_FORMAT=json: gunicorn's lines as JSON too
            use_format(self.error_log.handlers + self.access_log.handlers, JSON)

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        if atoms.get("q"):
            atoms["q"] = REDACTED
        return atoms
