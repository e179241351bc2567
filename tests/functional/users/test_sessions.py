"""A console session ends for good: on signing out, on a password change; a copied cookie
stops working too."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.support.console import create_user, login
from tests.support.signing import form_inputs


def copy_of(app, client: FlaskClient) -> FlaskClient:
    """A second client carrying the same session cookie, as a thief's copy would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session", domain="undersigned.test").value, domain="undersigned.test")
    return thief


def signed_in(client: FlaskClient) -> bool:
    return client.get("/console/").status_code == 200


def test_signing_out_ends_the_session_and_every_copy_of_its_cookie(app):
    create_user(app, "org@example.org")
    client = app.test_client()
    assert login(client, "org@example.org").status_code == 302
    thief = copy_of(app, client)
    assert signed_in(client) and signed_in(thief)

    csrf = form_inputs(client.get("/console/").get_data(as_text=True))["csrf_token"]
    out = client.post("/console/logout", data={"csrf_token": csrf})
    assert out.status_code == 302 and out.location == "/console/login"  # back at the console's door
    assert "You have signed out." in client.get(out.location).get_data(as_text=True)
    assert not signed_in(client)
    assert not signed_in(thief)
    assert thief.get("/console/").location.startswith("/console/login")

    # signing in again works, with a new session
    assert login(client, "org@example.org").status_code == 302 and signed_in(client)


def test_a_password_change_ends_every_session(app):
    create_user(app, "org@example.org")
    client = app.test_client()
    login(client, "org@example.org")
    thief = copy_of(app, client)
    result = app.test_cli_runner().invoke(args=["users", "password", "org@example.org"],
                                          env={"UNDERSIGNED_PASSWORD": "a-new-pass-789"})
    assert result.exit_code == 0, result.output
    assert not signed_in(client) and not signed_in(thief)
    assert login(client, "org@example.org").status_code == 400  # the old password
    assert login(client, "org@example.org", "a-new-pass-789").status_code == 302 and signed_in(client)


def test_another_users_sign_out_leaves_this_session_alone(app):
    create_user(app, "one@example.org")
    create_user(app, "two@example.org")
    one, two = app.test_client(), app.test_client()
    login(one, "one@example.org")
    login(two, "two@example.org")
    csrf = form_inputs(two.get("/console/").get_data(as_text=True))["csrf_token"]
    two.post("/console/logout", data={"csrf_token": csrf})
    assert signed_in(one) and not signed_in(two)


class Clock:
    """Stands in for the ``time`` module in users/auth.py: now, moved on by hand."""

    def __init__(self) -> None:
        import time
        self.now = time.time()

    def time(self) -> float:
        return self.now


def test_an_idle_session_ends_and_a_used_one_goes_on(app, monkeypatch):
    from undersigned.users import auth
    clock = Clock()
    monkeypatch.setattr(auth, "time", clock)
    create_user(app, "org@example.org")
    client = app.test_client()
    login(client, "org@example.org")
    for _ in range(3):  # used every 50 minutes: the 60-minute idle limit never runs out
        clock.now += 50 * 60
        assert signed_in(client)
    clock.now += 61 * 60
    answer = client.get("/console/")
    assert answer.status_code == 302 and answer.location.startswith("/console/login")
    page = client.get(answer.location).get_data(as_text=True)
    assert "Your console session ended after a while without use." in page
    clock.now += 60
    assert not signed_in(client)


def test_the_idle_time_is_a_setting(app, monkeypatch):
    from undersigned.users import auth
    clock = Clock()
    monkeypatch.setattr(auth, "time", clock)
    app.config["CONSOLE_SESSION_MINUTES"] = 5
    create_user(app, "org@example.org")
    client = app.test_client()
    login(client, "org@example.org")
    clock.now += 6 * 60
    assert not signed_in(client)
