"""Turning two-factor sign-in on and off (users/account.py, users/enrolment.py, users/recovery.py):
the seed being enrolled stays on the server, belongs to one session, and dies with it; turning it
on or off takes the password and ends every other session; seeds are encrypted at rest with
``TOTP_ENCRYPTION_KEY``, which rotates; recovery codes are offered once and work once."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from tests.conftest import make_app
from tests.support.clients import client_at
from tests.support.console import PASSWORD, create_user, login, post
from undersigned.extensions import db
from undersigned.users import service

KEY, NEW_KEY = "a-two-factor-key-for-tests", "the-next-two-factor-key"


def seed_on_page(client) -> str:
    page = client.get("/console/account").get_data(as_text=True)
    return page.split("<code>", 1)[1].split("</code>", 1)[0]


def session_data(app, client) -> dict:
    cookie = client.get_cookie("session", domain="undersigned.test")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def enable(client, seed: str, password: str = PASSWORD, steps_from_now: int = 0):
    code = pyotp.TOTP(seed).at(time.time() + 30 * steps_from_now)
    return post(client, "/console/account/2fa/enable", {"code": code, "password": password})


def codes_in(page: str) -> list[str]:
    return re.findall(r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", page)


def sign_out(client) -> None:
    assert post(client, "/console/logout").status_code == 302


def signed_in(client) -> bool:
    return client.get("/console/").status_code == 200


@pytest.fixture
def org(app):
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.180")
    assert login(client, "org@example.org").status_code == 302
    return client


def test_the_seed_being_enrolled_is_not_in_the_session_cookie(app, org):
    seed = seed_on_page(org)
    cookie = org.get_cookie("session", domain="undersigned.test").value
    assert seed not in str(session_data(app, org)) and seed not in cookie
    assert seed_on_page(org) == seed  # the same key until a code confirms it


def test_signing_out_drops_the_seed_and_the_next_person_gets_their_own(app, org):
    create_user(app, "other@example.org", "organizer")
    seed = seed_on_page(org)
    sign_out(org)
    login(org, "other@example.org")  # the next person on that browser
    assert seed_on_page(org) != seed
    assert enable(org, seed).status_code == 400
    sign_out(org)
    login(org, "org@example.org")
    assert seed_on_page(org) != seed  # a new session, a new key


def test_turning_it_on_asks_for_the_password(app, org):
    seed = seed_on_page(org)
    for password in ("", "not-my-password"):
        answer = enable(org, seed, password)
        assert answer.status_code == 400
        assert "That password is not right." in answer.get_data(as_text=True) or not password
    with app.app_context():
        assert not service.find("org@example.org").has_two_factor
    answer = enable(org, seed)
    assert answer.status_code == 200 and len(codes_in(answer.get_data(as_text=True))) == 10
    with app.app_context():
        assert service.find("org@example.org").has_two_factor


def test_turning_it_on_or_off_ends_every_other_session(app, org):
    elsewhere = client_at(app, "192.0.2.181")
    login(elsewhere, "org@example.org")
    seed = seed_on_page(org)
    assert enable(org, seed).status_code == 200
    assert signed_in(org) and not signed_in(elsewhere)

    login(elsewhere, "org@example.org")
    assert post(elsewhere, "/console/login/code", {"code": pyotp.TOTP(seed).at(time.time() + 30)}).status_code == 302
    assert signed_in(elsewhere)
    wrong = post(org, "/console/account/2fa/disable", {"code": pyotp.TOTP(seed).at(time.time() + 30), "password": "nope-nope-1"})
    assert wrong.status_code == 400 and signed_in(elsewhere)
    with app.app_context():
        assert service.find("org@example.org").has_two_factor


def test_turning_it_off_asks_for_the_password_and_ends_other_sessions(app, org):
    seed = seed_on_page(org)
    codes = codes_in(enable(org, seed).get_data(as_text=True))
    elsewhere = client_at(app, "192.0.2.182")
    login(elsewhere, "org@example.org")
    post(elsewhere, "/console/login/code", {"code": codes[0]})
    assert signed_in(elsewhere)
    assert post(org, "/console/account/2fa/disable", {"code": codes[1], "password": ""}).status_code == 400
    assert post(org, "/console/account/2fa/disable", {"code": codes[1], "password": PASSWORD}).status_code == 302
    assert signed_in(org) and not signed_in(elsewhere)
    with app.app_context():
        assert not service.find("org@example.org").has_two_factor


def test_an_admins_reset_ends_the_users_sessions(app, org):
    enable(org, seed_on_page(org))
    create_user(app, "admin@example.org", "admin")
    admin = client_at(app, "192.0.2.183")
    login(admin, "admin@example.org")
    with app.app_context():
        target = service.find("org@example.org").id
    assert post(admin, f"/console/users/{target}/2fa/reset").status_code == 302
    assert not signed_in(org) and signed_in(admin)


def test_a_recovery_code_signs_in_once(app, org):
    codes = codes_in(enable(org, seed_on_page(org)).get_data(as_text=True))
    assert len(set(codes)) == 10
    client = client_at(app, "192.0.2.184")
    login(client, "org@example.org")
    answer = post(client, "/console/login/code", {"code": codes[3].upper().replace("-", " ")}, follow_redirects=True)
    assert answer.status_code == 200 and signed_in(client)
    assert "9 recovery codes left" in answer.get_data(as_text=True)
    again = client_at(app, "192.0.2.185")
    login(again, "org@example.org")
    assert post(again, "/console/login/code", {"code": codes[3]}).status_code == 400
    assert not signed_in(again)
    with app.app_context():
        stored = str(db.session.execute(sa.text("SELECT * FROM totp_recovery_codes")).all())
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)


def test_new_recovery_codes_take_the_password_and_replace_the_old_ones(app, org):
    old = codes_in(enable(org, seed_on_page(org)).get_data(as_text=True))
    assert post(org, "/console/account/2fa/recovery-codes", {"password": "wrong-password-1"}).status_code == 400
    answer = post(org, "/console/account/2fa/recovery-codes", {"password": PASSWORD})
    new = codes_in(answer.get_data(as_text=True))
    assert answer.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    client = client_at(app, "192.0.2.186")
    login(client, "org@example.org")
    assert post(client, "/console/login/code", {"code": old[0]}).status_code == 400
    assert post(client, "/console/login/code", {"code": new[0]}).status_code == 302


def rows_of_users(app) -> str:
    with app.app_context():
        return str(db.session.execute(sa.text("SELECT * FROM users")).all())


def test_seeds_are_encrypted_at_rest_with_the_configured_key(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, TOTP_ENCRYPTION_KEY=KEY)
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.187")
    login(client, "org@example.org")
    seed = seed_on_page(client)
    with app.app_context():
        pending = str(db.session.execute(sa.text("SELECT * FROM totp_enrolments")).all())
    assert seed not in pending and seed not in rows_of_users(app)
    enable(client, seed)
    assert seed not in rows_of_users(app)

    def signs_in(key_settings: dict) -> bool:
        other = make_app(tmp_path, monkeypatch, **key_settings)
        browser = client_at(other, "192.0.2.188")
        login(browser, "org@example.org")
        post(browser, "/console/login/code", {"code": pyotp.TOTP(seed).at(time.time() + 30)})
        return signed_in(browser)

    assert not signs_in({"TOTP_ENCRYPTION_KEY": NEW_KEY})  # the seed cannot be read without its key
    rotated = make_app(tmp_path, monkeypatch, TOTP_ENCRYPTION_KEY=NEW_KEY, TOTP_ENCRYPTION_KEY_PREVIOUS=[KEY])
    result = rotated.test_cli_runner().invoke(args=["users", "rotate-2fa-key"])
    assert result.exit_code == 0 and "1 two-factor seed re-encrypted" in result.output
    assert signs_in({"TOTP_ENCRYPTION_KEY": NEW_KEY})  # the old key is no longer needed
