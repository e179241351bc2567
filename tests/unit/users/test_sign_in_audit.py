"""Signing in and out leaves a trace (issue 19, finding 8): an audit entry and a log line for
every sign-in, failed sign-in, sign-out and wrong two-factor code or password; neither holds the
address that was typed, nor the client's IP address."""
from __future__ import annotations

import logging

import pyotp
import pytest

from tests.support.clients import client_at
from tests.support.console import PASSWORD, create_user, login, post
from undersigned.audit.log import entries
from undersigned.users import service

CLIENT_IP = "192.0.2.200"


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="undersigned")
    return caplog


def user_id(app, email: str) -> int:
    with app.app_context():
        return service.find(email).id


def no_address_in(log, *addresses: str) -> bool:
    text = "\n".join(record.getMessage() for record in log.records)
    return not any(address in text for address in (*addresses, CLIENT_IP))


def newest(app):
    with app.app_context():
        entry = entries()[0]
        return entry.actor, entry.action, entry.details


def test_a_sign_in_and_a_sign_out_are_audited_and_logged(app, log):
    create_user(app, "org@example.org")
    me = user_id(app, "org@example.org")
    client = client_at(app, CLIENT_IP)
    assert login(client, "org@example.org").status_code == 302
    assert newest(app) == ("org@example.org", "user.login", {"user": me, "second_factor": None})
    post(client, "/console/logout")
    assert newest(app) == ("org@example.org", "user.logout", {"user": me})
    messages = [record.getMessage() for record in log.records]
    assert f"console sign-in: user {me}" in messages and f"console sign-out: user {me}" in messages
    assert no_address_in(log, "org@example.org")


def test_failed_sign_ins_are_audited_and_logged_without_the_address(app, log):
    create_user(app, "org@example.org")
    me = user_id(app, "org@example.org")
    login(client_at(app, CLIENT_IP), "org@example.org", "not-the-password")
    assert newest(app) == ("visitor", "user.login.failed", {"user": me, "reason": "password"})
    login(client_at(app, CLIENT_IP), "stranger@example.net", "not-the-password")
    assert newest(app) == ("visitor", "user.login.failed", {"user": None, "reason": "unknown account"})
    app.test_cli_runner().invoke(args=["users", "disable", "org@example.org"])
    login(client_at(app, CLIENT_IP), "org@example.org")
    assert newest(app) == ("visitor", "user.login.failed", {"user": me, "reason": "disabled"})
    warnings = [r.getMessage() for r in log.records if r.levelno == logging.WARNING]
    assert f"console sign-in failed (password): user {me}" in warnings
    assert "console sign-in failed (unknown account)" in warnings
    assert no_address_in(log, "org@example.org", "stranger@example.net")


def test_wrong_two_factor_codes_and_passwords_are_audited_and_logged(app, log):
    create_user(app, "org@example.org")
    me = user_id(app, "org@example.org")
    client = client_at(app, CLIENT_IP)
    login(client, "org@example.org")
    page = client.get("/console/account").get_data(as_text=True)
    seed = page.split("<code>", 1)[1].split("</code>", 1)[0]
    post(client, "/console/account/2fa/enable", {"code": pyotp.TOTP(seed).now(), "password": "not-the-password"})
    assert newest(app) == ("org@example.org", "user.2fa.failed", {"user": me, "during": "account", "wrong": "password"})
    post(client, "/console/account/2fa/enable", {"code": pyotp.TOTP(seed).now(), "password": PASSWORD})

    other = client_at(app, CLIENT_IP)
    login(other, "org@example.org")
    post(other, "/console/login/code", {"code": "12345x"})
    assert newest(app) == ("visitor", "user.2fa.failed", {"user": me, "during": "sign-in", "wrong": "code"})
    warnings = [r.getMessage() for r in log.records if r.levelno == logging.WARNING]
    assert f"console two-factor check failed (sign-in, code): user {me}" in warnings
    assert no_address_in(log, "org@example.org")


@pytest.mark.config(RATELIMIT_LOGIN_EMAIL="1 per minute")
def test_a_paused_sign_in_is_logged(app, log):
    login(client_at(app, CLIENT_IP), "org@example.org", "not-the-password")
    login(client_at(app, CLIENT_IP), "org@example.org", "not-the-password")
    assert "console sign-in paused (account)" in [r.getMessage() for r in log.records]
    assert no_address_in(log, "org@example.org")
