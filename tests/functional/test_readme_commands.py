"""Every command in the README's ``sh`` blocks works as written, run the way a newcomer runs it:
in a subprocess, from a fresh copy of the repository's campaigns folder, with no ``FLASK_*``
variable set (nor ``SECRET_KEY``, nor ``PUBLIC_URL``), in the order the README shows them.

``make run`` and ``make test`` would serve forever and run this very suite: they are checked with
``make -n`` (make reads the Makefile and prints their steps). The gunicorn line is production's:
it runs with the two settings the production notes require, and ``--check-config`` loads the
app and stops.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = REPO / ".venv" / "bin"
#: What the production notes require, for the production command (gunicorn).
PRODUCTION_ENV = {"FLASK_SECRET_KEY": "pD3vN0hq8Yk2cRz7LwT1fXb5sJm9GaUe4oQiV6yKHtWnBd-EpS_x0lCjMrAZg8uF",
                  "FLASK_PUBLIC_URL": "https://sign.example.org"}


def readme_commands() -> list[str]:
    """Each command of the README's ``sh`` blocks, continuation lines joined, comments dropped."""
    commands = []
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", README, flags=re.S | re.M):
        for command in re.sub(r"\\\n\s*", " ", block).splitlines():
            words = shlex.split(command, comments=True)
            if words:
                commands.append(words)
    return [shlex.join(words) for words in commands]


def newcomer_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items()
            if not name.startswith(("FLASK_", "UNDERSIGNED_"))}


#: What a newcomer types when ``users create`` asks for the password (twice).
PASSWORD_TYPED = "quiet-lantern-orbit-58\n" * 2


def run(words: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    typed = None
    if words[:2] == ["make", "run"]:
        # make run creates the database before it serves: do that step here, in the newcomer's folder
        upgraded = subprocess.run([str(BIN / "flask"), "--app", "undersigned", "--debug", "db", "upgrade"],
                                  cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    if words[0] == "make":
        words, cwd = ["make", "-n", *words[1:]], REPO
    elif words[0] == "gunicorn":
        words, env = [str(BIN / "gunicorn"), "--check-config", *words[1:]], {**env, **PRODUCTION_ENV}
    elif words[0].startswith(".venv/bin/"):
        words = [str(REPO / words[0]), *words[1:]]
        typed = PASSWORD_TYPED if "users" in words and "create" in words else None
    return subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, input=typed)


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert "make run" in commands and "make test" in commands
    assert ".venv/bin/flask --app undersigned campaigns list" in commands
    assert ".venv/bin/flask --app undersigned --debug users create you@example.org --role admin" in commands
    assert any(command.startswith("gunicorn ") for command in commands)


def test_every_command_in_the_readme_works_as_written(tmp_path):
    if not (BIN / "flask").exists():
        pytest.skip("the README's commands run from .venv: run `make install` first")
    shutil.copytree(REPO / "campaigns", tmp_path / "campaigns",
                    ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copytree(REPO / "deploy", tmp_path / "deploy")
    env = newcomer_env()
    for command in readme_commands():
        result = run(shlex.split(command), tmp_path, env)
        output = result.stdout + result.stderr
        if command.endswith("campaigns check"):
            # the README says: 2 when a campaign is incomplete; on a fresh clone the State
            # Department's contact form address is not configured yet
            incomplete = [line for line in output.splitlines() if line.startswith("INCOMPLETE")]
            assert result.returncode in (0, 2), output
            assert all("belarus_state_dept" in line for line in incomplete), output
        else:
            assert result.returncode == 0, f"{command}\n{output}"
    assert (tmp_path / "campaigns" / "potholes" / "__init__.py").is_file()
    assert "potholes" not in {path.name for path in (REPO / "campaigns").iterdir()}
