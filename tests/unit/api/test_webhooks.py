"""Webhooks (api/webhooks.py, api/plugin.py): a campaign's events posted to a real local receiver,
signed as Standard Webhooks says (checked with the specification's own library), retried until
the receiver is back, never lost; queued in the transaction of their change, so one exists if,
and only if, its change committed; private addresses refused unless allowed."""
from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Iterator

import pytest
from sqlalchemy import select, update
from standardwebhooks import Webhook

from tests.support.api import STATE_DEPT, signed, withdrawn
from tests.support.outbox import deliver
from tests.support.webhooks import Receiver
from tests.unit.delivery.conftest import campaign_app, sign_and_confirm  # noqa: F401 (a fixture)
from undersigned.api import webhooks
from undersigned.api.models import WebhookDelivery, WebhookEndpoint
from undersigned.audit.models import AuditEntry
from undersigned.contract import hookimpl, utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import service
from undersigned.signing.models import Signature


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def _add(runner, url: str, *events: str) -> str:
    args = ["api", "webhook", "add", "--campaign", STATE_DEPT, url]
    for event in events:
        args += ["--event", event]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def _deliver(runner) -> str:
    result = runner.invoke(args=["api", "webhook", "deliver"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_confirmed_signature_reaches_the_receiver_signed_as_the_specification_says(app, runner, receiver):
    secret = _add(runner, receiver.url)
    assert secret.startswith("whsec_")
    signed(app, "jane@example.org", first_name="Jane")
    assert "1 delivered" in _deliver(runner)
    [(headers, body)] = receiver.received
    payload = Webhook(secret).verify(body, headers)  # raises unless the signature is right
    assert payload["type"] == "signature.confirmed"
    assert payload["data"]["person"]["email_addresses"][0]["address"] == "jane@example.org"
    with pytest.raises(Exception):
        Webhook(secret).verify(body.replace(b"jane", b"john"), headers)


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOK_BACKOFF_SECONDS=0)
def test_a_receiver_that_was_down_gets_every_event_afterwards(app, runner, receiver):
    _add(runner, receiver.url)
    receiver.status = 503
    first = signed(app, "a@example.org")
    signed(app, "b@example.org")
    withdrawn(app, first)
    assert "0 delivered" in _deliver(runner)
    with app.app_context():
        assert {d.last_status for d in db.session.scalars(select(WebhookDelivery))} == {503}
    receiver.status = 200
    assert "4 delivered" in _deliver(runner)  # two confirmed, one withdrawn, one erased
    events = [json.loads(body)["type"] for _headers, body in receiver.received[-4:]]
    assert sorted(events) == ["signature.confirmed", "signature.confirmed", "signature.erased",
                              "signature.withdrawn"]
    withdrawal = [json.loads(body) for _h, body in receiver.received if b"withdrawn" in body][-1]
    assert "person" not in withdrawal["data"] and "a@example.org" not in json.dumps(withdrawal)
    assert "0 delivered" in _deliver(runner)  # each arrived once


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_endpoint_gets_only_the_events_it_chose(app, runner, receiver):
    _add(runner, receiver.url, "signature.withdrawn")
    signed(app, "a@example.org")
    assert "0 delivered" in _deliver(runner) and receiver.received == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data",
                                 "http://10.0.0.1/", "http://[::1]/", "http://localhost/", "ftp://example.org/",
                                 "file:///etc/passwd"])
def test_private_addresses_are_refused_by_default(runner, url):
    result = runner.invoke(args=["api", "webhook", "add", "--campaign", STATE_DEPT, url])
    assert result.exit_code != 0 and "refused" in result.output


class Crash(BaseException):
    """The process dies here (a deploy, a killed worker): no handler catches it."""


class CrashesBeforeCommit:
    """Dies inside the confirming transaction, after the API has queued its webhooks."""

    @hookimpl(trylast=True)
    def undersigned_event_before_commit(self, event):
        raise Crash()


class CrashesAfterCommit:
    """Dies as the first listener hears that the confirmation committed."""

    @hookimpl(tryfirst=True)
    def undersigned_signature_confirmed(self, signature):
        raise Crash()


def _deliveries(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(WebhookDelivery.event)))


