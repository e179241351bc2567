"""Old plugins are tests: each release's worked example campaign and event hooks, kept exactly as
that release's ``docs/plugins.md`` showed them (``tests/fixtures/plugins/<release>/``, see its
README), load as drop-in folders and a supporter signs and confirms through them: the campaign
counts the signature and its letter reaches the mayor; the event hooks hear each step. A fixture
that fails here is a break of the plugin contract, to be fixed in the platform, never in the
fixture. The guides' provider examples are in ``test_old_provider_examples.py``."""
from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.support.old_plugins import (RELEASES, SUPPORTER, forget_old_plugins, notices,  # noqa: F401 (a fixture)
                                       old_app)
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.plugins import confirm_by_email
from tests.support.signing import form_inputs, sign
from undersigned.contract import hookimpl
from undersigned.extensions import db
from undersigned.signing.models import Signature

OLD_HOOKIMPL = "undersigned.plugins.hookimpl is deprecated"


def test_every_release_with_its_own_example_is_kept():
    # guards the parametrised test below against passing on an empty list
    assert {"stop-05", "stop-13"} <= set(RELEASES)


@pytest.mark.parametrize("release", RELEASES)
def test_a_releases_documented_campaign_loads_and_signs_unchanged(release, tmp_path, monkeypatch,
                                                                   forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, f"{release}/potholes")
    assert app.extensions["undersigned"].campaigns.sources["potholes"] == f"folder {tmp_path / 'campaigns' / 'potholes'}"

    client = app.test_client()
    page = client.get("/c/potholes").get_data(as_text=True)
    assert "Fix the potholes on Elm Street" in page and 'name="street"' in page
    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    assert confirm_by_email(client, app, SUPPORTER["email"]).status_code == 302
    assert "1 signature" in client.get("/c/potholes").get_data(as_text=True)

    deliver(app)
    [letter] = mails_to(app, "mayor@city.example")
    assert letter["Subject"] == "Potholes on Elm Street"
    assert "Dear Mayor Ana Gomez" in plain_text(letter)
    assert "Please fix the potholes on Elm Street." in plain_text(letter) and "Ana Lima" in plain_text(letter)


def heard(caplog, *plugins: str) -> list[str]:
    """What the plugins ``plugins`` logged, in order, since the last ``caplog.clear()``."""
    return [record.getMessage() for record in caplog.records if record.name in plugins]


def withdraw(client, app) -> int:
    """Follow the withdraw link of the supporter's confirmation e-mail and press its button."""
    path = urlsplit(re.findall(r"https?://\S+", plain_text(mails_to(app, SUPPORTER["email"])[0]))[1]).path
    assert "/withdraw/" in path
    csrf = form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]
    return client.post(path, data={"csrf_token": csrf}).status_code


def test_stop_5s_event_hooks_hear_a_signature_signed_confirmed_delivered_and_withdrawn(tmp_path, monkeypatch, caplog,
                                                                                       forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-05/potholes", "stop-05/signature_events")
    caplog.set_level(logging.INFO, logger="signature_events")
    client = app.test_client()

    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert heard(caplog, "signature_events") == [f"new signature {signature_id} on potholes, in en"]
    assert confirm_by_email(client, app, SUPPORTER["email"]).status_code == 302
    assert heard(caplog, "signature_events")[1:] == ["Elm Street now supports potholes"]
    caplog.clear()
    deliver(app)
    assert heard(caplog, "signature_events") == [f"letter {signature_id} on potholes sent at None"]
    assert withdraw(client, app) == 302
    assert heard(caplog, "signature_events")[1:] == [f"signature {signature_id} on potholes withdrawn"]

    [notice] = notices(app, "signature_events")
    assert OLD_HOOKIMPL in notice and "import it from undersigned.contract" in notice


class AnotherListener:
    @hookimpl
    def undersigned_signature_confirmed(self, signature):
        pass


def test_stop_13s_timing_wrapper_runs_around_an_event_handler(tmp_path, monkeypatch, caplog, forget_old_plugins):
    # stop 13 shows stop 5's event hooks again, and a wrapper that times each handler
    app = old_app(tmp_path, monkeypatch, "stop-13/potholes", "stop-05/signature_events", "stop-13/handler_timing")
    app.extensions["undersigned"].plugins.register(AnotherListener(), name="another-listener")
    caplog.set_level(logging.INFO, logger="signature_events")
    caplog.set_level(logging.INFO, logger="handler_timing")
    client = app.test_client()

    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    deliver(app)
    caplog.clear()
    assert confirm_by_email(client, app, SUPPORTER["email"]).status_code == 302
    lines = heard(caplog, "signature_events", "handler_timing")
    assert "Elm Street now supports potholes" in lines
    timed = [line for line in lines if line != "Elm Street now supports potholes"]
    # one line per listener of the event (the plugin's own, and another): each is timed
    assert len(timed) == 2 and all(re.fullmatch(r"a confirmed-signature handler took \d+\.\d{3} s", line)
                                   for line in timed)

    [notice] = notices(app, "handler_timing")
    assert OLD_HOOKIMPL in notice and "import it from undersigned.contract" in notice
