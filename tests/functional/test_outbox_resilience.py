"""The outbox under trouble, with a real SMTP server: the server down while signatures arrive,
two `flask outbox work` processes on PostgreSQL, a worker killed mid-batch, a worker stopped."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from tests.conftest import REPO, free_port, make_app
from tests.support.production import STRONG_SECRET_KEY
from tests.support.signing import sign
from tests.support.smtp import CollectingHandler
from undersigned.extensions import db
from undersigned.mail import worker
from undersigned.mail.models import OutboxMessage
from undersigned.mail.outbox import enqueue


class SlowHandler(CollectingHandler):
    """Takes ``delay`` seconds over each message, so a batch is still in hand when we strike."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def start_smtp(handler: CollectingHandler, port: int | None = None) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    handler.port = controller.port
    return controller


def message_ids(handler: CollectingHandler) -> Counter:
    return Counter(message["Message-ID"] for message in handler.messages)


def wait_for(condition, seconds: float = 300) -> None:
    """Until ``condition()``; a machine busy with other work may take minutes (two workers sent
    1,000 messages in 15 s on a quiet one, and not in 60 s on one loaded 8 times over)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds:.0f} s"
        time.sleep(0.05)


def test_smtp_down_while_200_signatures_arrive_then_up_delivers_each_once(tmp_path, monkeypatch):
    port = free_port()  # nobody listens yet
    app = make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER="test", RATELIMIT_ENABLED=False,
                   MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                   OUTBOX_BACKOFF_SECONDS=0.01, OUTBOX_MAX_ATTEMPTS=100)
    client = app.test_client()
    for n in range(200):
        response = sign(client, app, "belarus_state_dept", captcha="test-answer", first_name="Jane",
                        last_name="Doe", email=f"signer{n}@example.org", country="US", us_state="OR")
        assert response.status_code == 302
        if n % 50 == 49:
            with app.app_context():
                assert worker.deliver_due(app, batch_size=200) == 0  # the server is down
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboxMessage.attempts > 0)) == 200

    handler = CollectingHandler()
    controller = start_smtp(handler, port)
    try:
        with app.app_context():
            wait_for(lambda: worker.deliver_due(app, batch_size=100) == 0 and
                     db.session.scalar(select(func.count()).where(OutboxMessage.status != "sent")) == 0)
    finally:
        controller.stop()
    assert len(handler.messages) == 200
    assert set(message_ids(handler).values()) == {1}
    assert {message["To"] for message in handler.messages} == {f"signer{n}@example.org" for n in range(200)}


class Worker:
    """``flask outbox work`` in its own process, sending to ``smtp_port``."""

    def __init__(self, tmp_path, database: str, smtp_port: int, **settings) -> None:
        env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL="https://sign.example.org",
                   FLASK_INSTANCE_PATH=str(tmp_path / "instance"), FLASK_SQLALCHEMY_DATABASE_URI=database,
                   FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"), FLASK_MAIL_TRANSPORT="smtp",
                   FLASK_MAIL_SERVER="127.0.0.1", FLASK_MAIL_PORT=str(smtp_port),
                   FLASK_OUTBOX_POLL_SECONDS="0.1")
        env.update({f"FLASK_{name}": str(value) for name, value in settings.items()})
        env.pop("FLASK_DEBUG", None)
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "undersigned", "outbox", "work"],
                                        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=20)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()


@pytest.fixture
def pg_app(tmp_path, monkeypatch, postgres_url):
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=postgres_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def queue(app, count: int) -> None:
    with app.test_request_context():
        for n in range(count):
            enqueue(kind="confirm", to=f"reader{n}@example.org", subject=f"Message {n}",
                    template="emails/letter", language="en", letter=f"body {n}")
        db.session.commit()


def count(app, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))


def test_two_workers_on_postgresql_send_1000_messages_each_exactly_once(pg_app, tmp_path, postgres_url):
    queue(pg_app, 1000)
    handler = CollectingHandler()
    controller = start_smtp(handler)
    workers = [Worker(tmp_path, postgres_url, handler.port, OUTBOX_BATCH_SIZE=20) for _ in range(2)]
    try:
        wait_for(lambda: count(pg_app, OutboxMessage.status == "sent") == 1000)
    finally:
        codes = [each.stop() for each in workers]
        controller.stop()
    assert codes == [0, 0]
    assert len(handler.messages) == 1000
    assert set(message_ids(handler).values()) == {1}
    assert len(handler.peers) >= 2  # both workers sent


def test_a_worker_killed_mid_batch_loses_nothing_another_delivers_its_messages(pg_app, tmp_path, postgres_url):
    queue(pg_app, 60)
    handler = SlowHandler(delay=0.5)  # 30 s for the batch: still in hand at the kill, however busy the machine
    controller = start_smtp(handler)
    try:
        first = Worker(tmp_path, postgres_url, handler.port, OUTBOX_BATCH_SIZE=60, OUTBOX_LEASE_SECONDS=2)
        wait_for(lambda: len(handler.messages) >= 5)
        first.stop(signal.SIGKILL)
        assert count(pg_app, OutboxMessage.lock_token.is_not(None)) > 0  # it died holding its batch
        handler.delay = 0.05
        second = Worker(tmp_path, postgres_url, handler.port, OUTBOX_LEASE_SECONDS=2)
        wait_for(lambda: count(pg_app, OutboxMessage.status == "sent") == 60)
        assert second.stop() == 0
    finally:
        controller.stop()
    received = message_ids(handler)
    assert len(received) == 60  # every message arrived
    # at most the one in flight when the worker died arrives twice, with the same Message-ID
    assert sum(received.values()) - 60 <= 1


def test_sigterm_finishes_the_message_in_hand_and_leaves_no_lease(pg_app, tmp_path, postgres_url):
    queue(pg_app, 40)
    handler = SlowHandler(delay=0.5)  # 20 s for the batch: still in hand at the SIGTERM, however busy the machine
    controller = start_smtp(handler)
    try:
        working = Worker(tmp_path, postgres_url, handler.port, OUTBOX_BATCH_SIZE=40)
        wait_for(lambda: len(handler.messages) >= 5)
        assert working.stop(signal.SIGTERM) == 0
    finally:
        controller.stop()
    assert count(pg_app, OutboxMessage.lock_token.is_not(None)) == 0
    assert count(pg_app, OutboxMessage.locked_until.is_not(None)) == 0
    assert count(pg_app, OutboxMessage.status == "sent") == len(handler.messages) < 40  # stopped early
    assert count(pg_app, OutboxMessage.status == "queued", OutboxMessage.attempts == 0) == 40 - len(handler.messages)
