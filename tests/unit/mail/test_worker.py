"""The outbox worker (mail.worker): nothing is lost when SMTP is down or a worker dies."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from tests.conftest import free_port, use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.extensions import db
from undersigned.mail import worker
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import utcnow


def outbox(app) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        db.session.expunge(message)
        return message


def test_smtp_down_keeps_the_message_and_retries_with_backoff(app, client, smtp_server):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    app.config.update(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens

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
    app.config.update(MAIL_TRANSPORT="smtp", OUTBOX_MAX_ATTEMPTS=2, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
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
    import time

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
