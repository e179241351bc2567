"""Console sign-in (users.auth): limited per client and per account, and an expired form says so in
the reader's language."""
from __future__ import annotations

import pytest

from tests.support.signing import form_inputs


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def login_post(client, email: str):
    csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    return client.post("/console/login", data={"csrf_token": csrf, "email": email, "password": "wrong"})


@pytest.mark.config(RATELIMIT_LOGIN="3 per minute")
def test_sign_in_is_limited_per_client(app):
    client = client_at(app, "192.0.2.40")
    assert [login_post(client, f"user{n}@example.org").status_code for n in range(3)] == [400, 400, 400]
    assert login_post(client, "user9@example.org").status_code == 429
    assert login_post(client_at(app, "192.0.2.41"), "user9@example.org").status_code == 400


@pytest.mark.config(RATELIMIT_LOGIN_EMAIL="2 per minute")
def test_sign_in_is_limited_per_account_from_any_address(app):
    codes = [login_post(client_at(app, f"192.0.2.{50 + n}"), "Admin@Example.org ").status_code for n in range(3)]
    assert codes == [400, 400, 429]
    assert login_post(client_at(app, "192.0.2.60"), "other@example.org").status_code == 400


def test_an_expired_login_form_says_so_in_the_readers_language(app):
    response = app.test_client().post("/ru/console/login", data={
        "csrf_token": "expired", "email": "tr@example.org", "password": "pw-123456"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'lang="ru"' in html and "This form has expired" not in html
    assert "Срок действия формы истёк. Мы сохранили введённые данные — отправьте форму ещё раз." in html
    assert 'value="tr@example.org"' in html
