"""Console passwords are hashed with ``PASSWORD_HASH_METHOD`` (users.hashing): production refuses
a method it cannot use or one too cheap, and a password kept with an older method is hashed again
with the configured one at its user's next sign-in, without ending their sessions."""
from __future__ import annotations

import secrets

import pytest

from tests.support.console import PASSWORD, create_user, login
from undersigned import create_app
from undersigned.extensions import db
from undersigned.users.models import User

PRODUCTION = {"PUBLIC_URL": "https://sign.example.org", "SECRET_KEY": secrets.token_urlsafe(48)}


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FLASK_PASSWORD_HASH_METHOD", raising=False)


def stored_hash(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(db.select(User.password_hash).where(User.email == email))


def test_production_hashes_with_scrypt_at_werkzeugs_cost():
    assert create_app(PRODUCTION).config["PASSWORD_HASH_METHOD"] == "scrypt:32768:8:1"


@pytest.mark.parametrize("method", ["scrypt:65536:8:1", "pbkdf2:sha256:1000000"])
def test_production_takes_a_costlier_method_spelled_out(method):
    assert create_app(dict(PRODUCTION, PASSWORD_HASH_METHOD=method)).config["PASSWORD_HASH_METHOD"] == method


@pytest.mark.parametrize("method, says", [("scrypt:1024:8:1", "too cheap"), ("pbkdf2:sha256:1000", "too cheap"),
                                          ("md5", "cannot hash with"), ("scrypt:x", "cannot hash with")])
def test_production_refuses_a_cheap_or_unknown_method_at_start(method, says):
    with pytest.raises(RuntimeError, match=f"PASSWORD_HASH_METHOD is '{method}'.*{says}"):
        create_app(dict(PRODUCTION, PASSWORD_HASH_METHOD=method))


def test_an_unknown_method_is_refused_even_when_testing():
    with pytest.raises(RuntimeError, match="cannot hash with"):
        create_app({"TESTING": True, "PASSWORD_HASH_METHOD": "rot13"})


def test_a_user_is_kept_with_the_configured_method(app):
    create_user(app, "org@example.org")
    assert stored_hash(app, "org@example.org").startswith(app.config["PASSWORD_HASH_METHOD"] + "$")


def test_a_password_kept_with_an_older_method_is_hashed_again_at_sign_in_and_the_session_stays(app):
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    create_user(app, "org@example.org")
    earlier = app.test_client()
    assert login(earlier, "org@example.org").status_code == 302

    app.config["PASSWORD_HASH_METHOD"] = "scrypt:1024:8:1"  # the operator raised the cost
    assert login(app.test_client(), "org@example.org", PASSWORD).status_code == 302
    assert stored_hash(app, "org@example.org").startswith("scrypt:1024:8:1$")
    assert earlier.get("/console/").status_code == 200  # signed in before the change, and still
    assert login(app.test_client(), "org@example.org", "wrong password").status_code == 400
