"""Signature events (plugins.events): plugins hear created, confirmed, delivered and removed, and
one that raises neither breaks signing nor silences the others."""
from __future__ import annotations

import pytest

import logging
import sys

from sqlalchemy import select

from tests.conftest import make_app
from tests.support.plugins import Recorder, confirm_by_email, path_of, unique, write_plugin
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.extensions import db
from undersigned.plugins import hookimpl
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


RECORDING_PLUGIN = '''\
from undersigned.plugins import hookimpl

EVENTS = []


@hookimpl
def undersigned_signature_created(signature, campaign):
    EVENTS.append(("created", campaign.slug, signature.fields.get("street")))


@hookimpl
def undersigned_signature_confirmed(signature, campaign):
    EVENTS.append(("confirmed", campaign.slug, signature.fields.get("street")))
'''


def test_a_folder_plugin_hears_events_of_another_plugins_campaign(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    slug, listener = unique("dropin"), unique("recorder")
    write_plugin(folder, slug)
    write_plugin(folder, listener, source=RECORDING_PLUGIN)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))
    client = app.test_client()

    signer = {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org", "street": "Elm Street"}
    assert sign(client, app, slug, **signer).status_code == 302
    assert confirm_by_email(client, app, "rosa@example.org").status_code == 302
    assert sys.modules[listener].EVENTS == [("created", slug, "Elm Street"), ("confirmed", slug, "Elm Street")]


class Broken:
    @hookimpl
    def undersigned_signature_created(self, signature, campaign):
        raise RuntimeError("analytics service is down")


def test_an_event_hook_that_raises_neither_breaks_signing_nor_silences_other_plugins(app, client, caplog):
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    app.extensions["undersigned"].plugins.register(Broken(), name="broken-analytics")

    response = sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    assert response.status_code == 302
    assert [e[0] for e in recorder.events] == ["created"]
    assert any("broken-analytics" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
