"""The outbox page (console/outbox.py): admins see how many messages wait, retry or are dead,
each dead one with its address masked and no body, and queue it again with one button."""
from __future__ import annotations

from sqlalchemy import insert, update

from tests.support.clients import client_at
from tests.support.console import create_user, login, post
from tests.support.pager import next_page, pager_links
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.audit.log import entries
from undersigned.extensions import db
from undersigned.mail import queue
from undersigned.mail.models import FAILED, QUEUED, WITHHELD, OutboxMessage


def three_messages(app) -> list[int]:
    """A queued, a retrying and a dead message (confirmations of three signatures)."""
    for n, address in enumerate(("192.0.2.110", "192.0.2.111", "192.0.2.112")):
        sign(client_at(app, address), app, "belarus_state_dept", **dict(STATE_DEPT_SIGNER, email=f"jane{n}@example.org"))
    with app.app_context():
        ids = sorted(db.session.scalars(db.select(OutboxMessage.id)))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == ids[1]).values(attempts=2))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == ids[2])
                           .values(status=FAILED, attempts=8, last_error="550 mailbox unavailable"))
        db.session.commit()
    return ids


def admin_client(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.113")
    login(client, "admin@example.org")
    return client


def test_admins_see_the_counts_and_the_dead_messages_masked(app):
    ids = three_messages(app)
    page = admin_client(app).get("/console/outbox/").get_data(as_text=True)
    numbers = [line.strip() for line in page.split("<dd>")[1:4]]
    assert [n.split("<")[0] for n in numbers] == ["1", "1", "1"]
    assert f"<td>{ids[2]}</td>" in page and "j***@example.org" in page and "550 mailbox unavailable" in page
    assert "jane2@example.org" not in page and "Please confirm" not in page  # no address, no body


def test_retrying_a_dead_message_queues_it_again(app):
    ids = three_messages(app)
    client = admin_client(app)
    assert client.post(f"/console/outbox/{ids[2]}/retry").status_code == 400  # no CSRF token
    answer = post(client, f"/console/outbox/{ids[2]}/retry", follow_redirects=True)
    assert f"Message {ids[2]} is queued again." in answer.get_data(as_text=True)
    with app.app_context():
        message = db.session.get(OutboxMessage, ids[2])
        assert (message.status, message.attempts) == (QUEUED, 0)
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details) == ("admin@example.org", "outbox.retry",
                                                              {"messages": [ids[2]], "count": 1})
    again = post(client, f"/console/outbox/{ids[0]}/retry", follow_redirects=True)  # not dead
    assert f"Message {ids[0]} is not dead" in again.get_data(as_text=True)


def test_only_admins_see_the_outbox(app):
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.114")
    login(client, "org@example.org")
    assert client.get("/console/outbox/").status_code == 403


def test_masking_keeps_the_domain_only():
    assert queue.masked("anna@example.org") == "a***@example.org"
    assert queue.masked("not-an-address") == "***"


def test_dead_and_withheld_messages_come_fifty_a_page_each(app):
    with app.app_context():
        db.session.execute(insert(OutboxMessage), [
            {"kind": "confirm", "to_address": f"{status}{n:02d}@example.org", "subject": "s", "body_text": "b",
             "status": status, "attempts": 8, "last_error": f"{status} number {n:02d}"}
            for status in (FAILED, WITHHELD) for n in range(51)])
        db.session.commit()
    client = admin_client(app)
    first = client.get("/console/outbox/").get_data(as_text=True)
    assert "51 dead messages, the oldest first." in first and "51 withheld messages." in first
    assert first.count("Queue message ") == 50 and "failed number 00" in first and "failed number 50" not in first
    assert "withheld number 50" in first and "withheld number 00" not in first  # the newest withheld first
    dead = client.get(next_page(first, "Dead messages")).get_data(as_text=True)
    assert dead.count("Queue message ") == 1 and "failed number 50" in dead
    assert "next" not in pager_links(dead, "Dead messages") and "withheld number 50" in dead
    withheld = client.get(next_page(dead, "Withheld messages")).get_data(as_text=True)
    assert "withheld number 00" in withheld and "withheld number 01" not in withheld
    assert "failed number 50" in withheld  # the dead messages' page kept
