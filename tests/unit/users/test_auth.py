"""Console sign-in (users.auth): failures limited per client and per account, an expired form says so in
the reader's language, and sign-in timing does not tell which addresses have accounts (an unknown
or disabled account costs the same password hash as a real one)."""
from __future__ import annotations

import pytest

from tests.support.clients import client_at
from tests.support.console import create_user, login
from tests.support.signing import form_inputs
from undersigned.extensions import db
from undersigned.users import hashing
from undersigned.users.models import User


def login_post(client, email: str):
    csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    return client.post("/console/login", data={"csrf_token": csrf, "email": email, "password": "wrong"})


@pytest.mark.config(RATELIMIT_LOGIN="3 per minute")
def test_sign_in_is_limited_per_client(app):
    client = client_at(app, "192.0.2.40")
    assert [login_post(client, f"user{n}@example.org").status_code for n in range(3)] == [400, 400, 400]
    assert login_post(client, "user9@example.org").status_code == 429
    assert login_post(client_at(app, "192.0.2.41"), "user9@example.org").status_code == 400


@pytest.mark.config(RATELIMIT_LOGIN_ACCOUNT="2 per minute")
def test_failed_sign_ins_are_limited_per_account_from_any_address(app):
    codes = [login_post(client_at(app, f"192.0.2.{50 + n}"), "Admin@Example.org ").status_code for n in range(3)]
    assert codes == [400, 400, 429]
    assert login_post(client_at(app, "192.0.2.60"), "other@example.org").status_code == 400


def test_an_expired_login_form_says_so_in_the_readers_language(app):
    response = app.test_client().post("/ru/console/login", data={
        "csrf_token": "expired", "email": "tr@example.org", "password": "pw-123456"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'lang="ru"' in html and "This form has expired" not in html
    assert "Срок действия формы истёк. Мы сохранили то, что вы ввели, — отправьте форму ещё раз." in html
    assert 'value="tr@example.org"' in html


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every stored hash a password is checked against, in order."""
    seen: list[str] = []
    real = hashing.check_password_hash

    def spy(stored: str, password: str) -> bool:
        seen.append(stored)
        return real(stored, password)

    monkeypatch.setattr(hashing, "check_password_hash", spy)
    return seen


def method_of(stored: str) -> str:
    return stored.split("$", 1)[0]  # e.g. "scrypt:32768:8:1": the algorithm and its cost


def test_an_unknown_account_costs_the_same_hash_as_a_known_one(app, hashes):
    create_user(app, "org@example.org")
    assert login(app.test_client(), "org@example.org", "wrong").status_code == 400
    assert login(app.test_client(), "nobody@example.org", "wrong").status_code == 400
    known, unknown = hashes
    assert method_of(unknown) == method_of(known)
    assert unknown != known


def test_a_disabled_account_costs_the_same_hash_and_cannot_sign_in(app, hashes):
    create_user(app, "gone@example.org")
    with app.app_context():
        db.session.scalar(db.select(User)).active = False
        db.session.commit()
    response = login(app.test_client(), "gone@example.org")
    assert response.status_code == 400
    assert "do not match" in response.get_data(as_text=True)
    assert len(hashes) == 1
