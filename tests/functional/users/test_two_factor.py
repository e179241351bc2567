"""Two-factor sign-in (users/totp.py, users/auth.py): enrolling with a confirming code, the code
step after the password, no code twice, turning it off, an admin's reset, and
``CONSOLE_REQUIRE_2FA`` sending admins to enrol."""
from __future__ import annotations

import time

import pyotp
import pytest

from tests.support.clients import client_at
from tests.support.console import PASSWORD, create_user, csrf_token, login, post
from tests.support.signing import form_inputs
from undersigned.audit.log import entries
from undersigned.users import service


def secret_on_page(client) -> str:
    page = client.get("/console/account").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code
    return page.split("<code>", 1)[1].split("</code>", 1)[0]


def enrol(client) -> str:
    """Turn two-factor sign-in on for ``client``'s user; the secret."""
    secret = secret_on_page(client)
    answer = post(client, "/console/account/2fa/enable", {"code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert answer.status_code == 200 and "Your recovery codes" in answer.get_data(as_text=True)
    return secret


def code_at(secret: str, steps_from_now: int) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_from_now)


def send_code(client, code: str):
    return client.post("/console/login/code", data={"csrf_token": csrf_token(client), "code": code})


@pytest.fixture
def enrolled(app):
    """An organizer with two-factor sign-in on: (email, secret)."""
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.90")
    login(client, "org@example.org")
    return "org@example.org", enrol(client)


def test_enrolling_needs_a_current_code(app):
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.91")
    login(client, "org@example.org")
    secret = secret_on_page(client)
    assert secret_on_page(client) == secret  # the same key until it is confirmed
    wrong = post(client, "/console/account/2fa/enable", {"code": "000000" if code_at(secret, 0) != "000000" else "111111",
                                                         "password": PASSWORD})
    assert wrong.status_code == 400 and "That code is not right" in wrong.get_data(as_text=True)
    with app.app_context():
        assert not service.find("org@example.org").has_two_factor
    assert post(client, "/console/account/2fa/enable", {"code": pyotp.TOTP(secret).now(), "password": PASSWORD}).status_code == 200
    with app.app_context():
        assert service.find("org@example.org").has_two_factor
        assert entries()[0].action == "user.2fa.enable"


def test_the_password_alone_does_not_sign_in(app, enrolled):
    email, secret = enrolled
    client = client_at(app, "192.0.2.92")
    answer = login(client, email)
    assert answer.status_code == 302 and answer.location.startswith("/console/login/code")
    assert client.get("/console/").location.startswith("/console/login")
    page = client.get("/console/login/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    assert send_code(client, code_at(secret, 5)).status_code == 400  # not now's
    assert client.get("/console/").status_code == 302
    assert send_code(client, code_at(secret, 1)).status_code == 302  # the next step still counts (drift)
    assert client.get("/console/").status_code == 200


def test_a_code_works_once(app, enrolled):
    email, secret = enrolled
    first = client_at(app, "192.0.2.93")
    login(first, email)
    code = code_at(secret, 1)  # a step the enrolment did not use
    assert send_code(first, code).status_code == 302
    second = client_at(app, "192.0.2.94")
    login(second, email)
    replay = send_code(second, code)
    assert replay.status_code == 400 and "used already" in replay.get_data(as_text=True)
    assert second.get("/console/").status_code == 302
    assert send_code(second, code_at(secret, 0)).status_code == 400  # an older step than the one used


def test_the_code_step_is_rate_limited(app, enrolled):
    email, _secret = enrolled
    client = client_at(app, "192.0.2.95")
    login(client, email)
    answers = [send_code(client, "000000").status_code for _ in range(6)]
    assert answers[-1] == 429


def test_the_code_step_needs_the_password_first(app, enrolled):
    _email, secret = enrolled
    client = client_at(app, "192.0.2.96")
    assert client.get("/console/login/code").location.startswith("/console/login")
    assert send_code(client, code_at(secret, 1)).status_code == 302
    assert client.get("/console/").status_code == 302


def test_turning_it_off_needs_a_current_unused_code(app):
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.97")
    login(client, "org@example.org")
    secret = enrol(client)  # uses now's code
    off = "/console/account/2fa/disable"
    assert post(client, off, {"code": "12345x", "password": PASSWORD}).status_code == 400
    assert post(client, off, {"code": code_at(secret, 0), "password": PASSWORD}).status_code == 400
    with app.app_context():
        assert service.find("org@example.org").has_two_factor
    assert post(client, off, {"code": code_at(secret, 1), "password": PASSWORD}).status_code == 302
    with app.app_context():
        assert not service.find("org@example.org").has_two_factor
        assert entries()[0].action == "user.2fa.disable"
    assert login(client_at(app, "192.0.2.98"), "org@example.org").location == "/console/"


def test_an_admin_resets_another_users_two_factor(app, enrolled):
    email, _secret = enrolled
    create_user(app, "admin@example.org", "admin")
    admin = client_at(app, "192.0.2.99")
    login(admin, "admin@example.org")
    with app.app_context():
        target = service.find(email).id
    assert post(admin, f"/console/users/{target}/2fa/reset").status_code == 302
    with app.app_context():
        assert not service.find(email).has_two_factor
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details) == ("admin@example.org", "user.2fa.reset", {"user": target})
    assert login(client_at(app, "192.0.2.100"), email).location == "/console/"


@pytest.mark.config(CONSOLE_REQUIRE_2FA=True)
def test_required_two_factor_sends_admins_to_enrol(app):
    create_user(app, "admin@example.org", "admin")
    create_user(app, "org@example.org", "organizer")
    admin = client_at(app, "192.0.2.101")
    login(admin, "admin@example.org")
    for path in ("/console/", "/console/users", "/console/audit/", "/console/campaigns/belarus_senate/sharing"):
        answer = admin.get(path)
        assert answer.status_code == 302 and answer.location.endswith("/console/account"), path
    assert post(admin, "/console/users/invite", {"email": "x@example.org", "roles": ["admin"]}).location.endswith("/console/account")
    enrol(admin)
    assert admin.get("/console/users").status_code == 200
    organizer = client_at(app, "192.0.2.102")  # only admins are made to
    login(organizer, "org@example.org")
    assert organizer.get("/console/").status_code == 200
