"""``/healthz``: the database answers or not (503), and the outbox backlog in counts and ages."""
from __future__ import annotations

import datetime as dt
import json

from tests.functional.test_database_down import take_the_database_away
from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, SENT, OutboxMessage


def message(status: str, due: dt.datetime, address: str = "jane@example.org") -> OutboxMessage:
    return OutboxMessage(kind="confirm", to_address=address, subject="Please confirm your signature",
                         body_text="...", status=status, next_attempt_at=due)


def test_a_healthy_machine_reports_the_backlog_and_nothing_personal(app, client):
    now = utcnow()
    with app.app_context():
        db.session.add_all([message(QUEUED, now - dt.timedelta(minutes=10)), message(QUEUED, now),
                            message(QUEUED, now + dt.timedelta(hours=1)),  # a retry, not yet due
                            message(FAILED, now), message(SENT, now - dt.timedelta(days=1))])
        db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    report = response.get_json()
    assert report["status"] == "ok" and report["database"] == "ok"
    assert report["outbox"]["queued"] == 3 and report["outbox"]["dead"] == 1
    assert 590 < report["outbox"]["oldest_due_seconds"] < 900
    assert "example.org" not in response.get_data(as_text=True)
    assert "confirm" not in response.get_data(as_text=True)


def test_an_empty_outbox_has_waited_for_nothing(client):
    assert client.get("/healthz").get_json()["outbox"] == {"queued": 0, "dead": 0, "oldest_due_seconds": 0.0}


def test_without_the_database_the_machine_says_it_is_unavailable(app, tmp_path, caplog):
    take_the_database_away(app, tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.get_data(as_text=True)) == {"status": "unavailable", "database": "down"}
    assert "the database does not answer" in caplog.text
