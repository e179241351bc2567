"""Web security every page gets: CSRF on every POST, security headers on every response (CSP
with nonces, HSTS over HTTPS, no framing), production cookie flags, a friendly 413, private
signer pages, e-mail headers that cannot be injected, and logs without personal data."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from tests.conftest import make_app
from tests.support.production import PRODUCTION
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import csrf, db
from undersigned.mail.models import OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.mail.transports import build_message
from undersigned.mail.worker import deliver_due
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def sample_responses(app):
    """One response of every kind: pages, errors, static files, captcha media, refusals."""
    client = app.test_client()
    html = client.get(f"/c/{SLUG}").get_data(as_text=True)
    token = form_inputs(html)["captcha_token"]
    return {
        "home": client.get("/"),
        "home ru": client.get("/ru/"),
        "campaign": client.get(f"/c/{SLUG}"),
        "joint letter": client.get("/c/belarus_senate/letter"),
        "not found": client.get("/c/nothing-here"),
        "method not allowed": client.get(f"/c/{SLUG}/sent/x"),
        "refused form": client.post(f"/c/{SLUG}", data={}),
        "csrf error": client.post(f"/c/{SLUG}/confirm/x", data={}),
        "too large": client.post(f"/c/{SLUG}", data={"first_name": "x" * 100_000}),
        "static": client.get("/static/css/site.css"),
        "captcha image": client.get(f"/captcha/{token}.png"),
        "captcha audio": client.get(f"/captcha/{token}.wav"),
        "login": client.get("/console/login"),
        "head": client.head("/"),
    }


def test_every_response_carries_the_security_headers(app):
    for name, response in sample_responses(app).items():
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy, name
        assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", policy), name
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, name
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy, name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer"), name
        assert headers.get("X-Frame-Options") == "DENY", name
        assert "Strict-Transport-Security" not in headers, name  # plain HTTP: no HSTS
        assert response.status_code < 500, name


def test_hsts_is_sent_over_https(app):
    response = app.test_client().get("/", base_url="https://undersigned.test")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_every_script_carries_this_responses_nonce_and_nothing_runs_inline_without_it(app):
    client = app.test_client()
    seen = set()
    for path in ("/", f"/c/{SLUG}", "/c/belarus_senate", "/c/belarus_senate/letter", "/ru/", "/console/login"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"]).group(1)
        seen.add(nonce)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert f'nonce="{nonce}"' in tag, (path, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path  # no inline event handlers
        assert "javascript:" not in html, path
    assert len(seen) == 6  # a new nonce every response


def route_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if isinstance(converter, IntegerConverter) else (SLUG if name == "slug" else "x")
    return rule.build(values)[1]


def test_every_post_route_refuses_a_request_without_a_csrf_token(app):
    app.config["WTF_CSRF_CHECK_DEFAULT"] = True
    client = app.test_client()
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        path = route_url(rule)
        response = client.post(path, data={"csrf_token": "", "email": "a@example.org", "password": "x"})
        assert response.status_code == 400, (rule.endpoint, response.status_code)
        html = response.get_data(as_text=True)
        assert "expired" in html, rule.endpoint
        checked.append(rule.endpoint)
    assert {"signing.sign", "signing.confirm_post", "self_submit.report_sent", "users.login"} <= set(checked)


def test_only_the_sign_and_login_forms_are_exempt_from_the_global_csrf_check_and_check_their_own(app):
    # exempt so that an expired token keeps what was typed; each form validates its own token
    assert csrf._exempt_views == {"undersigned.signing.views.sign", "undersigned.users.auth.login"}
    login = app.test_client().post("/console/login", data={"email": "a@example.org", "password": "x"})
    assert login.status_code == 400 and "This form has expired" in login.get_data(as_text=True)
    response = sign(app.test_client(), app, SLUG, **dict(STATE_DEPT_SIGNER))
    assert response.status_code == 302
    page = form_inputs(app.test_client().get(f"/c/{SLUG}").get_data(as_text=True))
    forged = app.test_client().post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER, csrf_token=page["csrf_token"]))
    assert forged.status_code == 400  # a token from another session is refused


def test_production_session_cookies_are_secure_httponly_and_samesite(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, TESTING=False, **PRODUCTION)
    response = app.test_client().get(f"/c/{SLUG}", base_url="https://undersigned.test")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_request_that_is_too_large_gets_a_friendly_413(app):
    client = app.test_client()
    for path, data in ((f"/c/{SLUG}", {"first_name": "x" * 100_000}),
                       ("/console/login", {"email": "x" * 100_000}),
                       (f"/c/{SLUG}/confirm/x", {"csrf_token": "y" * 100_000})):
        response = client.post(path, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 413, path
        assert "That was too much to send" in html and "Traceback" not in html
    raw = client.post(f"/c/{SLUG}", data=b"a=" + b"b" * 70_000, content_type="application/x-www-form-urlencoded")
    assert raw.status_code == 413
    with app.app_context():
        assert db.session.scalar(select(Signature.id)) is None


def test_pages_carrying_a_signers_token_are_neither_cached_nor_referred(app):
    client = app.test_client()
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text)).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    confirm = client.get(path)
    assert confirm.headers["Cache-Control"] == "no-store" and confirm.headers["Referrer-Policy"] == "no-referrer"
    csrf_token = form_inputs(confirm.get_data(as_text=True))["csrf_token"]
    thanks = client.post(path, data={"csrf_token": csrf_token}, follow_redirects=True)
    assert thanks.headers["Cache-Control"] == "no-store" and thanks.headers["Referrer-Policy"] == "no-referrer"
    assert "Jane" in thanks.get_data(as_text=True)


@pytest.mark.parametrize("subject", ["Hi\r\nBcc: victim@example.org", "Hi\nBcc: victim@example.org",
                                     "Hi\rBcc: victim@example.org", "Hi\u2028Bcc: victim@example.org"])
def test_no_header_can_be_injected_through_a_subject(app, subject):
    with app.test_request_context():
        message = enqueue(kind="test", to="reader@example.org", subject=subject, template="emails/letter",
                          language="en", letter="body")
        assert "\n" not in message.subject and "\r" not in message.subject
        built = build_message(app, message)
    assert built["Bcc"] is None
    assert "victim@example.org" in built["Subject"]  # kept as text, on the one line
    assert b"\nBcc:" not in bytes(built)


# --- logs -----------------------------------------------------------------------------------

PERSON = {"first_name": "Zinaida", "last_name": "Quartermaine", "email": "Zinaida.Quartermaine@Example.org",
          "country": "US", "us_state": "OR"}
ADDRESS = "203.0.113.77"


def log_text(records) -> str:
    parts = []
    for record in records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@pytest.mark.config(RATELIMIT_SIGN="6 per minute", MAIL_TRANSPORT="mailbox")
def test_the_log_of_a_whole_signing_flow_holds_no_personal_data(app, caplog):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    # a wrong captcha, a good signature, a repeat, a blocked attempt
    assert sign(client, app, SLUG, captcha="000000x", **PERSON).status_code == 400
    assert sign(client, app, SLUG, **PERSON).status_code == 302
    assert sign(client, app, SLUG, **PERSON).status_code == 302  # a repeat, answered by e-mail
    runner = app.test_cli_runner()
    assert runner.invoke(args=["signatures", "block-domain", "blocked.example"]).exit_code == 0
    blocked = dict(PERSON, email="zinaida@blocked.example")
    assert sign(client, app, SLUG, **blocked).status_code == 403
    # the e-mail is delivered, the link followed, the signature confirmed, the letter reported sent
    with app.app_context():
        assert deliver_due(app) == 2  # the confirmation, and the answer to the repeat
        body = db.session.scalars(select(OutboxMessage.body_text).filter_by(kind="confirm")).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    page = client.get(path)
    confirmed = client.post(path, data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]})
    assert confirmed.status_code == 302
    thanks = client.get(confirmed.location)
    assert "Zinaida" in thanks.get_data(as_text=True)
    sent = client.post(confirmed.location.replace("/thanks/", "/sent/"),
                       data={"csrf_token": form_inputs(thanks.get_data(as_text=True))["csrf_token"]})
    assert sent.status_code == 302
    # organizers' tools, and a limited request
    assert runner.invoke(args=["signatures", "export", SLUG]).exit_code == 0
    assert runner.invoke(args=["signatures", "bursts", SLUG, "--min", "1"]).exit_code == 0
    while client.post(f"/c/{SLUG}", data={}).status_code != 429:
        pass
    with app.app_context():
        signature = db.session.scalars(select(Signature)).one()
        assert signature.status == "confirmed" and signature.reported_sent_at is not None

    text = log_text(caplog.records).lower()
    assert "signature" in text and "created" in text  # the flow was logged...
    for secret in ("zinaida", "quartermaine", "example.org", "blocked.example", ADDRESS):
        assert secret not in text, secret  # ...without a name, an e-mail or an address
