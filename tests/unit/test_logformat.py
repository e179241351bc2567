"""``LOG_FORMAT=json``: one JSON object a line, still without a signer's token."""
from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import make_app
from undersigned.logformat import JsonFormatter, formatter
from undersigned.security.logs import RedactTokens


def test_a_record_becomes_one_json_line_with_its_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("undersigned.mail", logging.ERROR, __file__, 1, "sent %d of %d", (3, 4),
                                   exc_info=__import__("sys").exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "undersigned.mail"
    assert entry["message"] == "sent 3 of 4" and "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_redaction_runs_before_the_json_is_written():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"GET %s HTTP/1.1" 200',
                               ("/c/belarus_state_dept/confirm/secret-token-123",), None)
    RedactTokens().filter(record)
    assert "secret-token-123" not in JsonFormatter().format(record)


def test_an_unknown_format_stops_the_app(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="LOG_FORMAT must be one of text, json"):
        make_app(tmp_path, monkeypatch, LOG_FORMAT="xml")
    assert isinstance(formatter("json"), JsonFormatter)
