"""Production refuses to start on a weak ``SECRET_KEY`` or without ``PUBLIC_URL``, and says how
to put it right; debugging and testing keep working with neither."""
from __future__ import annotations

import secrets

import pytest

from undersigned import create_app
from undersigned.security.hosts import public_url

PUBLIC = {"PUBLIC_URL": "https://sign.example.org"}


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_PUBLIC_URL", raising=False)


# ids name each key: random ones differ in each process, and pytest-xdist's workers must agree
@pytest.mark.parametrize("key", ["x", "k" * 40, "test-secret-key", "correct horse battery staple",
                                 secrets.token_hex(16), "ab" * 64],
                         ids=["one-letter", "one-letter-40-times", "the-tests-key", "four-words",
                              "16-random-bytes", "two-letters-64-times"])
def test_a_weak_secret_key_is_refused_in_production_with_how_to_make_one(key):
    with pytest.raises(RuntimeError, match=r"FLASK_SECRET_KEY is too weak.*secrets\.token_urlsafe\(48\)"):
        create_app(dict(PUBLIC, SECRET_KEY=key))


@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_urlsafe(32), secrets.token_hex(32)],
                         ids=["48-random-bytes", "32-random-bytes", "32-random-bytes-in-hex"])
def test_a_random_key_of_32_bytes_or_more_is_accepted(key):
    assert create_app(dict(PUBLIC, SECRET_KEY=key)).config["SECRET_KEY"] == key


def test_the_environment_key_is_checked_too(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "x")
    with pytest.raises(RuntimeError, match="too weak"):
        create_app(PUBLIC)


def test_production_without_a_public_url_refuses_to_start():
    with pytest.raises(RuntimeError, match="FLASK_PUBLIC_URL"):
        create_app({"SECRET_KEY": secrets.token_urlsafe(48)})
    with pytest.raises(RuntimeError, match="PUBLIC_URL must look like"):
        create_app({"SECRET_KEY": secrets.token_urlsafe(48), "PUBLIC_URL": "sign.example.org"})


def test_debugging_needs_neither_a_key_nor_a_public_url():
    app = create_app({"DEBUG": True})
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_url("signing.home") == "http://127.0.0.1:5000/"
