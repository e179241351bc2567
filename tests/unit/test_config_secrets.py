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


STRONG = secrets.token_urlsafe(48)
OLD = secrets.token_urlsafe(48)


def production(**settings):
    return dict(PUBLIC, SECRET_KEY=STRONG, **settings)


def test_a_fallback_key_written_without_list_brackets_is_refused_and_not_quoted(monkeypatch):
    """``FLASK_SECRET_KEY_FALLBACKS=<old key>`` would make every character of the old key a key of
    its own: one guessed letter would forge a console session."""
    monkeypatch.setenv("FLASK_SECRET_KEY_FALLBACKS", OLD)
    for mode in (production(), {"DEBUG": True}):
        with pytest.raises(RuntimeError, match=r"FLASK_SECRET_KEY_FALLBACKS must be a JSON list") as refused:
            create_app(mode)
        assert OLD not in str(refused.value)


@pytest.mark.parametrize("setting", ["SECRET_KEY_FALLBACKS", "IP_HASH_KEY_PREVIOUS", "TOTP_ENCRYPTION_KEY_PREVIOUS"])
@pytest.mark.parametrize("value", ["x", 12345, [OLD, 7], {"key": OLD}])
def test_every_list_of_retired_keys_must_be_a_list_of_strings(setting, value):
    with pytest.raises(RuntimeError, match=f"FLASK_{setting} must be a JSON list"):
        create_app(production(**{setting: value}))


@pytest.mark.parametrize("setting", ["SECRET_KEY_FALLBACKS", "IP_HASH_KEY_PREVIOUS", "TOTP_ENCRYPTION_KEY_PREVIOUS"])
def test_a_weak_retired_key_is_refused_in_production(setting):
    with pytest.raises(RuntimeError, match=rf"FLASK_{setting} holds a weak key \(the 2nd\).*token_urlsafe"):
        create_app(production(**{setting: [OLD, "x"]}))


@pytest.mark.parametrize("setting", ["IP_HASH_KEY", "TOTP_ENCRYPTION_KEY"])
@pytest.mark.parametrize("value", ["x", "hash-key-2024", 12345])
def test_a_weak_hash_or_two_factor_key_is_refused_in_production(setting, value):
    with pytest.raises(RuntimeError, match=f"FLASK_{setting}"):
        create_app(production(**{setting: value}))


def test_strong_keys_and_their_retired_keys_are_accepted():
    app = create_app(production(SECRET_KEY_FALLBACKS=[OLD], IP_HASH_KEY=secrets.token_urlsafe(48),
                                IP_HASH_KEY_PREVIOUS=[OLD], TOTP_ENCRYPTION_KEY=secrets.token_urlsafe(48),
                                TOTP_ENCRYPTION_KEY_PREVIOUS=[OLD]))
    assert app.config["SECRET_KEY_FALLBACKS"] == [OLD]


def test_debugging_takes_short_retired_keys_but_only_in_a_list():
    assert create_app({"DEBUG": True, "SECRET_KEY_FALLBACKS": ["old"]}).config["SECRET_KEY_FALLBACKS"] == ["old"]
    with pytest.raises(RuntimeError, match="FLASK_IP_HASH_KEY_PREVIOUS must be a JSON list"):
        create_app({"DEBUG": True, "IP_HASH_KEY_PREVIOUS": "old"})
