"""Wrong passwords pause sign-in without locking the real user out (users/lockout.py): only
failures count; a stranger's guesses pause that stranger's connection for that account; guesses
spread over many addresses reach an account-wide ceiling, past which the right password with a
current two-factor code still gets through; the page says what happened, in the reader's language."""
from __future__ import annotations

import time

import pyotp
import pytest

from tests.support.clients import client_at
from tests.support.console import PASSWORD, create_user, login
from tests.support.signing import form_inputs
from undersigned.audit.log import entries

ACCOUNT_PAUSED = "There were too many failed sign-ins to this account"


def sign_in(client, email: str, password: str = PASSWORD, code: str | None = None, prefix: str = ""):
    csrf = form_inputs(client.get(f"{prefix}/console/login").get_data(as_text=True))["csrf_token"]
    data = {"csrf_token": csrf, "email": email, "password": password}
    if code is not None:
        data["code"] = code
    return client.post(f"{prefix}/console/login", data=data)


def guess(app, address: str, email: str = "admin@example.org"):
    return sign_in(client_at(app, address), email, "not-the-password")


def test_a_strangers_wrong_passwords_do_not_lock_the_real_user_out(app):
    create_user(app, "admin@example.org", "admin")
    stranger = client_at(app, "198.51.100.7")
    answers = [sign_in(stranger, "admin@example.org", "not-the-password").status_code for _ in range(7)]
    assert answers[:5] == [400] * 5 and answers[5:] == [429, 429]
    assert sign_in(stranger, "admin@example.org").status_code == 429  # paused even with the password
    admin = client_at(app, "192.0.2.170")
    assert sign_in(admin, "admin@example.org").status_code == 302
    assert admin.get("/console/").status_code == 200


@pytest.mark.config(RATELIMIT_LOGIN="3 per minute", RATELIMIT_LOGIN_EMAIL="2 per minute")
def test_successful_sign_ins_count_toward_no_limit(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.171")
    assert [sign_in(client, "admin@example.org").status_code for _ in range(6)] == [302] * 6


@pytest.mark.config(RATELIMIT_LOGIN_ACCOUNT="6 per hour")
def test_guesses_from_rotating_addresses_pause_the_password_alone(app):
    create_user(app, "admin@example.org", "admin")
    assert [guess(app, f"198.51.100.{n}").status_code for n in range(6)] == [400] * 6
    paused = sign_in(client_at(app, "192.0.2.172"), "admin@example.org")
    page = paused.get_data(as_text=True)
    assert paused.status_code == 429 and ACCOUNT_PAUSED in page
    assert "your connection" not in page
    assert "Code from your authenticator app" in page  # the way through, for who has it


@pytest.mark.config(RATELIMIT_LOGIN_ACCOUNT="6 per hour")
def test_past_the_ceiling_the_right_password_and_code_get_through(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.173")
    login(client, "admin@example.org")
    page = client.get("/console/account").get_data(as_text=True)
    secret = page.split("<code>", 1)[1].split("</code>", 1)[0]
    csrf = form_inputs(page)["csrf_token"]
    enrolled = client.post("/console/account/2fa/enable",
                           data={"csrf_token": csrf, "code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert enrolled.status_code in (200, 302)
    for n in range(6):
        guess(app, f"198.51.100.{n}")
    admin = client_at(app, "192.0.2.174")
    assert sign_in(admin, "admin@example.org").status_code == 429
    wrong_code = sign_in(admin, "admin@example.org", code="000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert wrong_code.status_code == 429 and admin.get("/console/").status_code == 302
    with app.app_context():
        assert entries()[0].details == {"user": 1, "reason": "paused, no valid code"}
    next_code = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment used now's
    assert sign_in(admin, "admin@example.org", code=next_code).status_code == 302
    assert admin.get("/console/").status_code == 200
    # with a guessed password, a code proves nothing and tells nothing
    assert sign_in(client_at(app, "198.51.100.99"), "admin@example.org", "not-the-password",
                   code=next_code).status_code == 429


@pytest.mark.parametrize("prefix, text", [
    ("", ACCOUNT_PAUSED),
    ("/ru", "Было слишком много неудачных попыток войти в эту учётную запись"),
    ("/be", "Было занадта шмат няўдалых спроб увайсці ў гэты ўліковы запіс")])
def test_the_pause_says_what_happened_in_the_readers_language(app, prefix, text):
    stranger = client_at(app, "198.51.100.8")
    for _ in range(5):
        sign_in(stranger, "admin@example.org", "not-the-password", prefix=prefix)
    paused = sign_in(stranger, "admin@example.org", prefix=prefix)
    page = paused.get_data(as_text=True)
    assert paused.status_code == 429 and text in page
    assert "Retry-After" in paused.headers


@pytest.mark.config(RATELIMIT_LOGIN="3 per minute")
def test_many_accounts_tried_from_one_connection_pause_that_connection(app):
    client = client_at(app, "198.51.100.9")
    assert [sign_in(client, f"user{n}@example.org", "x-wrong-1").status_code for n in range(4)] == [400, 400, 400, 429]
    page = sign_in(client, "user9@example.org", "x-wrong-1").get_data(as_text=True)
    assert "Too many failed sign-ins from your connection" in page
    assert sign_in(client_at(app, "198.51.100.10"), "user9@example.org", "x-wrong-1").status_code == 400
