"""Console pages are never stored by a browser or a proxy: signed in or not, any answer."""
from __future__ import annotations

from tests.support.console import create_user, login
from tests.support.signing import form_inputs


def test_every_console_response_says_no_store(app):
    create_user(app, "admin@example.org", role="admin")
    client = app.test_client()
    answers = [client.get("/console/login"), client.get("/console/"), client.get("/ru/console/login"),
               login(client, "wrong@example.org", "x")]
    answers.append(login(client, "admin@example.org"))
    answers += [client.get("/console/"), client.get("/console/translations/"), client.get("/console/nope")]
    csrf = form_inputs(client.get("/console/").get_data(as_text=True))["csrf_token"]
    answers.append(client.post("/console/logout", data={"csrf_token": csrf}))
    for response in answers:
        assert response.headers.get("Cache-Control") == "no-store", (response.request.path, response.status_code)


def test_public_pages_stay_cacheable(client):
    assert client.get("/").headers.get("Cache-Control") is None
