"""The core's providers are defaults (plugins.defaults): a plugin replaces the mail transport, the
captcha or the delivery channel by answering for the same name."""
from __future__ import annotations

import sys

from tests.conftest import make_app
from tests.support.outbox import deliver
from tests.support.plugins import AlertingPlugin, body, confirm_by_email, mails, unique, write_plugin
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from undersigned.contract import CaptchaProvider, hookimpl

TRANSPORT_PLUGIN = '''\
from undersigned.mail.transports import Transport
from undersigned.contract import hookimpl

SENT = []


class Recorder(Transport):
    def send(self, message):
        SENT.append(message.to_address)


@hookimpl
def undersigned_mail_transport(name, app):
    return Recorder(app) if name == "mailbox" else None
'''


def test_a_folder_plugin_replaces_the_mailbox_transport(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    name = unique("recorder")
    write_plugin(folder, name, source=TRANSPORT_PLUGIN)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), MAIL_TRANSPORT="mailbox")
    client = app.test_client()

    assert sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER).status_code == 302
    assert deliver(app) == 1
    assert sys.modules[name].SENT == ["Jane.Doe@example.org"]
    assert mails(app) == []  # the core's mailbox wrote nothing


class RiddleCaptcha(CaptchaProvider):
    """A captcha that takes one fixed answer (as a hosted provider's test key would)."""

    name = "image"
    template = "captcha/image.html"

    def challenge(self):
        return {"token": "riddle"}

    def verify(self, form) -> bool:
        return form.get("captcha_answer") == "open sesame"


class RiddlePlugin:
    @hookimpl
    def undersigned_captcha_provider(self, name, app):
        return RiddleCaptcha() if name == "image" else None


def test_a_plugin_replaces_the_image_captcha(app, client):
    app.extensions["undersigned"].plugins.register(RiddlePlugin(), name="riddle")

    refused = sign(client, app, "belarus_state_dept", captcha="WRONG", **STATE_DEPT_SIGNER)
    assert refused.status_code == 400
    assert "We could not confirm that a person is sending this form" in refused.get_data(as_text=True)
    assert sign(client, app, "belarus_state_dept", captcha="open sesame", **STATE_DEPT_SIGNER).status_code == 302


def test_a_plugin_replaces_the_joint_delivery_channel(app, client):
    app.extensions["undersigned"].plugins.register(AlertingPlugin(), name="alerting")

    assert sign(client, app, "belarus_senate", **SENATE_SIGNER).status_code == 302
    thanks = confirm_by_email(client, app, "ada@example.org")
    assert thanks.status_code == 302
    assert "check every co-signer" in client.get(thanks.location).get_data(as_text=True)
    deliver(app)
    alerts = [m for m in mails(app) if m["To"] == "organizers@example.org"]
    assert [m["Subject"] for m in alerts] == ["New co-signer on belarus_senate"]
    assert "Ada Lovelace waits for approval." in body(alerts[0])