def _confirm(app, signature_id: int) -> None:
    with app.test_request_context():
        service.confirm(db.session.get(Signature, signature_id), registry_of().get(STATE_DEPT))


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_confirmation_rolled_back_after_its_webhook_was_queued_leaves_no_webhook(app, runner, receiver):
    _add(runner, receiver.url)
    signature_id = signed(app, "a@example.org", confirm=False)
    app.extensions["undersigned"].plugins.register(CrashesBeforeCommit(), name="crashes")
    with pytest.raises(Crash):
        _confirm(app, signature_id)
    with app.app_context():
        assert db.session.get(Signature, signature_id).status == "pending"
    assert _deliveries(app) == []
    app.extensions["undersigned"].plugins.unregister(name="crashes")
    _confirm(app, signature_id)
    assert _deliveries(app) == ["signature.confirmed"]


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_webhook_is_kept_when_the_process_dies_right_after_the_confirmation_commits(app, runner, receiver):
    _add(runner, receiver.url)
    signature_id = signed(app, "a@example.org", confirm=False)
    app.extensions["undersigned"].plugins.register(CrashesAfterCommit(), name="crashes")
    with pytest.raises(Crash):
        _confirm(app, signature_id)
    with app.app_context():
        assert db.session.get(Signature, signature_id).status == "confirmed"
    assert _deliveries(app) == ["signature.confirmed"]
    assert "1 delivered" in _deliver(runner)


def test_a_letter_the_outbox_worker_delivers_is_queued_as_letter_delivered(campaign_app, receiver):
    app = campaign_app("email")
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = True
    runner = app.test_cli_runner()
    result = runner.invoke(args=["api", "webhook", "add", "--campaign", app.slug, "--event", "letter.delivered",
                                 receiver.url])
    assert result.exit_code == 0, result.output
    sign_and_confirm(app, app.slug, first_name="Rosa", last_name="Parks", email="rosa@example.org")
    assert _deliveries(app) == []  # the letter is queued, not sent yet
    deliver(app)
    assert _deliveries(app) == ["letter.delivered"]
    assert "1 delivered" in _deliver(runner)
    assert json.loads(receiver.received[0][1])["data"]["petition"] == app.slug


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_two_workers_at_once_never_send_the_same_delivery_twice(app, runner, receiver):
    _add(runner, receiver.url)
    for number in range(6):
        signed(app, f"signer{number}@example.org")
    receiver.delay = 0.1  # each worker holds its deliveries while the receiver answers
    start, arrived = threading.Barrier(2), []

    def worker() -> None:
        with app.app_context():
            start.wait()
            while batch := webhooks.deliver_due(limit=2):
                arrived.append(batch)

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=30)
    sent = [headers["webhook-id"] for headers, _body in receiver.received]
    assert len(sent) == 6 and len(set(sent)) == 6 and sum(arrived) == 6


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_delivery_whose_worker_died_waits_for_its_lease_then_goes_once(app, runner, receiver):
    _add(runner, receiver.url)
    signed(app, "a@example.org")
    with app.app_context():
        [claimed] = webhooks.claim(10)  # a worker claims it, then dies
        assert webhooks.claim(10) == [] and webhooks.deliver_due() == 0
        assert receiver.received == []
        db.session.execute(update(WebhookDelivery).values(locked_until=utcnow() - dt.timedelta(seconds=1)))
        db.session.commit()  # its lease has run out
        assert webhooks.deliver_due() == 1
        assert webhooks.deliver_due() == 0
        assert db.session.get(WebhookDelivery, claimed.id).lock_token is None
    assert len(receiver.received) == 1


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True, WEBHOOK_BACKOFF_SECONDS=0)
def test_a_receiver_failing_for_days_is_switched_off_and_its_events_wait(app, runner, receiver):
    _add(runner, receiver.url)
    receiver.status = 500
    signed(app, "a@example.org")
    signed(app, "b@example.org")
    with app.app_context():
        db.session.execute(update(WebhookEndpoint).values(failing_since=utcnow() - dt.timedelta(days=4)))
        db.session.commit()
    assert "0 delivered" in _deliver(runner)
    assert len(receiver.received) == 1  # switched off after the first failure: the second waits
    with app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert endpoint.disabled_at is not None
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "api.webhook_disabled"))
        assert [d.delivered_at for d in db.session.scalars(select(WebhookDelivery))] == [None, None]
    assert "0 delivered" in _deliver(runner) and len(receiver.received) == 1
