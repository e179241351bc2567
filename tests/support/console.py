"""Console users for tests: made with the real ``flask users create``, signed in through the form."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.support.signing import form_inputs

PASSWORD = "quiet-lantern-orbit-58"


def create_user(app: Flask, email: str, role: str = "organizer", password: str = PASSWORD,
                campaigns: tuple[str, ...] = ()) -> None:
    """A console user made with ``flask users create``, granted ``campaigns`` (slugs)."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", email, "--role", role], env={"UNDERSIGNED_PASSWORD": password})
    assert result.exit_code == 0, result.output
    if campaigns:
        result = runner.invoke(args=["users", "grant", email, *campaigns])
        assert result.exit_code == 0, result.output


def login(client: FlaskClient, email: str, password: str = PASSWORD, query: str = ""):
    """Sign in through the form; ``query`` is added to the form's address (``?next=...``)."""
    page = client.get("/console/login")
    csrf = form_inputs(page.get_data(as_text=True))["csrf_token"]
    return client.post(f"/console/login{query}", data={"csrf_token": csrf, "email": email, "password": password})


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token valid for ``client``'s session (read from the sign-in form)."""
    return form_inputs(client.get("/console/login", follow_redirects=True).get_data(as_text=True))["csrf_token"]


def post(client: FlaskClient, path: str, data: dict | None = None, **kwargs):
    """POST ``data`` to ``path`` with a valid CSRF token, as a console form does."""
    return client.post(path, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)
