"""Fixtures: ``app``, ``client``, ``runner`` (Flask's tutorial style), a real SMTP server, and
apps on each database backend (PostgreSQL when ``UNDERSIGNED_TEST_POSTGRES_URL`` is set)."""
from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from undersigned import create_app
from undersigned.extensions import db

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "UNDERSIGNED_TEST_POSTGRES_URL"
REQUIRE_SERVICES = os.environ.get("UNDERSIGNED_REQUIRE_SERVICES") == "1"


def service_missing(reason: str):
    """Skip with ``reason``; in CI (``UNDERSIGNED_REQUIRE_SERVICES=1``) fail instead."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (CI requires this service)")
    pytest.skip(reason)


def marked_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings a test asks for with ``@pytest.mark.config(NAME=value)``."""
    marker = request.node.get_closest_marker("config")
    return dict(marker.kwargs) if marker else {}


def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "MAILBOX_FOLDER": str(tmp_path / "mailbox"),
        "CAMPAIGNS_FOLDER": str(REPO / "campaigns"),
        "COUNT_CACHE_SECONDS": 0,
        "SERVER_NAME": "undersigned.test",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def app(request, tmp_path, monkeypatch):
    return make_app(tmp_path, monkeypatch, **marked_config(request))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        service_missing(f"PostgreSQL tests need {POSTGRES_ENV} (e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres); .ci/run sets it")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"undersigned_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        service_missing(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc.orig}")
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_app(request, tmp_path, monkeypatch):
    """The app on each database backend the platform supports."""
    overrides = marked_config(request)
    if request.param == "postgresql":
        overrides["SQLALCHEMY_DATABASE_URI"] = request.getfixturevalue("postgres_url")
    app = make_app(tmp_path, monkeypatch, **overrides)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on localhost; ``.messages`` holds what it received."""
    from aiosmtpd.controller import Controller

    from tests.support.smtp import CollectingHandler

    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def use_smtp(app, smtp) -> None:
    app.config.update(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    state = app.extensions["mail"]
    state.server, state.port = "127.0.0.1", smtp.port
