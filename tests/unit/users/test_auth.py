"""Console sign-in does not tell which addresses have accounts: an unknown or disabled account
costs the same password hash as a real one."""
from __future__ import annotations

import pytest

from tests.support.console import create_user, login
from undersigned.extensions import db
from undersigned.users import models
from undersigned.users.models import User


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every stored hash a password is checked against, in order."""
    seen: list[str] = []
    real = models.check_password_hash

    def spy(stored: str, password: str) -> bool:
        seen.append(stored)
        return real(stored, password)

    monkeypatch.setattr(models, "check_password_hash", spy)
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
