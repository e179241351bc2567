"""Rate limits (security.limits) on signing, confirming and captchas (and the mechanism a help form
will use): per client and per mailbox, counted under keyed hashes; a clear 429 page in the reader's
language; memory by default, falling back to memory when the storage is unreachable."""
from __future__ import annotations

import re

import pytest
from flask import Blueprint, request
from sqlalchemy import func, select

from tests.support.clients import client_at, empty_post
from tests.support.outbox import deliver
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.security.identity import canonical_email, ip_hash
from undersigned.security.limits import current_limits, email_key, limit
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def signatures(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Signature))


@pytest.mark.config(RATELIMIT_SIGN="3 per minute")
def test_signing_is_limited_per_client_with_a_clear_page(app):
    client = client_at(app, "198.51.100.7")
    assert [empty_post(client, SLUG).status_code for _ in range(3)] == [400, 400, 400]
    limited_response = empty_post(client, SLUG)
    html = limited_response.get_data(as_text=True)
    assert limited_response.status_code == 429
    assert "Too many attempts" in html and "Traceback" not in html
    assert 1 <= int(limited_response.headers["Retry-After"]) <= 60
    assert "please send the form again in 1 minute." in html  # the form itself comes back
    # a signature with a correct captcha is refused too, and nothing is written
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 429
    assert signatures(app) == 0
    # another client is not affected
    assert empty_post(client_at(app, "198.51.100.8"), SLUG).status_code == 400


@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
@pytest.mark.parametrize("language, title", [("ru", "Слишком много попыток"), ("be", None)])
def test_the_429_page_is_in_the_readers_language(app, language, title):
    from flask_babel import force_locale, gettext
    client = client_at(app, "198.51.100.9")
    empty_post(client, SLUG, f"/{language}")
    response = empty_post(client, SLUG, f"/{language}")
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and f'lang="{language}"' in html
    with app.test_request_context(f"/{language}/"), force_locale(language):
        expected = gettext("Too many attempts")
    assert expected in html and expected != "Too many attempts"
    assert title is None or title == expected


@pytest.mark.config(RATELIMIT_SIGN="2 per minute")
def test_an_ipv6_client_is_one_64_network(app):
    first, same_network = client_at(app, "2001:db8:1:2::1"), client_at(app, "2001:db8:1:2:ffff::9")
    empty_post(first, SLUG)
    empty_post(same_network, SLUG)
    assert empty_post(first, SLUG).status_code == 429
    assert empty_post(client_at(app, "2001:db8:1:3::1"), SLUG).status_code == 400  # another /64
    with app.test_request_context():
        assert ip_hash("2001:db8:1:2::1") == ip_hash("2001:db8:1:2:ffff::9") != ip_hash("2001:db8:1:3::1")
        assert ip_hash("::ffff:192.0.2.1") == ip_hash("192.0.2.1")


@pytest.mark.config(RATELIMIT_SIGN_EMAIL="2 per hour")
def test_signing_is_limited_per_mailbox_whatever_the_address_or_spelling(app):
    gmail = dict(STATE_DEPT_SIGNER, email="jane.doe@gmail.com")
    assert sign(client_at(app, "192.0.2.1"), app, SLUG, **gmail).status_code == 302
    again = dict(gmail, email="Jane.Doe+petition@googlemail.com")  # the same mailbox
    assert sign(client_at(app, "192.0.2.2"), app, SLUG, **again).status_code == 302  # answered by e-mail
    third = sign(client_at(app, "192.0.2.3"), app, "belarus_senate", **dict(gmail, email="janedoe@gmail.com",
                                                                         title="Senator", organization="Senate"))
    assert third.status_code == 429
    other = dict(STATE_DEPT_SIGNER, email="someone@example.org")
    assert sign(client_at(app, "192.0.2.3"), app, SLUG, **other).status_code == 302


@pytest.mark.config(RATELIMIT_CONFIRM="2 per minute")
def test_confirming_is_limited(app):
    client = client_at(app, "192.0.2.20")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text)).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    csrf = page_inputs(client, path)["csrf_token"]
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302  # idempotent
    assert client.post(path, data={"csrf_token": csrf}).status_code == 429
    assert client.post("/c/belarus_state_dept/confirm/forged", data={"csrf_token": csrf}).status_code == 429


