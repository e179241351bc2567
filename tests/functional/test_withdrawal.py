"""A supporter withdraws their signature from the link in their e-mail or on their thank-you
page: it stops counting (once), their personal data is erased, the links die; and they can ask
for a copy of what is held, which goes only to the address they signed with."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import use_smtp
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.campaigns import counters
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import CONFIRMED, WITHDRAWN, Signature

SLUG = "belarus_state_dept"
LINK = re.compile(r"https?://\S+")


def links(text: str) -> list[str]:
    return [urlsplit(link).path for link in LINK.findall(text)]


def confirmed_count(app) -> int:
    with app.app_context():
        return counters.confirmed_count(SLUG)


def the_signature(app) -> Signature:
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        db.session.expunge(signature)
        return signature


def post_form(client, path: str, button_path: str | None = None):
    """GET ``path`` and POST its form (to ``button_path`` if given) with the page's CSRF token."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    csrf = form_inputs(page.get_data(as_text=True))["csrf_token"]
    return client.post(button_path or path, data={"csrf_token": csrf})


@pytest.fixture
def signed(app, smtp_server):
    """Jane has signed (not confirmed yet); her confirmation e-mail went over real SMTP."""
    use_smtp(app, smtp_server)
    client = app.test_client()
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    assert deliver(app) == 1
    return client


def confirm(client, smtp_server) -> str:
    """Confirm from the e-mailed link; the thank-you page's path."""
    confirm_link = links(smtp_server.text_of(0))[0]
    thanks = post_form(client, confirm_link)
    assert thanks.status_code == 302
    return urlsplit(thanks.location).path


def test_the_confirmation_email_carries_a_withdraw_link_after_the_confirm_link(app, signed, smtp_server):
    body = smtp_server.text_of(0)
    confirm_link, withdraw_link = links(body)
    assert "/confirm/" in confirm_link and "/withdraw/" in withdraw_link
    assert "withdraw your signature and erase your data" in body
    html = smtp_server.messages[0].get_body(("html",)).get_content()
    assert "Withdraw my signature and erase my data" in html


def test_withdrawing_a_confirmed_signature_subtracts_it_once_and_erases_the_person(app, signed, smtp_server):
    client = signed
    thanks = confirm(client, smtp_server)
    assert confirmed_count(app) == 1
    page = client.get(thanks).get_data(as_text=True)
    withdraw = next(path for path in re.findall(r'href="([^"]+)"', page) if "/withdraw/" in path)

    shown = client.get(withdraw)
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "private, no-store" and shown.headers["Referrer-Policy"] == "no-referrer"
    assert "we erase your e-mail address, your name and everything you typed" in shown.get_data(as_text=True)
    assert the_signature(app).status == CONFIRMED  # looking changes nothing

    done = post_form(client, withdraw)
    assert done.status_code == 302 and done.location.endswith(f"/c/{SLUG}/withdrawn")
    assert "Your signature is withdrawn" in client.get(done.location).get_data(as_text=True)
    assert confirmed_count(app) == 0

    signature = the_signature(app)
    assert signature.status == WITHDRAWN and signature.withdrawn_at and signature.erased_at
    assert signature.email is None and signature.ip_hash is None and not signature.public_name
    assert "Jane" not in str(signature.fields) and "Doe" not in str(signature.fields)
    assert signature.fields == {"country": "US", "us_state": "OR"}  # the counts by place survive
    assert signature.created_at and signature.confirmed_at and signature.locale == "en"
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()  # the confirmation, emptied
        assert (message.to_address, message.body_text, message.body_html) == ("", "", None)

    # every link dies with it; a second POST changes no count
    assert client.get(thanks).status_code == 404
    assert client.get(withdraw).status_code == 404
    csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    assert client.post(withdraw, data={"csrf_token": csrf}).status_code == 404
    assert confirmed_count(app) == 0


def test_a_pending_signer_withdraws_from_the_email_and_the_count_never_moves(app, signed, smtp_server):
    client = signed
    withdraw = links(smtp_server.text_of(0))[1]
    assert post_form(client, withdraw).status_code == 302
    assert confirmed_count(app) == 0
    assert the_signature(app).status == WITHDRAWN
    # the confirmation link no longer confirms anything
    confirm_link = links(smtp_server.text_of(0))[0]
    assert "can no longer be confirmed" in client.get(confirm_link).get_data(as_text=True)
    assert confirmed_count(app) == 0


def test_the_confirmation_link_also_opens_the_withdraw_page(app, signed, smtp_server):
    client = signed
    confirm_link = links(smtp_server.text_of(0))[0]
    withdraw = confirm_link.replace("/confirm/", "/withdraw/")
    assert post_form(client, withdraw).status_code == 302
    assert the_signature(app).status == WITHDRAWN


def test_the_address_can_sign_again_after_withdrawing(app, signed, smtp_server):
    client = signed
    assert post_form(client, links(smtp_server.text_of(0))[1]).status_code == 302
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        statuses = sorted(db.session.scalars(select(Signature.status)))
    assert statuses == ["pending", "withdrawn"]


def test_withdrawing_needs_the_form_not_just_the_link(app, signed, smtp_server):
    withdraw = links(smtp_server.text_of(0))[1]
    assert signed.post(withdraw, data={}).status_code == 400  # no CSRF token
    assert signed.get(withdraw.rsplit("/", 1)[0] + "/forged-token").status_code == 404
    assert the_signature(app).status == "pending"


def test_a_copy_of_the_data_goes_only_to_the_signed_address(app, signed, smtp_server):
    client = signed
    thanks = confirm(client, smtp_server)
    deliver(app)  # what confirming sends (the channel's own e-mail)
    page = client.get(thanks).get_data(as_text=True)
    copy_path = re.search(r'action="([^"]+/copy/[^"]+)"', page).group(1)
    answered = post_form(client, thanks, copy_path)
    assert answered.status_code == 302 and urlsplit(answered.location).path == thanks
    assert "We are sending a copy" in client.get(thanks).get_data(as_text=True)
    assert deliver(app) == 1
    confirmation, copy = smtp_server.messages[0], smtp_server.messages[-1]
    assert copy["Subject"].startswith("What we hold about your signature")
    assert copy["To"] == confirmation["To"] == "Jane.Doe@example.org"
    body = smtp_server.text_of()
    assert "First name: Jane" in body and "Last name: Doe" in body and "US" in body
    assert "E-mail address: Jane.Doe@example.org" in body
    # what the signer filled in, then apart what the platform recorded
    answers, recorded = body.split("What we recorded about your signature:")
    assert "What you filled in on the form:" in answers and "First name: Jane" in answers
    assert "Language: English" in recorded and "First name" not in recorded
    assert the_signature(app).ip_hash not in body  # never the IP hash
    assert "/withdraw/" in links(body)[0]


@pytest.mark.config(RATELIMIT_DATA_COPY_EMAIL="2 per day")
def test_asking_for_copies_again_and_again_gets_the_same_answer_and_fills_no_mailbox(app, signed, smtp_server):
    client = signed
    thanks = confirm(client, smtp_server)
    deliver(app)  # what confirming sends (the channel's own e-mail)
    copy_path = thanks.replace("/thanks/", "/copy/")
    for _ in range(4):
        answered = post_form(client, thanks, copy_path)
        assert answered.status_code == 302
        assert "We are sending a copy" in client.get(thanks).get_data(as_text=True)
    assert deliver(app) == 2
