"""Fixtures: ``app``, ``client``, ``runner`` (Flask's tutorial style), a real SMTP server, and
apps on each database backend (PostgreSQL when ``UNDERSIGNED_TEST_POSTGRES_URL`` is set).

``app`` is shared: one app per distinct ``@pytest.mark.config``, built once per test process and
put back as it was after each test, its database emptied before each (tests/support/shared_apps.py).
``@pytest.mark.own_app`` builds one for the test alone, as a test that adds a route needs (Flask
refuses new routes once an app has served a request); ``make_app`` builds a new one anywhere.

With ``UNDERSIGNED_TEST_BACKEND=postgresql`` every app the tests make (unless a test names its own
database) runs on one PostgreSQL database made for the test process (each xdist worker has its
own), emptied before each test's first app, instead of a SQLite file."""
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

from tests.support.databases import empty_database
from tests.support.shared_apps import SharedApps
from undersigned import create_app
from undersigned.extensions import db

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "UNDERSIGNED_TEST_POSTGRES_URL"
BACKEND_ENV = "UNDERSIGNED_TEST_BACKEND"
ON_POSTGRES = os.environ.get(BACKEND_ENV, "sqlite") == "postgresql"
REQUIRE_SERVICES = os.environ.get("UNDERSIGNED_REQUIRE_SERVICES") == "1"
#: ``.ci/run`` runs the whole suite once per backend: a test tied to one database (a
#: ``"sqlite"``/``"postgresql"`` parameter, or PostgreSQL asked for by name) then runs in that
#: database's pass only, not once in each.
SPLIT_BY_BACKEND = os.environ.get("UNDERSIGNED_TEST_SPLIT_BY_BACKEND") == "1"
BACKENDS = ("sqlite", "postgresql")
#: This test process: ``gw0``, ``gw1``... under pytest-xdist.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With :data:`SPLIT_BY_BACKEND`, deselect the tests tied to the other pass's database."""
    if not SPLIT_BY_BACKEND:
        return
    this_pass = "postgresql" if ON_POSTGRES else "sqlite"
    other_pass = [item for item in items if _tied_to(item) not in (None, this_pass)]
    if other_pass:
        config.hook.pytest_deselected(items=other_pass)
        items[:] = [item for item in items if item not in other_pass]


def _tied_to(item: pytest.Item) -> str | None:
    """The database ``item`` runs on whatever the pass, if one."""
    params = getattr(item, "callspec", None)
    named = [value for value in (params.params.values() if params else ()) if value in BACKENDS]
    if named:
        return named[0]
    return "postgresql" if "postgres_url" in getattr(item, "fixturenames", ()) else None


def service_missing(reason: str):
    """Skip with ``reason``; in CI (``UNDERSIGNED_REQUIRE_SERVICES=1``) fail instead."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (CI requires this service)")
    pytest.skip(reason)


def marked_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings a test asks for with ``@pytest.mark.config(NAME=value)``."""
    marker = request.node.get_closest_marker("config")
    return dict(marker.kwargs) if marker else {}


class _Session:
    """The test process's PostgreSQL database, once a test has asked for it: its URL, whether
    this test has emptied it yet, and the apps this test built on it (let go of after it)."""

    url: str | None = None
    emptied = False
    apps: list = []


def sqlite_file(tmp_path: Path) -> Path:
    """Where the apps of a test keep their SQLite database (all of them the same one)."""
    return tmp_path / "test.sqlite3"


def default_database(tmp_path: Path) -> str:
    """This test's database: a SQLite file in ``tmp_path``, or the session's PostgreSQL one."""
    if ON_POSTGRES and _Session.url:
        return _Session.url
    return f"sqlite:///{sqlite_file(tmp_path)}"


def _first_on_session_database(app) -> None:
    """Empty the session's database if this is the test's first app on it."""
    if not _Session.emptied:
        empty_database(app)
        _Session.emptied = True


def build_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any):
    """A new app for the tests: data under ``tmp_path``, settings ``overrides``, its schema made."""
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": default_database(tmp_path),
        "MAILBOX_FOLDER": str(tmp_path / "mailbox"),
        "CAMPAIGNS_FOLDER": str(REPO / "campaigns"),
        "COUNT_CACHE_SECONDS": 0,
        "PUBLIC_PAGE_SECONDS": 0,  # a test that keeps shared pages asks for it
        "SERVER_NAME": "undersigned.test",
        # passwords at a cheap cost; tests/unit/users/test_hashing.py checks the production one
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    app = create_app(config)
    if config["SQLALCHEMY_DATABASE_URI"] != _Session.url:
        with app.app_context():
            db.create_all()
    return app


def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any):
    """A new app of this test's own (the session's PostgreSQL database emptied if it is the
    test's first app there)."""
    app = build_app(tmp_path, monkeypatch, **overrides)
    if app.config["SQLALCHEMY_DATABASE_URI"] == _Session.url:
        _Session.apps.append(app)
        _first_on_session_database(app)
    return app


@pytest.fixture(scope="session", autouse=True)
def _postgres_session(request) -> None:
    """On ``UNDERSIGNED_TEST_BACKEND=postgresql``: the session's database, before any app."""
    if ON_POSTGRES:
        request.getfixturevalue("postgres_url")


@pytest.fixture(autouse=True)
def _session_database_after_test() -> Iterator[None]:
    """After each test: its apps' connections to the session's database closed, the next
    test's first app there to empty it."""
    yield
    for app in _Session.apps:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    _Session.apps.clear()
    _Session.emptied = False


@pytest.fixture(scope="session")
def shared_apps(tmp_path_factory) -> Iterator[SharedApps]:
    """The apps ``app`` lends in this test process, one per configuration."""
    apps = SharedApps(build_app, tmp_path_factory.mktemp("shared-apps"))
    yield apps
    apps.close()


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
def app(request, tmp_path, monkeypatch, shared_apps):
    """The app for this test's ``@pytest.mark.config``, its database empty, its mail in
    ``tmp_path/mailbox``."""
    settings = marked_config(request)
    if request.node.get_closest_marker("own_app"):
        yield make_app(tmp_path, monkeypatch, **settings)
        return
    app = shared_apps.borrow(settings)
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app.config["MAILBOX_FOLDER"] = str(tmp_path / "mailbox")
    if app.config["SQLALCHEMY_DATABASE_URI"] == _Session.url:
        _first_on_session_database(app)
    elif not shared_apps.use_copy_at(settings, sqlite_file(tmp_path)):
        empty_database(app)
    yield app
    # the default app keeps its connections; the others close theirs (PostgreSQL's 100 would not
    # hold an idle pool for each configuration in each worker)
    shared_apps.give_back(settings, keep_connections=not settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test process, dropped at the end."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        service_missing(f"PostgreSQL tests need {POSTGRES_ENV} (e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres); .ci/run sets it")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"undersigned_test_{WORKER}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        service_missing(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc.orig}")
    _Session.url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield _Session.url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_app(request, tmp_path, monkeypatch):
    """A new app on each database backend the platform supports."""
    overrides = marked_config(request)
    if request.param == "postgresql":
        overrides["SQLALCHEMY_DATABASE_URI"] = request.getfixturevalue("postgres_url")
    else:  # SQLite even when the suite runs on PostgreSQL
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_file(tmp_path)}"
    return make_app(tmp_path, monkeypatch, **overrides)


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
