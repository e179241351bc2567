"""Both seed campaigns end to end: sign, receive the confirmation on a real SMTP server, follow
the link, confirm, and see the count rise; on SQLite and on PostgreSQL."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import use_smtp
from tests.support.outbox import deliver
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.security.tokens import CONFIRM, SIGNER, read_token
from undersigned.signing.models import Signature


def path_of(url: str) -> str:
    return urlsplit(url).path


def count_on_home(client, slug: str) -> str:
    html = client.get("/").get_data(as_text=True)
    card = html.split(f'href="/c/{slug}"', 1)[1]
    return card.split('class="count"><strong>', 1)[1].split("<", 1)[0].strip()


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_state_dept_letter_from_signature_to_reported_submission(backend_app, smtp_server):
    app = backend_app
    use_smtp(app, smtp_server)
    client = app.test_client()
    assert count_on_home(client, "belarus_state_dept") == "0 signatures"

    response = sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    assert response.status_code == 302
    assert "check your e-mail" in client.get(response.location).get_data(as_text=True)

    assert deliver(app) == 1
    message = smtp_server.messages[-1]
    assert message["To"] == "Jane.Doe@example.org"
    assert "Please confirm your signature" in message["Subject"]
    link = link_in(smtp_server.text_of())

    # following the link (as a mail scanner would) shows a button; it does not confirm
    page = client.get(path_of(link))
    assert "Yes, confirm my signature" in page.get_data(as_text=True)
    assert count_on_home(client, "belarus_state_dept") == "0 signatures"

    csrf = form_inputs(page.get_data(as_text=True))["csrf_token"]
    confirmed = client.post(path_of(link), data={"csrf_token": csrf})
    assert confirmed.status_code == 302
    thanks = client.get(confirmed.location).get_data(as_text=True)
    assert "Your signature is confirmed and counted." in thanks
    assert "Letter in Support of Belarus" in thanks
    assert "Jane Doe" in thanks and "[Signatory Name]" not in thanks
    assert "https://contact.example.gov/form" in thanks
    assert 'data-copy="letter-text"' in thanks
    assert count_on_home(client, "belarus_state_dept") == "1 signature"

    csrf = form_inputs(thanks)["csrf_token"]
    sent_url = path_of(confirmed.location).replace("/thanks/", "/sent/")
    after = client.post(sent_url, data={"csrf_token": csrf}, follow_redirects=True)
    assert "We have counted your letter as sent." in after.get_data(as_text=True)
    assert "confirmed: 1  reported sent: 1" in app.test_cli_runner().invoke(args=["campaigns", "list"]).output
    with app.app_context():
        signature = db.session.scalars(select(Signature)).one()
        assert signature.status == "confirmed" and signature.reported_sent_at is not None
        assert signature.email_canonical == "jane.doe@example.org"
        assert "ip" not in signature.fields and signature.ip_hash and "127.0.0.1" not in signature.ip_hash


def test_senate_co_signer_appears_on_the_joint_letter_once_approved(backend_app, smtp_server):
    app = backend_app
    use_smtp(app, smtp_server)
    client = app.test_client()
    assert sign(client, app, "belarus_senate", **SENATE_SIGNER).status_code == 302
    assert deliver(app) == 1
    link = link_in(smtp_server.text_of())
    csrf = form_inputs(client.get(path_of(link)).get_data(as_text=True))["csrf_token"]
    thanks = client.post(path_of(link), data={"csrf_token": csrf}, follow_redirects=True)
    assert "check every co-signer" in thanks.get_data(as_text=True)
    assert count_on_home(client, "belarus_senate") == "1 signature"

    letter = client.get("/c/belarus_senate/letter").get_data(as_text=True)
    assert "Ada Lovelace" not in letter  # not approved yet
    assert "Sincerely," in letter and "Dear Secretary Pompeo," in letter

    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    result = app.test_cli_runner().invoke(args=["signatures", "approve", "belarus_senate", str(signature_id)])
    assert result.exit_code == 0, result.output
    letter = client.get("/c/belarus_senate/letter").get_data(as_text=True)
    assert "Ada Lovelace" in letter and "State Senator" in letter and "Oregon State Senate" in letter
    assert "1 signatory" in letter


def test_a_repeat_signature_is_answered_in_the_mailbox_only_and_writes_no_second_row(backend_app, smtp_server):
    """The page cannot tell anyone whether an address has signed: a repeat looks like a first
    signature, and only the mailbox's owner learns it signed already, with their link again."""
    app = backend_app
    use_smtp(app, smtp_server)
    client = app.test_client()
    first = sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    again = sign(client, app, "belarus_state_dept", **dict(STATE_DEPT_SIGNER, email="JANE.DOE@example.org"))
    assert first.status_code == again.status_code == 302
    assert first.location == again.location
    assert deliver(app) == 2
    confirmation, reminder = smtp_server.messages
    assert "You have already signed" in reminder["Subject"]
    assert reminder["To"] == "JANE.DOE@example.org"
    assert "not confirmed yet" in smtp_server.text_of(1)
    # the same signature's confirmation link (the token's time stamp may differ by a second)
    with app.test_request_context():
        tokens = [link_in(smtp_server.text_of(n)).rsplit("/", 1)[1] for n in (0, 1)]
        assert read_token(CONFIRM, tokens[0]) == read_token(CONFIRM, tokens[1]) is not None

    # once confirmed, a repeat brings the signer's own page back
    link = path_of(link_in(smtp_server.text_of(0)))
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    thanks = client.post(link, data={"csrf_token": csrf})
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    deliver(app)
    assert "confirmed and counted" in smtp_server.text_of()
    with app.test_request_context():
        again, first = (path_of(url).rsplit("/", 1)[1] for url in (link_in(smtp_server.text_of()), thanks.location))
        assert read_token(SIGNER, again) == read_token(SIGNER, first) is not None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 1
