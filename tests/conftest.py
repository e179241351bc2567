"""Fixtures: ``app``, ``client``, ``runner`` (Flask's tutorial style), a real SMTP server, and
apps on each database backend (PostgreSQL when ``UNDERSIGNED_TEST_POSTGRES_URL`` is set).

With ``UNDERSIGNED_TEST_BACKEND=postgresql`` every app the tests make (unless a test names its own
database) runs on one PostgreSQL database made for the session, emptied before each test."""
from __future__ import annotations

import logging
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
BACKEND_ENV = "UNDERSIGNED_TEST_BACKEND"
ON_POSTGRES = os.environ.get(BACKEND_ENV, "sqlite") == "postgresql"
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


class _Shared:
    """The session's PostgreSQL database (``UNDERSIGNED_TEST_BACKEND=postgresql``): its URL,
    whether this test has emptied it yet, and the apps to let go of after the test."""

    url: str | None = None
    emptied = False
    apps: list = []


def default_database(tmp_path: Path) -> str:
    """This test's database: a SQLite file in ``tmp_path``, or the shared PostgreSQL one."""
    if ON_POSTGRES and _Shared.url:
        return _Shared.url
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _empty(app) -> None:
    """Every table of the shared database emptied, once per test, before its first app."""
    with db.engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
        tables = conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
        names = ", ".join(f'"{name}"' for name in tables)
        if names:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    _Shared.emptied = True


def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": default_database(tmp_path),
        "MAILBOX_FOLDER": str(tmp_path / "mailbox"),
        "CAMPAIGNS_FOLDER": str(REPO / "campaigns"),
        "COUNT_CACHE_SECONDS": 0,
        "SERVER_NAME": "undersigned.test",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        shared = config["SQLALCHEMY_DATABASE_URI"] == _Shared.url
        if shared and not _Shared.emptied:
            _empty(app)
        db.create_all()
    if shared:
        _Shared.apps.append(app)
    return app


@pytest.fixture(scope="session", autouse=True)
def _postgres_session(request) -> None:
    """On ``UNDERSIGNED_TEST_BACKEND=postgresql``: the session's database, before any app."""
    if ON_POSTGRES:
        _Shared.url = request.getfixturevalue("postgres_url")


@pytest.fixture(autouse=True)
def _shared_postgres() -> Iterator[None]:
    """After each test: its connections to the shared database closed, the next test's first
    app to empty it."""
    yield
    for app in _Shared.apps:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    _Shared.apps.clear()
    _Shared.emptied = False


@pytest.fixture(autouse=True)
def _root_log_handlers() -> Iterator[None]:
    """A production app built in a test (a command run as an operator would) configures the root
    logger on that moment's stderr, which the CLI runner closes: such handlers go with the test."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)


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
    else:  # SQLite even when the suite runs on PostgreSQL
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'test.sqlite3'}"
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


def use_smtp(app, smtp, **settings: Any) -> None:
    """Send ``app``'s mail through Flask-Mail to ``smtp`` on localhost (a server from
    ``smtp_server``, or a port), with any other ``MAIL_*`` ``settings``."""
    from undersigned.mail.smtp import mail

    port = smtp if isinstance(smtp, int) else smtp.port
    app.config.update(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, **settings)
    mail.init_app(app)  # Flask-Mail reads its settings here, once
