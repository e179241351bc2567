"""A confirmation link that no longer works says why (signing.stale_links): an expired one offers
to send a new link (limited as resending is, and answering alike whatever became of the
signature), and a broken one says how to open it whole; neither is a bare "Page not found"."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from tests.support.clients import client_at
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import CONFIRMED, PENDING, Signature

SLUG = "belarus_state_dept"


def confirmation_paths(app) -> list[str]:
    """The path of every confirmation link e-mailed so far, oldest first."""
    deliver(app)
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text).filter_by(kind="confirm")
                                    .order_by(OutboxMessage.id))
        return [re.sub(r"^https?://[^/]+", "", link_in(body)) for body in bodies]


def later(app, monkeypatch, days: int | None = None) -> None:
    """The clock moved past the links' lifetime (``CONFIRM_MAX_AGE_DAYS``)."""
    moved = time.time() + (days or app.config["CONFIRM_MAX_AGE_DAYS"] + 1) * 86400
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: moved)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", None)


def status(app) -> str:
    with app.app_context():
        return db.session.scalars(select(Signature.status)).one()


def ask_for_a_new_link(client, path: str):
    page = client.get(path).get_data(as_text=True)
    return client.post(f"{path}/renew", data={"csrf_token": form_inputs(page)["csrf_token"]})


def test_an_expired_link_explains_and_sends_a_new_one_that_confirms(app, monkeypatch):
    client = client_at(app, "203.0.113.10")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    [old] = confirmation_paths(app)
    later(app, monkeypatch)
    expired = app.test_client().get(old)  # from the e-mail, in any browser
    html = expired.get_data(as_text=True)
    assert expired.status_code == 410
    assert "This confirmation link has expired" in html and "Page not found" not in html
    assert "Links to confirm work for 14 days" in html and "Send me a new link" in html
    assert "Jane" not in html and "example.org" not in html  # nothing about the signature
    assert expired.headers["Cache-Control"] == "private, no-store"

    answer = ask_for_a_new_link(client, old)
    assert answer.status_code == 302 and answer.location.endswith(old)
    shown = client.get(answer.location).get_data(as_text=True)
    assert "If your signature still waits for confirmation, we have sent a new link" in shown
    old_again, new = confirmation_paths(app)
    assert old_again == old and new != old
    page = client.get(new)
    assert page.status_code == 200
    confirmed = client.post(new, data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]})
    assert confirmed.status_code == 302 and "/thanks/" in confirmed.location and status(app) == CONFIRMED


def test_posting_the_old_confirmation_form_after_it_expired_explains_too(app, monkeypatch):
    client = app.test_client()
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    [path] = confirmation_paths(app)
    csrf = form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]
    later(app, monkeypatch)
    response = client.post(path, data={"csrf_token": csrf})
    assert response.status_code == 410 and "This confirmation link has expired" in response.get_data(as_text=True)
    assert status(app) == PENDING


def test_an_expired_link_of_a_confirmed_signature_answers_alike_and_sends_nothing(app, monkeypatch):
    client = app.test_client()
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    [path] = confirmation_paths(app)
    client.post(path, data={"csrf_token": form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]})
    assert status(app) == CONFIRMED
    later(app, monkeypatch)
    page = client.get(path)
    assert page.status_code == 410 and "Send me a new link" in page.get_data(as_text=True)
    answer = ask_for_a_new_link(client, path)
    assert answer.status_code == 302
    assert "If your signature still waits for confirmation" in client.get(answer.location).get_data(as_text=True)
    assert confirmation_paths(app) == [path]  # nothing sent


@pytest.mark.config(RATELIMIT_RESEND="1 per hour")
def test_asking_for_new_links_is_limited_as_resending_is(app, monkeypatch):
    sign(app.test_client(), app, SLUG, **STATE_DEPT_SIGNER)
    [path] = confirmation_paths(app)
    later(app, monkeypatch)
    assert ask_for_a_new_link(client_at(app, "203.0.113.11"), path).status_code == 302
    assert ask_for_a_new_link(client_at(app, "203.0.113.11"), path).status_code == 429  # per client
    assert ask_for_a_new_link(client_at(app, "203.0.113.12"), path).status_code == 429  # per mailbox
    assert len(confirmation_paths(app)) == 2


def test_a_broken_link_says_how_to_open_it_whole(app, client):
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    [path] = confirmation_paths(app)
    for broken in (path[:-6], f"/c/{SLUG}/confirm/not-a-token", path.replace(SLUG, "belarus_senate")):
        response = client.get(broken)
        html = response.get_data(as_text=True)
        assert response.status_code == 404, broken
        assert "This confirmation link does not work" in html and "copy the whole link" in html
        assert "Send me a new link" not in html
        assert client.post(f"{broken}/renew", data={}).status_code in (400, 404)
    russian = client.get(f"/ru/c/{SLUG}/confirm/not-a-token").get_data(as_text=True)
    assert "Эта ссылка для подтверждения не работает" in russian
