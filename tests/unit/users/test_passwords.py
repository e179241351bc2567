"""Every place a console password is chosen refuses one that is easy to guess or on the leaked
lists (users/passwords.py, zxcvbn), says why in the reader's language, and asks no one over the
network."""
from __future__ import annotations

import re
import socket

import pytest

from tests.support.clients import client_at
from tests.support.console import create_user, login, post
from tests.support.outbox import deliver, mails_to
from undersigned.users import service

GUESSABLE = {
    "aaaaaaaaaaaa": "This password is too easy to guess",
    "password1234": "on the lists of passwords leaked from other sites",
    "qwertyuiop12": "This password is too easy to guess",
    "new@example.org2024": "This password contains your e-mail address",
}
STRONG = "quiet-lantern-orbit-58"


@pytest.fixture
def invitation(app) -> str:
    """The path of the link an admin's invitation e-mailed to new@example.org."""
    create_user(app, "admin@example.org", "admin")
    admin = client_at(app, "192.0.2.160")
    login(admin, "admin@example.org")
    assert post(admin, "/console/users/invite", {"email": "new@example.org", "roles": ["organizer"]}).status_code == 302
    deliver(app)
    [message] = mails_to(app, "new@example.org")
    link = re.search(r"https?://\S+/console/invite/\S+", message.get_body(("plain",)).get_content()).group(0)
    return link.split("undersigned.test", 1)[1]


@pytest.mark.parametrize("password, why", GUESSABLE.items())
def test_the_invitation_page_refuses_a_guessable_password_and_says_why(app, invitation, password, why):
    invitee = client_at(app, "192.0.2.161")
    answer = post(invitee, invitation, {"password": password, "confirm": password})
    assert answer.status_code == 400 and why in answer.get_data(as_text=True)
    assert login(invitee, "new@example.org", password).status_code == 400
    assert post(invitee, invitation, {"password": STRONG, "confirm": STRONG}).status_code == 302


def test_the_refusal_is_in_the_readers_language(app, invitation):
    invitee = client_at(app, "192.0.2.162")
    answer = post(invitee, "/ru" + invitation, {"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'lang="ru"' in page
    assert "Этот пароль слишком легко подобрать" in page
    answer = post(invitee, "/be" + invitation, {"password": "password1234", "confirm": "password1234"})
    assert "Гэты пароль — адзін з самых распаўсюджаных" in answer.get_data(as_text=True)


@pytest.mark.parametrize("password, why", GUESSABLE.items())
def test_the_commands_refuse_a_guessable_password(app, password, why):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "new@example.org", "--role", "admin"],
                         env={"UNDERSIGNED_PASSWORD": password})
    assert made.exit_code != 0 and why in made.output
    with app.app_context():
        assert service.find("new@example.org") is None
    create_user(app, "new@example.org", "admin", password=STRONG)
    changed = runner.invoke(args=["users", "password", "new@example.org"], env={"UNDERSIGNED_PASSWORD": password})
    assert changed.exit_code != 0 and why in changed.output
    assert login(app.test_client(), "new@example.org", STRONG).status_code == 302


def test_checking_a_password_asks_no_one_over_the_network(app, invitation, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a password check tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    invitee = client_at(app, "192.0.2.163")
    assert post(invitee, invitation, {"password": "password1234", "confirm": "password1234"}).status_code == 400
    assert post(invitee, invitation, {"password": STRONG, "confirm": STRONG}).status_code == 302
