"""Read-only commands run in production without ``SECRET_KEY`` and ``PUBLIC_URL``
(security.keyless); serving and every other command refuse with the reason."""
from __future__ import annotations

import os
import subprocess

import click
import pytest
from flask.cli import FlaskGroup, ScriptInfo

from tests.conftest import REPO
from undersigned import create_app
from undersigned.mail.cli import outbox_cli

FLASK = REPO / ".venv" / "bin" / "flask"


@pytest.fixture(autouse=True)
def production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("FLASK_SECRET_KEY", "FLASK_PUBLIC_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def app_for_the_cli(tmp_path):
    """The app as ``flask`` loads it to find one of the app's commands."""
    with click.Context(FlaskGroup(), obj=ScriptInfo()):
        return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})


def test_serving_without_a_secret_still_refuses_to_start():
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app()


def test_keyless_commands_run_and_every_other_says_what_is_missing(tmp_path):
    app = app_for_the_cli(tmp_path)
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["campaigns", "list"])
    assert listed.exit_code == 0, listed.output
    assert "belarus_senate  [open]" in listed.output
    assert runner.invoke(args=["translations", "status", "--domain", "messages"]).exit_code == 0
    for command in (["outbox", "status"], ["signatures", "list", "belarus_senate"], ["users", "list"]):
        refused = runner.invoke(args=command)
        assert refused.exit_code == 1, command
        assert "SECRET_KEY is not set" in refused.output and "PUBLIC_URL is not set" in refused.output


def test_the_shared_commands_are_left_as_they_were(tmp_path):
    app = app_for_the_cli(tmp_path)
    assert app.cli.commands["outbox"].commands["status"].callback.func.__name__ == "_refuse"
    assert outbox_cli.commands["status"].callback.__name__ == "status_command"


@pytest.mark.skipif(not FLASK.exists(), reason="needs .venv (make install)")
def test_from_a_shell_a_read_only_command_runs_and_the_server_refuses(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("FLASK_")}
    listed = subprocess.run([str(FLASK), "--app", "undersigned", "campaigns", "list"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    served = subprocess.run([str(FLASK), "--app", "undersigned", "run", "--port", "1"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert served.returncode != 0 and "SECRET_KEY is not set" in served.stderr
