"""The plugins each release's guide showed (``tests/fixtures/plugins/<release>/<name>``), dropped
into a campaigns folder as an organizer would, and a local mail service's HTTP API for the mail
transports among them."""
from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask

from tests.conftest import make_app
from tests.support.plugins import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plugins"
RELEASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
#: Every fixture's module name: a drop-in plugin is the top-level module named after its folder.
MODULES = {path.name for release in RELEASES for path in (FIXTURES / release).iterdir() if path.is_dir()}
#: A supporter of the guides' ``potholes`` campaigns.
SUPPORTER = {"first_name": "Ana", "last_name": "Lima", "letter_name": "Ana Lima", "email": "ana@example.org",
             "street": "Elm Street"}


def drop_in(folder: Path, *plugins: str) -> Path:
    """A campaigns folder holding ``plugins`` (``"stop-05/potholes"``...), each linked as it is
    kept, so the app reads the fixture itself."""
    folder.mkdir(parents=True, exist_ok=True)
    for plugin in plugins:
        (folder / Path(plugin).name).symlink_to(FIXTURES / plugin, target_is_directory=True)
    return folder


def old_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *plugins: str, **config: object) -> Flask:
    """An app serving the seed campaigns and ``plugins`` dropped into its campaigns folder, each
    loaded without a problem."""
    folder = drop_in(tmp_path / "campaigns", *plugins)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), **config)
    assert [problem.message for problem in app.extensions["undersigned"].campaigns.problems] == []
    return app


def notices(app: Flask, plugin: str) -> list[str]:
    """What ``flask campaigns check`` notes about ``plugin``: one line per deprecated name it uses."""
    output = cli(app, "campaigns", "check").output
    return [line for line in output.splitlines() if line.startswith(f"NOTICE {plugin}: ")]


@pytest.fixture
def forget_old_plugins() -> Iterator[None]:
    """Forget the fixtures' modules after the test: two releases' plugins share a name
    (``potholes``, ``http_api_transport``), and each must be imported from its own folder."""
    yield
    for name in [name for name in sys.modules if name.partition(".")[0] in MODULES]:
        del sys.modules[name]


class MailApi(ThreadingHTTPServer):
    """A mail service's HTTP API on this machine: it takes each posted message (``accepted``)
    and answers ``status``, 202 unless a test says otherwise."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _MailApiHandler)
        self.status = 202
        self.posts = 0
        self.accepted: list[bytes] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/v1/messages"


class _MailApiHandler(BaseHTTPRequestHandler):
    server: MailApi

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts += 1
        if self.server.status < 300:
            self.server.accepted.append(data)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads what the service took, not its access log."""


@pytest.fixture
def mail_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailApi]:
    """A local mail API for the length of the test (reached directly, never through a proxy)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = MailApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()
