"""Structured logs: with ``LOG_FORMAT=json`` every line the app (and gunicorn, through
:class:`undersigned.security.logs.GunicornLogger`) writes is one JSON object, for a log
collector to index. The redaction filters still run first, so a JSON line holds no token either."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os

TEXT, JSON = "text", "json"
FORMATS = (TEXT, JSON)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "process"}`` and, for an error, ``"exception"``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "process": record.process}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter for ``LOG_FORMAT`` (``text`` or ``json``)."""
    if log_format not in FORMATS:
        raise RuntimeError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    return JsonFormatter() if log_format == JSON else logging.Formatter(TEXT_FORMAT)


def environment_format() -> str:
    """``LOG_FORMAT`` as gunicorn's master sees it, before any app exists (``FLASK_LOG_FORMAT``)."""
    return os.environ.get("FLASK_LOG_FORMAT", TEXT).strip('"')


def use_format(handlers: list[logging.Handler], log_format: str) -> None:
    """Give each handler the ``log_format`` formatter."""
    chosen = formatter(log_format)
    for handler in handlers:
        handler.setFormatter(chosen)
