"""No signer's token reaches a log: the app's own, the dev server's, gunicorn's."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest

from tests.conftest import use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.mail.worker import deliver_due
from undersigned.security.logs import redact
from undersigned.signing import service

SLUG = "belarus_state_dept"


@pytest.mark.parametrize("line, kept", [
    ('127.0.0.1 - - [x] "GET /c/belarus_state_dept/confirm/eyJhYmMiOjF9.aBcDeF.Zm9vYmFyYmF6cXV4MTIzNDU HTTP/1.1" 200 -',
     '"GET /c/belarus_state_dept/confirm/[redacted] HTTP/1.1" 200'),
    ('"POST /ru/c/belarus_senate/sent/opaqueToken123 HTTP/1.1" 302', '"POST /ru/c/belarus_senate/sent/[redacted] HTTP/1.1" 302'),
    ("Exception on /c/s/thanks/tok-en_1 [GET]", "Exception on /c/s/thanks/[redacted] [GET]"),
    ('"GET /be/c/belarus_state_dept/help/IjEyIg.aZ3x.q1w2e3r4 HTTP/1.1" 200',
     '"GET /be/c/belarus_state_dept/help/[redacted] HTTP/1.1" 200'),  # a help request's page
    ('"GET /c/belarus_senate?ref=Ab12 HTTP/1.1"', '"GET /c/belarus_senate?[redacted] HTTP/1.1"'),
    ("a token ImFiYyI.ZxYz12.c2lnbmF0dXJlLXNpZ25hdHVyZQ in a message", "a token [redacted] in a message"),
    ('"GET /ru/unsubscribe/WyIyIiwiYmVsYXJ1cyJd.Zm9vYmFyYmF6cXV4MTIzNDU HTTP/1.1" 200',
     '"GET /ru/unsubscribe/[redacted] HTTP/1.1" 200'),
    ('"POST /console/invite/eyJ1IjoyfQ.aBcD HTTP/1.1" 302', '"POST /console/invite/[redacted] HTTP/1.1" 302'),
    ("signature 12 confirmed on belarus_senate", "signature 12 confirmed on belarus_senate"),
    ('"GET /c/belarus_senate/check-email HTTP/1.1"', '"GET /c/belarus_senate/check-email HTTP/1.1"'),
])
def test_redact_drops_tokens_and_queries_and_keeps_the_rest(line, kept):
    assert kept in redact(line)


def confirmation_path(app, smtp_server) -> str:
    with app.app_context():
        deliver_due(app)
    return urlsplit(link_in(smtp_server.text_of())).path


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_a_whole_signing_flow_logs_no_token(app, smtp_server, caplog, monkeypatch):
    use_smtp(app, smtp_server)
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    link = confirmation_path(app, smtp_server)
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    thanks = urlsplit(client.post(link, data={"csrf_token": csrf}).location).path
    csrf = form_inputs(client.get(thanks).get_data(as_text=True))["csrf_token"]
    client.post(thanks.replace("/thanks/", "/sent/"), data={"csrf_token": csrf})

    # an error on a page whose address carries a token: Flask logs the path
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(service, "confirm", lambda *args: 1 / 0)
    sign(client, app, SLUG, **dict(STATE_DEPT_SIGNER, email="second@example.org"))
    second = confirmation_path(app, smtp_server)
    csrf = form_inputs(client.get(second).get_data(as_text=True))["csrf_token"]
    assert client.post(second, data={"csrf_token": csrf}).status_code == 500

    logged = caplog.text + "".join(record.getMessage() for record in caplog.records)
    assert "Exception on /c/belarus_state_dept/confirm/[redacted] [POST]" in logged
    for path in (link, thanks, second):
        assert path.rsplit("/", 1)[1] not in logged
