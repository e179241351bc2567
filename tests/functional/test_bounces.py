"""Mail that keeps its reputation, end to end: messages leave through the real SMTP path with their
own return path; bounces and complaints come back through the Maildir, the events endpoint and
the SMTP session itself; the address is suppressed, the next message withheld, the signer told,
the organizer shown the rates, and an admin lifts the suppression. A forged bounce changes nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import use_smtp
from tests.support.bounces import BOUNCE_SETTINGS, deliver_to, events_auth, maildir, sample
from tests.support.console import create_user, login, post
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db
from undersigned.signing.models import Signature
from undersigned.suppression.models import Suppression
from undersigned.suppression.service import is_suppressed

SLUG = "belarus_state_dept"
pytestmark = pytest.mark.config(**BOUNCE_SETTINGS)


def signed_and_sent(app, smtp, email: str, prefix: str = ""):
    """A supporter's client after signing with ``email`` and the confirmation going out through
    SMTP; the envelope's sender and the Message-ID of that confirmation."""
    client = app.test_client()
    assert sign(client, app, SLUG, prefix, **dict(STATE_DEPT_SIGNER, email=email)).status_code == 302
    before = len(smtp.messages)
    assert deliver(app) == 1 and len(smtp.messages) == before + 1
    return client, smtp.senders[-1], smtp.messages[-1]["Message-ID"]


def suppression_of(app, email: str) -> Suppression | None:
    with app.app_context():
        return is_suppressed(email)


def signature_of(app, email: str) -> Signature:
    with app.app_context():
        return db.session.scalar(select(Signature).filter_by(campaign=SLUG, email_canonical=email))


def resend(client) -> None:
    page = client.get(f"/c/{SLUG}/check-email")
    client.post(f"/c/{SLUG}/check-email/resend", data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]})


