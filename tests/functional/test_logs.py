"""Logs without personal data: a whole signing flow, with its refusals, confirmations and the
organizers' tools, logs no name, e-mail or address."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from tests.support.signing import form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.mail.worker import deliver_due
from undersigned.signing.models import Signature


SLUG = "belarus_state_dept"
PERSON = {"first_name": "Zinaida", "last_name": "Quartermaine", "email": "Zinaida.Quartermaine@Example.org",
          "country": "US", "us_state": "OR"}


ADDRESS = "203.0.113.77"


def log_text(records) -> str:
    parts = []
    for record in records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@pytest.mark.config(RATELIMIT_SIGN="6 per minute", MAIL_TRANSPORT="mailbox",
                    BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_the_log_of_a_whole_signing_flow_holds_no_personal_data(app, caplog):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    # a wrong captcha, a good signature, a repeat, a blocked attempt
    assert sign(client, app, SLUG, captcha="000000x", **PERSON).status_code == 400
    assert sign(client, app, SLUG, **PERSON).status_code == 302
    assert sign(client, app, SLUG, **PERSON).status_code == 302  # a repeat, answered by e-mail
    runner = app.test_cli_runner()
    assert runner.invoke(args=["signatures", "block-domain", "blocked.example"]).exit_code == 0
    blocked = dict(PERSON, email="zinaida@blocked.example")
    assert sign(client, app, SLUG, **blocked).status_code == 403
    # the e-mail is delivered, the link followed, the signature confirmed, the letter reported sent
    with app.app_context():
        assert deliver_due(app) == 2  # the confirmation, and the answer to the repeat
        body = db.session.scalars(select(OutboxMessage.body_text).filter_by(kind="confirm")).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    page = client.get(path)
    confirmed = client.post(path, data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]})
    assert confirmed.status_code == 302
    thanks = client.get(confirmed.location)
    assert "Zinaida" in thanks.get_data(as_text=True)
    sent = client.post(confirmed.location.replace("/thanks/", "/sent/"),
                       data={"csrf_token": form_inputs(thanks.get_data(as_text=True))["csrf_token"]})
    assert sent.status_code == 302
    # organizers' tools, and a limited request
    assert runner.invoke(args=["signatures", "export", SLUG]).exit_code == 0
    assert runner.invoke(args=["signatures", "bursts", SLUG, "--min", "1"]).exit_code == 0
    # six a minute: 429 within 13 posts, even if the minute's count starts afresh midway
    statuses = []
    while 429 not in statuses:
        assert len(statuses) < 13, f"the sign limit of 6 a minute never answered 429: {statuses}"
        statuses.append(client.post(f"/c/{SLUG}", data={}).status_code)
    with app.app_context():
        signature = db.session.scalars(select(Signature)).one()
        assert signature.status == "confirmed" and signature.reported_sent_at is not None

    text = log_text(caplog.records).lower()
    assert "signature" in text and "created" in text  # the flow was logged...
    for secret in ("zinaida", "quartermaine", "example.org", "blocked.example", ADDRESS):
        assert secret not in text, secret  # ...without a name, an e-mail or an address
