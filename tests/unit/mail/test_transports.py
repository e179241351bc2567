"""What every message carries (mail.transports): a stable Message-ID on the platform's domain,
Date, Auto-Submitted on the platform's own notices, List-Unsubscribe when asked, DKIM."""
from __future__ import annotations

import base64
import email
import subprocess
from email import policy

import dkim
import pytest

from undersigned.extensions import db
from undersigned.mail.outbox import enqueue
from undersigned.mail.transports import wire_bytes


def queued(app, **fields):
    with app.test_request_context():
        message = enqueue(kind="confirm", to="reader@example.org", subject="Please confirm",
                          template="emails/letter", language="en", letter="body", **fields)
        db.session.commit()
        db.session.refresh(message)
        db.session.expunge(message)
    return message


def parsed(app, message):
    return email.message_from_bytes(wire_bytes(app, message), policy=policy.default)


@pytest.mark.config(MAIL_MESSAGE_ID_DOMAIN="mail.sign.example.org")
def test_the_message_id_is_on_the_platforms_domain_and_the_same_at_every_attempt(app):
    message = queued(app)
    first, again = parsed(app, message), parsed(app, message)
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith(f"<outbox.{message.id}.") and first["Message-ID"].endswith("@mail.sign.example.org>")
    assert first["Date"] == again["Date"]
    assert parsed(app, queued(app))["Message-ID"] != first["Message-ID"]


def test_the_platforms_notices_are_auto_submitted_and_a_supporters_letter_is_not(app):
    assert parsed(app, queued(app))["Auto-Submitted"] == "auto-generated"
    assert parsed(app, queued(app, automatic=False))["Auto-Submitted"] is None


def test_mail_that_is_not_transactional_offers_one_click_unsubscribe(app):
    assert parsed(app, queued(app))["List-Unsubscribe"] is None
    message = parsed(app, queued(app, unsubscribe_url="https://sign.example.org/unsubscribe/abc"))
    assert message["List-Unsubscribe"] == "<https://sign.example.org/unsubscribe/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_messages_are_dkim_signed_when_a_key_is_configured(app, tmp_path):
    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    app.config.update(MAIL_DKIM_KEY_FILE=str(key), MAIL_DKIM_SELECTOR="s1",
                      MAIL_DEFAULT_SENDER="Undersigned <noreply@sign.example.org>")
    data = wire_bytes(app, queued(app))
    assert data.startswith(b"DKIM-Signature:")
    assert b"d=sign.example.org" in data and b"s=s1" in data
    lookups = []

    def dns(name, timeout=5):
        lookups.append(name)
        return record

    assert dkim.verify(data, dnsfunc=dns)
    assert lookups == [b"s1._domainkey.sign.example.org."]
    assert not dkim.verify(data.replace(b"Please confirm", b"Please ignore"), dnsfunc=dns)


def test_without_a_key_nothing_is_signed(app):
    assert not wire_bytes(app, queued(app)).startswith(b"DKIM-Signature:")


def test_the_language_is_the_whole_messages_even_with_an_html_part(app):
    message = queued(app)
    message.body_html, message.language = "<p>body</p>", "ru"
    built = parsed(app, message)
    assert built.get_content_type() == "multipart/alternative"
    assert built["Content-Language"] == "ru"
