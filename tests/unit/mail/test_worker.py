"""The outbox worker (mail.worker): nothing is lost when SMTP is down or a worker dies."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from tests.conftest import free_port, use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.contract import hookimpl, utcnow
from undersigned.extensions import db
from undersigned.mail import worker
from undersigned.mail.database_watch import DatabaseWatch
from undersigned.mail.models import OutboxMessage
from undersigned.mail.smtp import mail


def outbox(app) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        db.session.expunge(message)
        return message


def test_smtp_down_keeps_the_message_and_retries_with_backoff(app, client, smtp_server):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    use_smtp(app, free_port())  # nobody listens

    with app.app_context():
        assert worker.deliver_due(app) == 0
    failed = outbox(app)
    assert failed.status == "queued" and failed.attempts == 1
    assert failed.last_error.startswith("ConnectionRefusedError")
    assert failed.next_attempt_at > utcnow() + dt.timedelta(seconds=20)
    with app.app_context():
        assert worker.deliver_due(app) == 0  # not due yet: backing off
        assert outbox(app).attempts == 1

    use_smtp(app, smtp_server)
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert worker.deliver_due(app) == 1
    assert outbox(app).status == "sent"
    assert len(smtp_server.messages) == 1


def test_gives_up_after_the_configured_attempts(app, client):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    use_smtp(app, free_port(), OUTBOX_MAX_ATTEMPTS=2)
    with app.app_context():
        for _ in range(2):
            db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()
            worker.deliver_due(app)
    assert outbox(app).status == "failed"


def test_a_dead_workers_claim_expires_and_another_worker_sends(app, client, smtp_server):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    use_smtp(app, smtp_server)
    with app.app_context():
        assert len(worker.claim(10)) == 1  # this worker "dies" here, holding the lease
        assert worker.deliver_due(app) == 0  # leased: nobody else takes it
        db.session.execute(update(OutboxMessage).values(locked_until=utcnow() - dt.timedelta(seconds=1)))
        db.session.commit()
        assert worker.deliver_due(app) == 1
    assert len(smtp_server.messages) == 1


def test_the_dev_servers_worker_thread_sends_without_being_asked(tmp_path, monkeypatch):
    from tests.conftest import make_app

    app = make_app(tmp_path, monkeypatch, OUTBOX_POLL_SECONDS=0.05)
    stop = worker.start_thread(app)
    try:
        sign(app.test_client(), app, "belarus_state_dept", **STATE_DEPT_SIGNER)
        deadline = time.monotonic() + 10
        while not list((tmp_path / "mailbox").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1


def queue_messages(app, count: int, **fields) -> None:
    from undersigned.mail.outbox import enqueue
    with app.test_request_context():
        for n in range(count):
            enqueue(kind="confirm", to=f"reader{n}@example.org", subject=f"Message {n}",
                    template="emails/letter", language="en", letter=f"body {n}", **fields)
        db.session.commit()


def make_due(app) -> None:
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()


def test_a_batch_goes_over_one_smtp_connection(app, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 5)
    with app.app_context():
        assert worker.deliver_due(app) == 5
    assert len(smtp_server.messages) == 5
    assert len(smtp_server.peers) == 1


def test_each_message_sent_is_dispatched_once_through_flask_mail(app, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 3)
    with app.app_context(), mail.record_messages() as dispatched:
        assert worker.deliver_due(app) == 3
    assert [message.subject for message in dispatched] == ["Message 0", "Message 1", "Message 2"]
    assert [message["Subject"] for message in smtp_server.messages] == ["Message 0", "Message 1", "Message 2"]


def test_suppress_send_sends_nothing_yet_dispatches_each_message(app):
    use_smtp(app, free_port(), MAIL_SUPPRESS_SEND=True)  # nobody listens: a connection would fail
    queue_messages(app, 2)
    with app.app_context(), mail.record_messages() as dispatched:
        assert worker.deliver_due(app) == 2
    assert [message.recipients for message in dispatched] == [["reader0@example.org"], ["reader1@example.org"]]


def test_a_temporary_refusal_is_retried_and_then_sent_once(app, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 1)
    smtp_server.answers.append("451 4.3.0 Mailbox busy for <reader0@example.org>, try later")
    with app.app_context(), mail.record_messages() as dispatched:
        assert worker.deliver_due(app) == 0
    assert dispatched == []  # refused: not dispatched
    waiting = outbox(app)
    assert waiting.status == "queued" and waiting.attempts == 1
    assert waiting.last_error == "451 4.3.0 Mailbox busy for <address>, try later"
    make_due(app)
    with app.app_context():
        assert worker.deliver_due(app) == 1
    assert outbox(app).status == "sent" and len(smtp_server.messages) == 1


def test_a_permanent_refusal_is_dead_after_one_attempt_and_can_be_requeued(app, runner, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 1)
    smtp_server.answers.append("550 5.1.1 <reader0@example.org>: Recipient address rejected")
    with app.app_context():
        assert worker.deliver_due(app) == 0
    dead = outbox(app)
    assert dead.status == "failed" and dead.attempts == 1
    assert dead.last_error == "550 5.1.1 <address>: Recipient address rejected"
    status = runner.invoke(args=["outbox", "status"]).output
    assert "dead    1" in status
    assert f"dead #{dead.id} confirm" in status and "550 5.1.1" in status
    assert "reader0@example.org" not in status

    assert "requeued 1" in runner.invoke(args=["outbox", "retry", str(dead.id)]).output
    assert "sent 1" in runner.invoke(args=["outbox", "work", "--once"]).output
    assert outbox(app).status == "sent" and len(smtp_server.messages) == 1


def test_a_server_that_never_answers_times_out_as_a_temporary_failure(app):
    import socket
    with socket.socket() as silent:  # accepts connections (backlog), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        use_smtp(app, silent.getsockname()[1], MAIL_TIMEOUT=0.3)
        queue_messages(app, 3)
        started = time.monotonic()
        with app.app_context():
            assert worker.deliver_due(app) == 0
        # one wait of MAIL_TIMEOUT, not a hang; smtplib reports the timeout as a disconnection
        assert time.monotonic() - started < 5
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert {(row.status, row.attempts, row.last_error) for row in rows} == {("queued", 1, "SMTPServerDisconnected")}
        assert all(row.lock_token is None for row in rows)


def test_a_server_that_stops_answering_mid_message_times_out_as_a_temporary_failure(app, smtp_server):
    import asyncio

    async def answer_too_late(server, session, envelope):
        await asyncio.sleep(30)  # were MAIL_TIMEOUT ignored, the message would be sent: a failure, not a hang
        return "250 Message accepted for delivery"

    smtp_server.handle_DATA = answer_too_late  # greets, takes the message, does not reply in time
    use_smtp(app, smtp_server, MAIL_TIMEOUT=0.3)
    queue_messages(app, 2)
    with app.app_context():
        assert worker.deliver_due(app) == 0
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert {(row.status, row.attempts, row.last_error) for row in rows} == {("queued", 1, "SMTPServerDisconnected")}


def test_backoff_doubles_with_jitter(app):
    first = [worker.backoff(app, 1).total_seconds() for _ in range(50)]
    third = [worker.backoff(app, 3).total_seconds() for _ in range(50)]
    assert all(22.5 <= delay <= 37.5 for delay in first) and len(set(first)) > 40
    assert all(90 <= delay <= 150 for delay in third)
    assert worker.backoff(app, 40) <= dt.timedelta(hours=6) * 1.25


def test_a_database_that_does_not_answer_is_tried_less_and_less_often_up_to_a_minute():
    watch = DatabaseWatch(2.0)
    refused = OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
    assert [watch.failed(refused) for _ in range(8)] == [2, 4, 8, 16, 32, 60, 60, 60]
    watch.answered()  # back: the next outage starts again from the poll interval
    assert watch.failed(refused) == 2


def test_a_stop_finishes_the_message_in_hand_and_releases_the_rest(app, smtp_server):
    import threading
    use_smtp(app, smtp_server)
    queue_messages(app, 4)
    stop = threading.Event()
    original = smtp_server.handle_DATA

    async def stop_after_first(server, session, envelope):
        stop.set()  # as SIGTERM would, while the first message is in hand
        return await original(server, session, envelope)

    smtp_server.handle_DATA = stop_after_first
    with app.app_context():
        assert worker.deliver_due(app, stop=stop) == 1
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [row.status for row in rows] == ["sent", "queued", "queued", "queued"]
        assert all(row.lock_token is None and row.locked_until is None for row in rows)
        assert all(row.attempts == 0 for row in rows[1:])


def test_a_message_withdrawn_while_its_batch_is_being_sent_is_not_sent(app, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 3)
    with app.app_context():
        engine = db.engine
    original = smtp_server.handle_DATA

    async def withdraw_the_second(server, session, envelope):
        with engine.begin() as connection:  # the signer withdraws while the first message is in hand
            connection.execute(delete(OutboxMessage).where(OutboxMessage.to_address == "reader1@example.org"))
        return await original(server, session, envelope)

    smtp_server.handle_DATA = withdraw_the_second
    with app.app_context():
        assert worker.deliver_due(app) == 2
        assert db.session.scalars(select(OutboxMessage.status)).all() == ["sent", "sent"]
    assert [message["To"] for message in smtp_server.messages] == ["reader0@example.org", "reader2@example.org"]


@pytest.mark.config(DEBUG=True)
def test_debug_mode_prints_no_smtp_session(app, smtp_server, capfd):
    use_smtp(app, smtp_server)
    assert app.debug
    queue_messages(app, 1)
    with app.app_context():
        assert worker.deliver_due(app) == 1
    captured = capfd.readouterr()
    assert "reader0@example.org" not in captured.out + captured.err
    assert len(smtp_server.messages) == 1


def test_purge_clears_old_sent_bodies_and_keeps_the_row(app, runner, smtp_server):
    use_smtp(app, smtp_server)
    queue_messages(app, 2)
    with app.app_context():
        assert worker.deliver_due(app, batch_size=1) == 1
        db.session.execute(update(OutboxMessage).where(OutboxMessage.status == "sent")
                           .values(sent_at=utcnow() - dt.timedelta(days=31)))
        db.session.commit()
    assert "purged 1" in runner.invoke(args=["outbox", "purge"]).output
    assert "purged 0" in runner.invoke(args=["outbox", "purge"]).output  # daily runs are harmless
    with app.app_context():
        sent, queued = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert (sent.status, sent.kind, sent.to_address, sent.body_text, sent.body_html) == ("sent", "confirm", "", "", None)
        assert queued.status == "queued" and queued.body_text.strip() and queued.to_address == "reader1@example.org"


class SendOnlyTransport:
    """A transport as contract 1.0 documented it: ``send`` only, no ``open``."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    @hookimpl
    def undersigned_mail_transport(self, name, app):
        return self if name == "mailbox" else None

    def send(self, message):
        self.sent.append(message.kind)


def test_a_transport_written_before_open_existed_still_sends_and_is_told_to_change(app, client):
    transport = SendOnlyTransport()
    app.extensions["undersigned"].plugins.register(transport, name="send-only")
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    with app.app_context(), pytest.warns(DeprecationWarning, match="no open().*subclass undersigned.contract.Transport"):
        assert worker.deliver_due(app) == 1
    assert transport.sent == ["confirm"]
    assert outbox(app).status == "sent"
