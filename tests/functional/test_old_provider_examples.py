"""Old provider plugins are tests: each captcha provider, delivery channel and mail transport that a
release's ``docs/plugins.md`` showed, kept exactly as shown (``tests/fixtures/plugins/<release>/``,
see its README), loads as a drop-in folder next to a campaign and does, end to end, what the guide
promised: the sign form asks its captcha, the channel's pages and commands serve its letters, the
transport hands the mail to its service. Those on names since deprecated work unchanged, and
``flask campaigns check`` says what to import instead. A fixture that fails here is a break of the
plugin contract, to be fixed in the platform, never in the fixture."""
from __future__ import annotations

import email
import email.policy
import logging
import re
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.support.old_plugins import (SUPPORTER, forget_old_plugins, mail_api, notices,  # noqa: F401 (fixtures)
                                       old_app)
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.plugins import Recorder, cli, confirm_by_email
from tests.support.signing import page_inputs, SENATE_SIGNER, captcha_answer, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, SENT, OutboxMessage
from undersigned.signing.models import Signature

CONTRACT = "import it from undersigned.contract"


def notice_about(app, plugin: str, name: str) -> str:
    """The one line of ``flask campaigns check`` saying that ``plugin`` uses the deprecated ``name``."""
    [line] = [line for line in notices(app, plugin) if f": {name} is deprecated" in line]
    return line


def post_sign_form(client, inputs: dict[str, str], captcha_token: str, answer: str, **supporter: str):
    data = dict(SUPPORTER, **supporter, csrf_token=inputs.get("csrf_token"), captcha_token=captcha_token,
                captcha_answer=answer)
    return client.post("/c/potholes", data=data)


def logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "logged_image_captcha"]


