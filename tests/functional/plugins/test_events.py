"""Signature events heard by a plugin through a whole signature's life: created, confirmed, the
letter reported sent (delivered, once), invalidated (removed)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.plugins import Recorder, confirm_by_email, path_of
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.extensions import db
from undersigned.signing.models import Signature


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_plugins_hear_created_confirmed_delivered_and_removed(app, client):
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    slug = "belarus_state_dept"

    assert sign(client, app, slug, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert recorder.events == [("created", signature_id, "pending", slug)]

    confirmed = confirm_by_email(client, app, "Jane.Doe@example.org")
    assert confirmed.status_code == 302
    assert recorder.events[-1] == ("confirmed", signature_id, "confirmed", slug)

    thanks = client.get(confirmed.location).get_data(as_text=True)
    assert "I have sent it" in thanks
    sent_url = path_of(confirmed.location).replace("/thanks/", "/sent/")
    client.post(sent_url, data={"csrf_token": form_inputs(thanks)["csrf_token"]})
    assert recorder.events[-1] == ("delivered", signature_id, "confirmed", slug, True)
    client.post(sent_url, data={"csrf_token": form_inputs(thanks)["csrf_token"]})  # a second click
    assert [e[0] for e in recorder.events].count("delivered") == 1

    result = app.test_cli_runner().invoke(args=["signatures", "invalidate", slug, str(signature_id)])
    assert result.exit_code == 0, result.output
    assert recorder.events[-1] == ("removed", signature_id, "invalidated", slug, "invalidated")
    assert [e[0] for e in recorder.events] == ["created", "confirmed", "delivered", "removed"]