def test_a_bounce_in_the_maildir_suppresses_the_address_withholds_the_next_message_and_tells_the_signer(
        app, smtp_server, tmp_path):
    use_smtp(app, smtp_server)
    jane, jane_path, jane_id = signed_and_sent(app, smtp_server, "jane@example.org")
    _bob, bob_path, bob_id = signed_and_sent(app, smtp_server, "bob@example.org")
    # the envelope names the message; the header From stays the platform's
    assert jane_path.startswith("bounces+") and jane_path.endswith("@letters.example") and jane_path != bob_path
    assert smtp_server.messages[0]["From"].addresses[0].addr_spec == "campaign@letters.example"

    box = maildir(tmp_path)
    local, _, domain = bob_path.partition("@")
    forged = f"{local[:-1]}{'1' if local.endswith('0') else '0'}@{domain}"  # bob's message, a wrong check
    deliver_to(box, "1.forged", sample("dsn-postfix-unknown-user.eml", return_path=forged,
                                       recipient="bob@example.org", message_id=bob_id))
    deliver_to(box, "2.real", sample("dsn-postfix-unknown-user.eml", return_path=jane_path,
                                     recipient="jane@example.org", message_id=jane_id))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "bounces", "--maildir", str(box)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no message of ours 1, recorded 1"
    assert not list((box / "new").iterdir()) and len(list((box / "cur").iterdir())) == 2
    assert runner.invoke(args=["mail", "bounces", "--maildir", str(box)]).output.strip() == "no new messages"

    assert suppression_of(app, "jane@example.org").reason == "bounce"
    assert suppression_of(app, "bob@example.org") is None  # the forged bounce changed nothing
    assert signature_of(app, "jane@example.org").undeliverable_at is not None
    assert signature_of(app, "bob@example.org").undeliverable_at is None

    # the next message to jane is not sent, and her log says why
    resend(jane)
    assert deliver(app) == 0 and len(smtp_server.messages) == 2
    log = runner.invoke(args=["signatures", "log", SLUG, "jane@example.org"]).output
    assert log.startswith("undeliverable since ")
    assert "bounce (permanent, 5.1.1, maildir)" in log
    assert "withheld" in log and "not sent: the address is suppressed (bounce)" in log

    # her check-e-mail page says the mail fails and offers to correct it, not to resend
    page = jane.get(f"/c/{SLUG}/check-email").get_data(as_text=True)
    assert "cannot be delivered" in page and "check-email/correct" in page and "check-email/resend" not in page
    # signing again from the same browser leads back there; from another, in Russian, the form says it
    assert sign(jane, app, SLUG, **dict(STATE_DEPT_SIGNER, email="jane@example.org")).headers["Location"] \
        .endswith(f"/c/{SLUG}/check-email")
    other = sign(app.test_client(), app, SLUG, "/ru", **dict(STATE_DEPT_SIGNER, email="Jane@Example.org"))
    assert other.status_code == 400
    assert "Сообщения на этот адрес не доставляются" in other.get_data(as_text=True)

    # correcting the address sends the confirmation to the new one
    page = jane.get(f"/c/{SLUG}/check-email")
    jane.post(f"/c/{SLUG}/check-email/correct",
              data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"], "email": "jane.d@example.org"})
    assert deliver(app) == 1 and smtp_server.messages[-1]["To"] == "jane.d@example.org"
    assert signature_of(app, "jane.d@example.org").undeliverable_at is None


def test_complaints_and_bounces_come_in_through_the_endpoint_and_the_smtp_session_and_show_in_the_console(
        app, smtp_server):
    use_smtp(app, smtp_server)
    _, ann_path, ann_id = signed_and_sent(app, smtp_server, "ann@example.org")
    _, cat_path, cat_id = signed_and_sent(app, smtp_server, "cat@example.org")
    _, dan_path, dan_id = signed_and_sent(app, smtp_server, "dan@example.org")
    client = app.test_client()

    ses = sample("ses-complaint.json", return_path=ann_path, recipient="ann@example.org", message_id=ann_id)
    assert client.post("/mail/events/ses", data=ses, headers=events_auth("wrong-" + "x" * 40)).status_code == 401
    assert suppression_of(app, "ann@example.org") is None
    answer = client.post("/mail/events/ses", data=ses, headers=events_auth())
    assert answer.status_code == 200 and answer.get_json() == {"recorded": 1}
    assert client.post("/mail/events/ses", data=ses, headers=events_auth()).get_json() == {"already recorded": 1}
    arf = sample("arf-abuse.eml", return_path=cat_path, recipient="cat@example.org", message_id=cat_id)
    assert client.post("/mail/events/raw", data=arf, headers=events_auth()).get_json() == {"recorded": 1}
    mailgun = sample("mailgun-failed.json", return_path=dan_path, recipient="dan@example.org", message_id=dan_id)
    assert client.post("/mail/events/mailgun", data=mailgun, headers=events_auth()).get_json() == {"recorded": 1}

    # refused while sending: the server answers the recipient with 550 5.1.1
    smtp_server.refused["fay@example.org"] = "550 5.1.1 <fay@example.org>: Recipient address rejected: User unknown"
    fay = app.test_client()
    assert sign(fay, app, SLUG, **dict(STATE_DEPT_SIGNER, email="fay@example.org")).status_code == 302
    assert deliver(app) == 0

    assert suppression_of(app, "ann@example.org").reason == "complaint"
    assert suppression_of(app, "cat@example.org").reason == "complaint"
    assert suppression_of(app, "dan@example.org").reason == "bounce"
    assert suppression_of(app, "fay@example.org").reason == "bounce"
    # a complaint means the mail arrived; a bounce that it did not
    assert signature_of(app, "ann@example.org").undeliverable_at is None
    assert signature_of(app, "fay@example.org").undeliverable_at is not None
    log = app.test_cli_runner().invoke(args=["signatures", "log", SLUG, "fay@example.org"]).output
    assert "bounce (permanent, 5.1.1, smtp)" in log

    create_user(app, "org@example.org", campaigns=(SLUG,))
    organizer = app.test_client()
    login(organizer, "org@example.org")
    overview = organizer.get(f"/console/campaigns/{SLUG}/").get_data(as_text=True)
    assert '<th scope="row">Handed to the mail server</th><td>4</td>' in overview
    assert '<th scope="row">Bounced for good</th><td>2 (50.0%)</td>' in overview
    assert '<th scope="row">Marked as spam</th><td>2 (66.67%)</td>' not in overview  # counted over 4
    assert '<th scope="row">Marked as spam</th><td>2 (50.00%)</td>' in overview
    assert "Too many bounces" in overview and "Too many complaints" in overview

    create_user(app, "admin@example.org", role="admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    listing = admin.get("/console/suppressions/?address=ann@example.org").get_data(as_text=True)
    assert "a•••@example.org" in listing and "complaint (marked as spam)" in listing
    ann = suppression_of(app, "ann@example.org")
    assert post(admin, f"/console/suppressions/{ann.id}/lift").status_code == 302
    assert suppression_of(app, "ann@example.org") is None
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("mail.suppressed") == 4 and "mail.suppression_lifted" in actions


@pytest.mark.config(**BOUNCE_SETTINGS, BOUNCE_SOFT_LIMIT=2)
def test_soft_bounces_suppress_an_address_only_after_several(app, smtp_server, tmp_path):
    use_smtp(app, smtp_server)
    eve, first_path, first_id = signed_and_sent(app, smtp_server, "eve@example.org")
    box = maildir(tmp_path)
    deliver_to(box, "1", sample("dsn-exim-mailbox-full.eml", return_path=first_path,
                                recipient="eve@example.org", message_id=first_id))
    deliver_to(box, "2", sample("dsn-postfix-delayed.eml", return_path=first_path,
                                recipient="eve@example.org", message_id=first_id))
    output = app.test_cli_runner().invoke(args=["mail", "bounces", "--maildir", str(box)]).output
    assert output.strip() == "not a report 1, recorded 1"  # a delay is no bounce
    assert suppression_of(app, "eve@example.org") is None  # one soft bounce: mail still goes

    resend(eve)
    assert deliver(app) == 1
    deliver_to(box, "3", sample("dsn-exim-mailbox-full.eml", return_path=smtp_server.senders[-1],
                                recipient="eve@example.org", message_id=smtp_server.messages[-1]["Message-ID"]))
    app.test_cli_runner().invoke(args=["mail", "bounces", "--maildir", str(box)])
    assert suppression_of(app, "eve@example.org").reason == "soft"


def test_a_complaint_in_the_maildir_and_a_bounce_through_the_endpoint_suppress_their_addresses(
        app, smtp_server, tmp_path):
    """Each way in reads each kind: an RFC 5965 complaint from the Maildir, an RFC 3464 bounce
    posted raw to the endpoint; the next message to either address is not sent."""
    use_smtp(app, smtp_server)
    gus, gus_path, gus_id = signed_and_sent(app, smtp_server, "gus@example.org")
    hal, hal_path, hal_id = signed_and_sent(app, smtp_server, "hal@example.org")

    box = maildir(tmp_path)
    deliver_to(box, "1", sample("arf-abuse.eml", return_path=gus_path, recipient="gus@example.org", message_id=gus_id))
    output = app.test_cli_runner().invoke(args=["mail", "bounces", "--maildir", str(box)]).output
    assert output.strip() == "recorded 1"
    dsn = sample("dsn-postfix-unknown-user.eml", return_path=hal_path, recipient="hal@example.org", message_id=hal_id)
    assert app.test_client().post("/mail/events/raw", data=dsn, headers=events_auth()).get_json() == {"recorded": 1}

    assert suppression_of(app, "gus@example.org").reason == "complaint"
    assert suppression_of(app, "hal@example.org").reason == "bounce"
    resend(gus)
    resend(hal)
    assert deliver(app) == 0 and len(smtp_server.messages) == 2
