"""The console's CSV export under deploy/gunicorn.conf.py is never cut by the worker timeout
(issue 19, #5): with a 2 s timeout, a client reading slowly for longer than that still gets every
row and a last line that is whole."""
from __future__ import annotations

import csv
import http.client
import io
import os
import socket
import subprocess
import sys
import time

from tests.conftest import REPO, free_port, make_app
from tests.support.console import PASSWORD, create_user
from tests.support.processes import stop
from tests.support.production import STRONG_SECRET_KEY
from tests.support.signing import form_inputs
from tests.unit.console.campaigns.test_export import insert_many
from tests.unit.console.campaigns.conftest import STATE

#: More rows than the kernel's socket buffers hold between the worker and a slow reader.
ROWS = 80_000


def served(tmp_path, monkeypatch, *extra: str) -> tuple[subprocess.Popen, int]:
    database = f"sqlite:///{tmp_path / 'export.sqlite3'}"
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=database)
    port = free_port()
    env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL=f"http://127.0.0.1:{port}",
               FLASK_INSTANCE_PATH=str(tmp_path / "instance"), FLASK_SQLALCHEMY_DATABASE_URI=database,
               FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"), FLASK_SESSION_COOKIE_SECURE="false",
               GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", GUNICORN_TIMEOUT="2")
    env.pop("FLASK_DEBUG", None)
    with app.app_context():
        insert_many(ROWS)
    create_user(app, "org@example.org", campaigns=(STATE,))
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py"), *extra],
                               env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=10).request("GET", "/console/login")
            return process, port
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


class SmallWindowConnection(http.client.HTTPConnection):
    """A client with a small receive buffer, as a slow reader far away has: the server cannot
    hand the whole file to the kernel and finish early, it waits on the reader."""

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def slow_export(port: int) -> tuple[bytes, bool]:
    """Sign in, then read the export in small pieces over more than the worker timeout: the
    bytes received and whether the response ended properly."""
    def call(method, path, body=None, cookie="", connection_class=http.client.HTTPConnection):
        connection = connection_class("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, body=body, headers=headers)
        return connection.getresponse()
    page = call("GET", "/console/login")
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = form_inputs(page.read().decode())["csrf_token"]
    signed = call("POST", "/console/login", f"csrf_token={token}&email=org%40example.org&password={PASSWORD}", cookie)
    signed.read()
    cookie = signed.getheader("Set-Cookie").split(";", 1)[0]
    response = call("GET", f"/console/campaigns/{STATE}/export.csv", cookie=cookie, connection_class=SmallWindowConnection)
    received, started = b"", time.monotonic()
    try:
        while chunk := response.read(64 * 1024):
            received += chunk
            if time.monotonic() - started < 5:
                time.sleep(0.25)  # slow for longer than the 2 s timeout
        return received, True
    except (http.client.IncompleteRead, ConnectionError) as cut:
        return received + getattr(cut, "partial", b""), False


def test_a_slow_export_is_whole_under_the_deployed_workers(tmp_path, monkeypatch):
    process, port = served(tmp_path, monkeypatch)
    try:
        received, ended = slow_export(port)
    finally:
        stop(process)
    assert ended
    rows = list(csv.DictReader(io.StringIO(received.decode("utf-8-sig"))))
    assert len(rows) == ROWS and rows[-1]["last_name"] == f"Name{ROWS - 1}"


def test_the_same_slow_export_is_cut_visibly_by_a_sync_worker(tmp_path, monkeypatch):
    # why the deployed configuration uses gthread: a sync worker streaming sends no heartbeat
    process, port = served(tmp_path, monkeypatch, "--worker-class", "sync")
    try:
        received, ended = slow_export(port)
    finally:
        stop(process)
    assert not ended  # cut, and the client can tell: no last chunk
    assert received.count(b"\n") < ROWS
