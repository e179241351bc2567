"""The app factory (app.py): CSRF on every POST with a friendly page, the two forms that check
their own token, a friendly 413, SQLite in WAL mode."""
from __future__ import annotations

from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from tests.conftest import make_app
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.extensions import csrf, db
from undersigned.signing.models import Signature


SLUG = "belarus_state_dept"


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
        if "POST" not in rule.methods or rule.endpoint in ("mail_events.receive", "api.record_signature"):
            continue  # a mail service's webhook, the API: no browser session, a secret or token (tests/unit/bounces, api)
        path = route_url(rule)
        if rule.endpoint == "signing.sign":  # on a page every reader shares: checked by where it comes from
            response = client.post(path, data={"email": "a@example.org"}, headers={"Sec-Fetch-Site": "cross-site"})
            assert response.status_code == 403 and "sent from another site" in response.get_data(as_text=True)
            checked.append(rule.endpoint)
            continue
        response = client.post(path, data={"csrf_token": "", "email": "a@example.org", "password": "x"})
        assert response.status_code == 400, (rule.endpoint, response.status_code)
        html = response.get_data(as_text=True)
        assert "expired" in html, rule.endpoint
        checked.append(rule.endpoint)
    assert {"signing.sign", "signing.confirm_post", "self_submit.report_sent", "users.login"} <= set(checked)


def test_only_the_sign_help_and_login_forms_are_exempt_from_the_global_csrf_check_and_check_their_own(app):
    # exempt so that a refusal keeps what was typed; each form validates its own token (the sign
    # form, on a page every reader shares, checks where the request comes from instead)
    # (and RFC 8058's one-click unsubscribe, which checks CSRF on anything but its one-click body)
    # (and the mail service's webhook, which a browser never posts to: it asks for MAIL_EVENTS_SECRET)
    # (and the API's record-signature helper: no cookie, its OSDI-API-Token authenticates it)
    assert csrf._exempt_views == {"undersigned.signing.views.sign", "undersigned.users.auth.login",
                                  "undersigned.unsubscribe.views.unsubscribe", "undersigned.helpdesk.views.send",
                                  "undersigned.bounces.views.receive", "undersigned.api.osdi.record_signature"}
    login = app.test_client().post("/console/login", data={"email": "a@example.org", "password": "x"})
    assert login.status_code == 400 and "This form has expired" in login.get_data(as_text=True)
    response = sign(app.test_client(), app, SLUG, **dict(STATE_DEPT_SIGNER))
    assert response.status_code == 302
    forged = app.test_client().post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER),
                                    headers={"Origin": "https://attacker.example"})
    assert forged.status_code == 403  # a form posted from another site is refused


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


def test_sqlite_runs_in_wal_mode(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