@pytest.mark.config(RATELIMIT_CONFIRM_EMAIL="1 per hour", RATELIMIT_CONFIRM="100 per minute")
def test_confirming_is_limited_per_mailbox_too(app):
    assert sign(app.test_client(), app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    with app.app_context():
        path = re.sub(r"^https?://[^/]+", "", link_in(db.session.scalars(select(OutboxMessage.body_text)).one()))
    for n, address in enumerate(("192.0.2.30", "192.0.2.31")):
        client = client_at(app, address)
        csrf = page_inputs(client, "/console/login")["csrf_token"]
        assert client.post(path, data={"csrf_token": csrf}).status_code == (302 if n == 0 else 429)


@pytest.mark.config(RATELIMIT_CAPTCHA="2 per minute")
def test_captcha_pictures_and_recordings_are_limited(app):
    client = client_at(app, "192.0.2.70")
    assert client.get("/captcha/challenge.png").status_code == 200
    assert client.get("/captcha/challenge.wav").status_code == 200
    assert client.get("/captcha/challenge.png").status_code == 429


@pytest.mark.own_app  # it adds a page
@pytest.mark.config(RATELIMIT_HELP="2 per minute", RATELIMIT_HELP_EMAIL="1 per hour")
def test_the_mechanism_a_help_form_uses(app):
    """What a future help page does: ``limit`` per client, ``limit(key=email_key(...))`` per mailbox."""
    bp = Blueprint("help_demo", __name__)

    @bp.post("/help-demo")
    def ask():
        with limit("RATELIMIT_HELP"), \
                limit("RATELIMIT_HELP_EMAIL", key=email_key(canonical_email(request.form["email"]))):
            return "sent"

    app.register_blueprint(bp)
    app.config["WTF_CSRF_ENABLED"] = False
    first, second = client_at(app, "192.0.2.80"), client_at(app, "192.0.2.81")
    assert first.post("/help-demo", data={"email": "a@example.org"}).status_code == 200
    assert second.post("/help-demo", data={"email": "a@example.org"}).status_code == 429  # per mailbox
    assert first.post("/help-demo", data={"email": "b@example.org"}).status_code == 200
    assert first.post("/help-demo", data={"email": "c@example.org"}).status_code == 429  # per client


@pytest.mark.config(RATELIMIT_SIGN="2 per minute", RATELIMIT_SIGN_EMAIL="5 per minute")
def test_the_limit_storage_holds_no_address_and_no_email(app):
    client = client_at(app, "203.0.113.99")
    for _ in range(3):
        sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    with app.app_context():
        storage = current_limits().storage
    keys = " ".join(map(str, storage.storage.keys()))  # the memory storage's own dict
    assert keys and "undersigned" in keys
    assert "203.0.113.99" not in keys and "example.org" not in keys.lower()


@pytest.mark.config(RATELIMIT_ENABLED=False, RATELIMIT_SIGN="1 per minute")
def test_without_limits_captcha_codes_still_answer_once(app):
    client = app.test_client()
    assert [empty_post(client, SLUG).status_code for _ in range(3)] == [400, 400, 400]
    page = page_inputs(client, f"/c/{SLUG}")
    data = dict(STATE_DEPT_SIGNER, csrf_token=page.get("csrf_token"), captcha_token=page["captcha_token"],
                captcha_answer=captcha_answer(app, page["captcha_token"]))
    assert client.post(f"/c/{SLUG}", data=data).status_code == 302
    assert client.post(f"/c/{SLUG}", data=dict(data, email="x@example.org")).status_code == 400


@pytest.mark.config(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", RATELIMIT_SIGN="2 per minute")
def test_an_unreachable_limit_storage_falls_back_to_memory_not_to_errors(app, caplog):
    client = client_at(app, "192.0.2.90")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    assert empty_post(client, SLUG).status_code == 400
    assert empty_post(client, SLUG).status_code == 429  # still limited, per process
    assert any("rate-limit storage unreachable" in r.getMessage() for r in caplog.records)


