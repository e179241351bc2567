"""Each message's return path names it, with a check no one can forge without the key."""
from __future__ import annotations

import pytest

from tests.conftest import make_app
from undersigned.mail import verp


@pytest.mark.config(MAIL_BOUNCE_ADDRESS="Bounces <bounces@letters.example>", MAIL_BOUNCE_KEY="k" * 40)
def test_a_return_path_names_its_message_and_only_with_the_right_check(app):
    path = verp.return_path(app, 42)
    assert path.startswith("bounces+42.") and path.endswith("@letters.example")
    assert verp.outbox_id_of(app, path) == 42
    assert verp.outbox_id_of(app, f"<{path.upper()}>") == 42  # as a server may write it back
    check = path.partition(".")[2].partition("@")[0]
    assert verp.outbox_id_of(app, path.replace(check, "0" * len(check))) is None
    assert verp.outbox_id_of(app, path.replace("+42.", "+43.")) is None  # another message, same check
    assert verp.outbox_id_of(app, path.replace("letters.example", "other.example")) is None
    for garbage in ("", "bounces@letters.example", "bounces+.@letters.example", "bounces+1" * 50 + "@letters.example"):
        assert verp.outbox_id_of(app, garbage) is None
    app.config["MAIL_BOUNCE_KEY"] = "another-key-" + "x" * 40
    assert verp.outbox_id_of(app, path) is None  # the check is keyed


def test_without_a_bounce_address_mail_keeps_the_senders_envelope(app):
    assert verp.return_path(app, 1) is None and verp.outbox_id_of(app, "bounces+1.00@x.example") is None


def test_a_bounce_address_that_cannot_carry_an_id_or_a_weak_key_is_refused_at_start(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="MAIL_BOUNCE_ADDRESS"):
        make_app(tmp_path, monkeypatch, MAIL_BOUNCE_ADDRESS="bounces+x@letters.example")
    with pytest.raises(RuntimeError, match="FLASK_MAIL_BOUNCE_KEY is too weak"):
        make_app(tmp_path, monkeypatch, TESTING=False, SECRET_KEY="s3cr3t-" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
                 PUBLIC_URL="https://sign.example.org", MAIL_BOUNCE_KEY="short")
    with pytest.raises(RuntimeError, match="MAIL_EVENTS_SECRET is too short"):
        make_app(tmp_path, monkeypatch, MAIL_EVENTS_SECRET="short")
