"""``/healthz``: anyone learns only whether the machine serves (200 ``ok``, 503 ``unavailable``);
the full report (database, rate-limit storage, outbox backlog in counts and ages) goes to a
caller with ``HEALTH_TOKEN`` or on this machine, and says ``degraded`` while Redis is
unreachable (issue 19, finding 13)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import free_port, make_app
from tests.functional.test_database_down import take_the_database_away
from tests.support.redis import redis_url
from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, SENT, OutboxMessage

TOKEN = "Hq3v9-monitoring-token-kPz7Xw2LmN4sT8yB"
OUTSIDER = {"REMOTE_ADDR": "203.0.113.7"}


def message(status: str, due: dt.datetime, address: str = "jane@example.org") -> OutboxMessage:
    return OutboxMessage(kind="confirm", to_address=address, subject="Please confirm your signature",
                         body_text="...", status=status, next_attempt_at=due)


def outsider(app, **headers):
    """A caller from another machine (the test client's own address is 127.0.0.1)."""
    return app.test_client().get("/healthz", environ_base=OUTSIDER, headers=headers)


def test_a_healthy_machine_reports_the_backlog_and_nothing_personal(app, client):
    now = utcnow()
    with app.app_context():
        db.session.add_all([message(QUEUED, now - dt.timedelta(minutes=10)), message(QUEUED, now),
                            message(QUEUED, now + dt.timedelta(hours=1)),  # a retry, not yet due
                            message(FAILED, now), message(SENT, now - dt.timedelta(days=1))])
        db.session.commit()
    response = client.get("/healthz")  # from this machine
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    report = response.get_json()
    assert report["status"] == "ok" and report["database"] == "ok" and report["limits"] == "memory"
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
    assert json.loads(response.get_data(as_text=True)) == {"status": "unavailable", "database": "down",
                                                          "limits": "memory"}
    assert "the database does not answer" in caplog.text
    assert outsider(app).status_code == 503 and outsider(app).get_json() == {"status": "unavailable"}


def test_an_outsider_learns_only_that_the_machine_serves(app):
    with app.app_context():
        db.session.add(message(QUEUED, utcnow() - dt.timedelta(minutes=10)))
        db.session.commit()
    response = outsider(app)
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.config(PROXY_FIX_X_FOR=1)
def test_a_request_through_a_proxy_on_this_machine_is_an_outsiders(app):
    # the proxy connects from 127.0.0.1 and names the client, who may claim to be local too
    for client_address in ("203.0.113.7", "127.0.0.1"):
        response = app.test_client().get("/healthz", headers={"X-Forwarded-For": client_address})
        assert response.get_json() == {"status": "ok"}


@pytest.mark.config(HEALTH_TOKEN=TOKEN)
def test_the_token_opens_the_full_report_from_anywhere(app):
    assert outsider(app, **{"X-Health-Token": TOKEN}).get_json()["outbox"]["queued"] == 0
    assert outsider(app, **{"X-Health-Token": TOKEN[:-1] + "x"}).get_json() == {"status": "ok"}
    assert outsider(app, **{"X-Health-Token": ""}).get_json() == {"status": "ok"}


def test_without_a_token_configured_no_header_opens_the_report(app):
    assert outsider(app, **{"X-Health-Token": "None"}).get_json() == {"status": "ok"}


def test_a_short_token_is_refused_at_start(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="HEALTH_TOKEN is too short"):
        make_app(tmp_path, monkeypatch, HEALTH_TOKEN="secret")


def test_redis_unreachable_is_degraded_and_the_machine_still_serves(tmp_path, monkeypatch):
    # nobody listens on this port: Redis is down
    app = make_app(tmp_path, monkeypatch, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
                   HEALTH_TOKEN=TOKEN)
    report = outsider(app, **{"X-Health-Token": TOKEN})
    assert report.status_code == 200
    assert report.get_json()["status"] == "degraded" and report.get_json()["limits"] == "down"
    assert report.get_json()["database"] == "ok"
    assert outsider(app).status_code == 200 and outsider(app).get_json() == {"status": "ok"}


def test_redis_reachable_is_ok(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, RATELIMIT_STORAGE_URI=redis_url())
    report = app.test_client().get("/healthz").get_json()
    assert report["status"] == "ok" and report["limits"] == "ok"
