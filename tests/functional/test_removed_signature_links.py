"""A signer's thank-you link stops working once the signature is withdrawn or invalidated."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.worker import deliver_due
from undersigned.signing import service
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def confirmed_signer(app, smtp_server, client) -> str:
    """Sign and confirm; the path of the signer's thank-you page."""
    use_smtp(app, smtp_server)
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    with app.app_context():
        deliver_due(app)
    link = urlsplit(link_in(smtp_server.text_of())).path
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    thanks = urlsplit(client.post(link, data={"csrf_token": csrf}).location).path
    assert client.get(thanks).status_code == 200
    return thanks


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_an_invalidated_signatures_thank_you_link_no_longer_works(app, smtp_server):
    client = app.test_client()
    thanks = confirmed_signer(app, smtp_server, client)
    csrf = form_inputs(client.get(thanks).get_data(as_text=True))["csrf_token"]
    result = app.test_cli_runner().invoke(args=["signatures", "invalidate", SLUG, "1", "--yes"])
    assert result.exit_code == 0, result.output
    gone = client.get(thanks)
    assert gone.status_code == 404
    assert "Jane Doe" not in gone.get_data(as_text=True)
    sent = client.post(thanks.replace("/thanks/", "/sent/"), data={"csrf_token": csrf})
    assert sent.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Signature)).reported_sent_at is None


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_a_withdrawn_signatures_thank_you_link_no_longer_works(app, smtp_server):
    client = app.test_client()
    thanks = confirmed_signer(app, smtp_server, client)
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert service.remove(signature, registry_of().get(SLUG), "withdrawn")
    assert client.get(thanks).status_code == 404
