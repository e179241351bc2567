"""No signer's token reaches the app's log through a whole signing flow: signing, confirming,
reporting the letter sent, and a failure on the way."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest

from tests.conftest import use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.mail.worker import deliver_due
from undersigned.signing import service

SLUG = "belarus_state_dept"


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
