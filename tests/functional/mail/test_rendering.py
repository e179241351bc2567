"""The mail a request sends is rendered by the worker (issue 12: the sign request does no work
the worker could do), in the signer's language, and only while it still has someone to reach."""
from __future__ import annotations

from sqlalchemy import select

from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import SENT, OutboxMessage

SLUG = "belarus_state_dept"


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_signing_queues_the_confirmation_unrendered_and_the_worker_sends_it_in_the_signers_language(app, client):
    assert sign(client, app, SLUG, "/ru", **STATE_DEPT_SIGNER).status_code == 302
    queued, = outbox(app)
    assert (queued.body_text, queued.body_html, queued.template) == ("", None, "emails/confirm")
    assert deliver(app) == 1
    sent, = outbox(app)
    assert sent.status == SENT and sent.template is None and sent.render_context is None
    mail, = mails_to(app, "Jane.Doe@example.org")
    text = plain_text(mail)
    assert text.startswith("Здравствуйте!") and "/ru/c/belarus_state_dept/confirm/" in text
    assert mail.get_body(preferencelist=("html",)) is not None
    confirm_page = client.get(link_in(text).replace("http://undersigned.test", ""))
    assert confirm_page.status_code == 200 and 'lang="ru"' in confirm_page.get_data(as_text=True)


def test_a_repeat_signature_is_answered_by_the_worker_too(app, client):
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    sign(app.test_client(), app, SLUG, **STATE_DEPT_SIGNER)
    assert [(m.kind, m.body_text) for m in outbox(app)] == [("confirm", ""), ("reminder", "")]
    assert deliver(app) == 2
    first, repeat = mails_to(app, "Jane.Doe@example.org")
    assert "You have already signed" in repeat["Subject"]
    assert "not confirmed yet" in plain_text(repeat) and "/c/belarus_state_dept/confirm/" in plain_text(repeat)


def test_a_corrected_address_before_the_worker_runs_leaves_the_mistyped_mailbox_nothing(app, client):
    sign(client, app, SLUG, **dict(STATE_DEPT_SIGNER, email="jane@exmaple.org"))
    csrf = form_inputs(client.get(f"/c/{SLUG}/check-email").get_data(as_text=True))["csrf_token"]
    client.post(f"/c/{SLUG}/check-email/correct", data={"csrf_token": csrf, "email": "jane@example.org"})
    assert deliver(app) == 1
    assert mails_to(app, "jane@exmaple.org") == []
    corrected, = mails_to(app, "jane@example.org")
    assert client.get(link_in(plain_text(corrected)).replace("http://undersigned.test", "")).status_code == 200
    assert [m.to_address for m in outbox(app)] == ["jane@example.org"]


def test_a_signature_withdrawn_before_the_worker_runs_gets_no_confirmation(app, client):
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    with app.app_context():
        withdraw = outbox(app)[0].render_context["withdraw_link"]
    path = withdraw.replace("http://undersigned.test", "")
    csrf = form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]
    assert client.post(path, data={"csrf_token": csrf}).status_code in (200, 302)
    assert deliver(app) == 0
    assert mails_to(app, "Jane.Doe@example.org") == [] and outbox(app) == []