def test_stop_5s_logged_image_captcha_guards_the_sign_form(tmp_path, monkeypatch, caplog, forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-05/potholes", "stop-05/logged_image_captcha")
    caplog.set_level(logging.INFO, logger="logged_image_captcha")
    client = app.test_client()
    assert "/captcha/challenge.png" in client.get("/c/potholes").get_data(as_text=True)  # the core's picture
    inputs = page_inputs(client, "/c/potholes")  # which brings its challenge

    wrong = post_sign_form(client, inputs, inputs["captcha_token"], "not the code")
    assert wrong.status_code == 400 and "does not match the picture" in wrong.get_data(as_text=True)
    assert logged(caplog) == ["captcha not solved"]

    inputs = page_inputs(client, "/c/potholes")
    answer = captcha_answer(app, inputs["captcha_token"])
    assert post_sign_form(client, inputs, inputs["captcha_token"], answer).status_code == 302
    fresh = page_inputs(client, "/c/potholes")
    replay = post_sign_form(client, fresh, inputs["captcha_token"], answer, email="other@example.org")
    assert replay.status_code == 400 and logged(caplog) == ["captcha not solved"] * 2
    with app.app_context():
        assert db.session.scalars(select(Signature.email)).all() == [SUPPORTER["email"]]

    assert CONTRACT in notice_about(app, "logged_image_captcha", "undersigned.plugins.hookimpl")


def solve_sum(client, html: str) -> tuple[dict[str, str], str]:
    """The form's inputs and the answer to its sum, read from the provider's own route."""
    inputs = form_inputs(html)
    link = re.search(r'id="sum-question" href="([^"]+)"', html).group(1)
    assert link == f"/captcha/sum/{inputs['captcha_token']}.txt"
    a, b = re.fullmatch(r"What is (\d+) plus (\d+)\?", client.get(link).get_data(as_text=True)).groups()
    return inputs, str(int(a) + int(b))


def test_stop_13s_sum_captcha_is_the_one_the_sign_form_asks(tmp_path, monkeypatch, forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-13/potholes", "stop-13/sum_captcha", CAPTCHA_PROVIDER="sum")
    client = app.test_client()
    inputs, answer = solve_sum(client, client.get("/c/potholes").get_data(as_text=True))
    assert client.get("/captcha/sum/forged.txt").status_code == 404

    wrong = post_sign_form(client, inputs, inputs["captcha_token"], str(int(answer) + 1))
    assert wrong.status_code == 400
    assert "That sum is not right. Please work out the new one." in wrong.get_data(as_text=True)

    inputs, answer = solve_sum(client, wrong.get_data(as_text=True))
    assert post_sign_form(client, inputs, inputs["captcha_token"], answer).status_code == 302
    fresh, _ = solve_sum(client, client.get("/c/potholes").get_data(as_text=True))
    replay = post_sign_form(client, fresh, inputs["captcha_token"], answer, email="other@example.org")
    assert replay.status_code == 400
    assert confirm_by_email(client, app, SUPPORTER["email"]).status_code == 302
    assert "1 signature" in client.get("/c/potholes").get_data(as_text=True)

    assert CONTRACT in notice_about(app, "sum_captcha", "undersigned.captcha.base.CaptchaProvider")
    assert CONTRACT in notice_about(app, "sum_captcha", "undersigned.plugins.hookimpl")


@pytest.mark.parametrize("release, deprecated", [
    ("stop-05", {"undersigned.delivery.channels.JointChannel": "import it from undersigned.delivery.joint",
                 "undersigned.plugins.hookimpl": CONTRACT}),
    ("stop-13", {"undersigned.plugins.hookimpl": CONTRACT}),
])
def test_a_releases_alerting_joint_channel_tells_organizers_of_each_co_signer(release, deprecated, tmp_path, monkeypatch,
                                                                            forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, f"{release}/alerting_joint")
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    client = app.test_client()

    assert sign(client, app, "belarus_senate", **SENATE_SIGNER).status_code == 302
    assert confirm_by_email(client, app, SENATE_SIGNER["email"]).status_code == 302
    deliver(app)
    [alert] = mails_to(app, "organizers@example.org")
    assert alert["Subject"] == "New co-signer on belarus_senate"
    assert plain_text(alert).strip() == "Ada Lovelace waits for approval."
    assert "delivered" not in [event[0] for event in recorder.events]  # the alert is not the letter

    # the joint channel's own pages and commands are inherited
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert cli(app, "signatures", "approve", "belarus_senate", str(signature_id)).exit_code == 0
    assert "Ada Lovelace" in client.get("/c/belarus_senate/letter").get_data(as_text=True)

    for name, replacement in deprecated.items():
        assert replacement in notice_about(app, "alerting_joint", name)


def test_stop_13s_postcard_channel_serves_its_page_command_and_letters(tmp_path, monkeypatch, forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-13/postcard", "stop-13/potholes_by_post", "stop-13/potholes")
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    client = app.test_client()

    front = client.get("/c/potholes_by_post/postcard")
    assert front.status_code == 200 and "Greetings from Elm Street" in front.get_data(as_text=True)
    assert client.get("/c/potholes/postcard").status_code == 404  # a campaign on another channel

    assert sign(client, app, "potholes_by_post", **SUPPORTER).status_code == 302
    confirmed = confirm_by_email(client, app, SUPPORTER["email"])
    thanks = client.get(urlsplit(confirmed.location).path).get_data(as_text=True)
    assert "post it to City Hall, 1 Main Street, Springfield" in thanks
    assert 'href="/c/potholes_by_post/postcard"' in thanks

    assert cli(app, "signatures", "print-postcards", "potholes_by_post").output == "postcards sent to the print shop: 1\n"
    assert cli(app, "signatures", "print-postcards", "potholes_by_post").output == "postcards sent to the print shop: 0\n"
    deliver(app)
    [order] = mails_to(app, "orders@print-shop.example")
    assert order["Subject"] == "Postcard to Ana Gomez" and "Please fix the potholes on Elm Street." in plain_text(order)
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert ("delivered", signature_id, "confirmed", "potholes_by_post", False) in recorder.events

    assert CONTRACT in notice_about(app, "postcard", "undersigned.delivery.base.DeliveryChannel")


def sent_to_api(mail_api) -> list[EmailMessage]:
    """What the mail service accepted, as messages."""
    return [email.message_from_bytes(data, policy=email.policy.default) for data in mail_api.accepted]


def outbox_row(app, to: str) -> OutboxMessage:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)).one()


def confirm_from(client, message: EmailMessage):
    """Press the button behind the confirmation link of ``message``."""
    path = urlsplit(link_in(plain_text(message))).path
    csrf = page_inputs(client, path)["csrf_token"]
    return client.post(path, data={"csrf_token": csrf})


NO_OPEN = r"mail transport HttpApiTransport has send\(\) but no open\(\).*subclass undersigned\.contract\.Transport"


def test_stop_5s_http_api_transport_hands_the_mail_to_the_service(tmp_path, monkeypatch, mail_api, forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-05/potholes", "stop-05/http_api_transport",
                  MAIL_TRANSPORT="http_api", MAIL_API_URL=mail_api.url)
    client = app.test_client()
    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    with pytest.warns(DeprecationWarning, match=NO_OPEN):
        assert deliver(app) == 1
    [confirmation] = sent_to_api(mail_api)
    assert confirmation["To"] == SUPPORTER["email"]
    assert confirm_from(client, confirmation).status_code == 302
    with pytest.warns(DeprecationWarning, match=NO_OPEN):
        assert deliver(app) == 1
    assert sent_to_api(mail_api)[1]["To"] == "mayor@city.example"
    assert not Path(app.config["MAILBOX_FOLDER"]).exists()  # nothing went another way

    mail_api.status = 503  # the service is down: the message waits for the next pass
    assert sign(client, app, "potholes", **dict(SUPPORTER, email="rui@example.org")).status_code == 302
    with pytest.warns(DeprecationWarning, match=NO_OPEN):
        assert deliver(app) == 0
    assert mail_api.posts == 3 and len(mail_api.accepted) == 2
    waiting = outbox_row(app, "rui@example.org")
    assert (waiting.status, waiting.attempts, waiting.last_error) == (QUEUED, 1, "HTTPError")

    assert CONTRACT in notice_about(app, "http_api_transport", "undersigned.plugins.hookimpl")


def test_stop_13s_http_api_transport_hands_the_mail_to_the_service(tmp_path, monkeypatch, mail_api, forget_old_plugins):
    app = old_app(tmp_path, monkeypatch, "stop-13/potholes", "stop-13/http_api_transport",
                  MAIL_TRANSPORT="http_api", MAIL_API_URL=mail_api.url)
    client = app.test_client()
    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    assert deliver(app) == 1
    [confirmation] = sent_to_api(mail_api)
    assert confirmation["To"] == SUPPORTER["email"]
    assert confirm_from(client, confirmation).status_code == 302
    assert deliver(app) == 1
    assert sent_to_api(mail_api)[1]["To"] == "mayor@city.example"
    assert outbox_row(app, "mayor@city.example").status == SENT

    mail_api.status = 422  # the service refuses this message for good: no retry
    assert sign(client, app, "potholes", **dict(SUPPORTER, email="rui@example.org")).status_code == 302
    assert deliver(app) == 0
    assert mail_api.posts == 3 and len(mail_api.accepted) == 2
    refused = outbox_row(app, "rui@example.org")
    assert (refused.status, refused.attempts, refused.last_error) == (FAILED, 1, "PermanentFailure refused: 422")

    mail_api.status = 503  # the service is down: the message waits for the next pass
    assert sign(client, app, "potholes", **dict(SUPPORTER, email="eva@example.org")).status_code == 302
    assert deliver(app) == 0
    assert mail_api.posts == 4
    waiting = outbox_row(app, "eva@example.org")
    assert (waiting.status, waiting.attempts, waiting.last_error) == (QUEUED, 1, "HTTPError")

    assert CONTRACT in notice_about(app, "http_api_transport", "undersigned.mail.transports.Transport")
    assert CONTRACT in notice_about(app, "http_api_transport", "undersigned.mail.failures.PermanentFailure")
