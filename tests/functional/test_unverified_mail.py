"""No phishing relay: mail to an address that has not proved itself carries no text the sender
typed. Someone enters a victim's address with a name and a message of their own making on the
help form and the sign form (and corrects a signature's address to the victim's); every message
the victim then gets from the platform's own, DKIM-signed sender says only what the platform
wrote, with links to the platform alone. What was typed stays on the platform's pages, shown as
text behind a link only the mailbox holds."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.support.console import create_user, login
from tests.support.helpdesk import SLUG, ask
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.extensions import db
from undersigned.helpdesk.models import HelpRequest

VICTIM, OTHER_VICTIM = "victim@example.org", "second.victim@example.org"
BAIT_NAME = "visit https://evil.example/confirm"
BAIT_MESSAGE = "Your account is locked. Unlock it at evil-example.com/unlock within 24 hours."
#: What the platform writes links to (tests run with SERVER_NAME undersigned.test).
PLATFORM = "http://undersigned.test/"


def bodies(message) -> list[str]:
    """The message's plain-text body and, if it has one, its HTML body."""
    html = message.get_body(preferencelist=("html",))
    return [plain_text(message)] + ([html.get_content()] if html is not None else [])


def assert_only_platform_text(message) -> None:
    for body in bodies(message):
        assert "evil" not in body.lower() and "visit" not in body.lower(), body
        assert "Unlock" not in body and "locked" not in body, body
        for link in re.findall(r"https?://[^\s\"'<>]+", body):
            assert link.startswith(PLATFORM), link
    assert "evil" not in message["Subject"].lower()


def test_the_help_form_mails_an_unproved_address_nothing_the_sender_typed(app):
    create_user(app, "org@example.org", campaigns=(SLUG,))
    response = ask(app.test_client(), app, name=BAIT_NAME, email=VICTIM, country="DE", language="en",
                   message=BAIT_MESSAGE)
    assert response.status_code == 302
    deliver(app)
    [acknowledgement] = mails_to(app, VICTIM)
    assert_only_platform_text(acknowledgement)
    text = plain_text(acknowledgement)
    assert "We have your request for help about" in text and "If you did not write to us" in text

    # the link leads to the request's own page, where the sender's text is shown as text
    path = urlsplit(re.search(r"https?://\S+", text).group(0)).path
    page = app.test_client().get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and BAIT_MESSAGE in html
    assert 'href="https://evil' not in html and 'href="evil' not in html
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"

    # the organizers' answer goes to the same unproved address: their text, not the sender's
    organizer = app.test_client()
    login(organizer, "org@example.org")
    with app.app_context():
        request_id = db.session.scalars(select(HelpRequest.id)).one()
    thread = f"/console/campaigns/{SLUG}/help/{request_id}"
    csrf = form_inputs(organizer.get(thread).get_data(as_text=True))["csrf_token"]
    organizer.post(f"{thread}/answer", data={"csrf_token": csrf, "body": "We never lock accounts."})
    deliver(app)
    answer = mails_to(app, VICTIM)[-1]
    assert_only_platform_text(answer)
    assert "We never lock accounts." in plain_text(answer)
    assert "We never lock accounts." in app.test_client().get(path).get_data(as_text=True)


def test_the_sign_form_mails_an_unproved_address_nothing_the_signer_typed(app):
    bait = dict(STATE_DEPT_SIGNER, first_name=BAIT_NAME, email=VICTIM)
    signer = app.test_client()
    assert sign(signer, app, "belarus_state_dept", **bait).status_code == 302      # the confirmation
    assert sign(app.test_client(), app, "belarus_state_dept", **bait).status_code == 302  # "already signed"
    deliver(app)
    confirmation, reminder = mails_to(app, VICTIM)
    assert confirmation.get_body(preferencelist=("html",)) is not None
    for message in (confirmation, reminder):
        assert_only_platform_text(message)

    # a signature moved to another address: the confirmation there says no more
    second = app.test_client()
    assert sign(second, app, "belarus_state_dept", **dict(bait, email="typo@example.org")).status_code == 302
    page = second.get("/c/belarus_state_dept/check-email").get_data(as_text=True)
    corrected = second.post("/c/belarus_state_dept/check-email/correct",
                            data={"csrf_token": form_inputs(page)["csrf_token"], "email": OTHER_VICTIM})
    assert corrected.status_code == 302
    deliver(app)
    [moved] = mails_to(app, OTHER_VICTIM)
    assert_only_platform_text(moved)
