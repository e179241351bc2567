"""The outbox worker with its database really gone (PostgreSQL's port closed, SQLite's folder
moved away) and back: one log line when it stops answering, none while it stays down however
often the worker tries, one when it is back; then the mail goes out (issue 19)."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import pytest
from sqlalchemy import delete, event
from sqlalchemy.engine import make_url

from tests.conftest import make_app
from tests.support.tcp import SwitchablePort
from tests.unit.mail.test_worker import queue_messages
from undersigned.extensions import db
from undersigned.mail import worker
from undersigned.mail.models import OutboxMessage

#: Enough failed tries to show the log stays quiet while the worker keeps trying.
TRIES_WHILE_DOWN = 5


@contextmanager
def connection_attempts(app) -> Iterator[list[float]]:
    """When ``app`` tried to open a database connection, while inside."""
    attempts: list[float] = []

    def note(*_args) -> None:
        attempts.append(time.monotonic())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "do_connect", note)
    try:
        yield attempts
    finally:
        event.remove(engine, "do_connect", note)


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture(params=["sqlite", "postgresql"])
def outage(request, tmp_path, monkeypatch):
    """``(app, down, up)``: an app with one message queued, and how to take its database away
    and bring it back."""
    settings = {"OUTBOX_POLL_SECONDS": 0.02}
    if request.param == "sqlite":
        folder = tmp_path / "database"
        folder.mkdir()
        app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'undersigned.sqlite3'}",
                       **settings)
        away = tmp_path / "unmounted"

        def down() -> None:  # the disk is unmounted: the file cannot be opened
            folder.rename(away)
            _dispose(app)

        def up() -> None:
            away.rename(folder)
    else:
        url = make_url(request.getfixturevalue("postgres_url"))
        server = SwitchablePort(url.host or "127.0.0.1", url.port or 5432)
        server.up()
        app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=url.set(host="127.0.0.1", port=server.port)
                       .render_as_string(hide_password=False), **settings)
        down, up = server.down, server.up  # the server stops: connections refused, open ones cut
        request.addfinalizer(lambda: (_dispose(app), server.down()))
    with app.app_context():  # the session's shared database may hold another test's mail
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
    queue_messages(app, 1)
    _dispose(app)
    return app, down, up


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_database_down_is_one_log_line_until_it_is_back(outage, tmp_path, caplog):
    app, down, up = outage
    caplog.set_level(logging.INFO)
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(app, stop), daemon=True)
    try:
        with connection_attempts(app) as attempts:
            down()
            running.start()
            wait_until(lambda: len(attempts) >= TRIES_WHILE_DOWN)
        while_down = list(caplog.records)
        assert [record.levelname for record in while_down] == ["ERROR"]
        assert while_down[0].getMessage().startswith("outbox worker: the database cannot be used (")
        assert while_down[0].exc_info is None and len(while_down[0].getMessage()) < 400

        up()
        wait_until(lambda: list((tmp_path / "mailbox").glob("*.eml")) != [])
    finally:
        stop.set()
        running.join(timeout=30)
    back = [r for r in caplog.records if r not in while_down and r.name == worker.__name__]
    assert [r.getMessage().split(" after ")[0] for r in back] == ["outbox worker: the database answers again"]
    assert all(record.exc_info is None for record in caplog.records)
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1
