"""Configuration: defaults, then FLASK_* environment variables, then the test's mapping."""
from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.support.production import PRODUCTION, STRONG_SECRET_KEY
from undersigned import create_app


SLUG = "belarus_state_dept"


def test_production_without_a_secret_key_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        create_app()


def test_environment_variables_override_defaults_and_the_mapping_overrides_both(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FLASK_SECRET_KEY", STRONG_SECRET_KEY)
    monkeypatch.setenv("FLASK_PUBLIC_URL", "https://sign.example.org")
    monkeypatch.setenv("FLASK_MAIL_PORT", "2525")
    monkeypatch.setenv("FLASK_MAIL_SERVER", "smtp.example.org")
    app = create_app({"MAIL_SERVER": "smtp.override.example"})
    assert app.config["SECRET_KEY"] == STRONG_SECRET_KEY
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["MAIL_SERVER"] == "smtp.override.example"


def test_embedded_defaults_are_sqlite_in_the_instance_folder_and_a_local_mailbox(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"DEBUG": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'undersigned.sqlite3'}"
    assert app.config["MAIL_TRANSPORT"] == "mailbox"
    assert app.config["CAPTCHA_PROVIDER"] == "image"
    assert app.config["OUTBOX_WORKER_THREAD"] is True
    # the development key is generated once and kept, so sessions survive a restart
    assert create_app({"DEBUG": True}).config["SECRET_KEY"] == app.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_session_cookies_are_secure_httponly_and_samesite(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, TESTING=False, **PRODUCTION)
    # (a first-time reader's campaign page sets no cookie: the console's sign-in page does)
    response = app.test_client().get("/console/login", base_url="https://undersigned.test")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("days", ["0", "-2", '"soon"'])
def test_reminder_days_that_are_not_a_whole_number_above_zero_refuse_to_start(tmp_path, monkeypatch, days):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FLASK_SELF_SUBMIT_REMINDER_DAYS", days)
    with pytest.raises(RuntimeError, match="To turn the reminders off, unset it"):
        create_app({"DEBUG": True})


@pytest.mark.parametrize("lease", ["10", "5", '"long"', "true"])
def test_a_webhook_lease_not_longer_than_a_receiver_s_time_to_answer_refuses_to_start(tmp_path, monkeypatch, lease):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FLASK_WEBHOOK_TIMEOUT_SECONDS", "10")
    monkeypatch.setenv("FLASK_WEBHOOK_LEASE_SECONDS", lease)
    with pytest.raises(RuntimeError, match="WEBHOOK_LEASE_SECONDS is .*above WEBHOOK_TIMEOUT_SECONDS"):
        create_app({"DEBUG": True})
