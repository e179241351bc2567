"""gunicorn in production mode with the logging options of deploy/gunicorn.conf.py: its access
and error logs carry no signer's token."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, free_port, make_app
from tests.support.processes import stop
from tests.support.production import STRONG_SECRET_KEY

#: deploy/gunicorn.conf.py's access-log format, and the atoms that hold the path and query on their own.
DEPLOY_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
SECRETS = ["ImNvbmZpcm0i.Zz9a1Q.c2VjcmV0LWNvbmZpcm0tdG9rZW4", "opaque-thanks-token-4711",
           "sent-token-0815", "ref-code-42"]
#: How long gunicorn may take to start, or its worker to log the requests (a busy machine is slow).
PATIENCE_SECONDS = 60


def request(port: int, method: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=b"" if method == "POST" else None,
                           headers={"Referer": f"http://127.0.0.1:{port}{path}"})
        return connection.getresponse().status
    finally:
        connection.close()


def wait_for_lines(log: Path, count: int) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while len(log.read_text().splitlines() if log.exists() else []) < count:
        assert time.monotonic() < deadline, \
            f"gunicorn did not log {count} requests in {PATIENCE_SECONDS} s: {log.read_text() if log.exists() else ''}"
        time.sleep(0.05)


def test_gunicorn_logs_hold_no_token(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
    make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=database)  # the schema
    port = free_port()
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL=f"http://127.0.0.1:{port}",
               FLASK_INSTANCE_PATH=str(tmp_path / "instance"), FLASK_SQLALCHEMY_DATABASE_URI=database,
               FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"))
    env.pop("FLASK_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--logger-class", "undersigned.security.logs.GunicornLogger",
         "--access-logfile", str(access), "--error-logfile", str(errors), "--log-level", "debug",
         "--access-logformat", DEPLOY_FORMAT + ' %(U)s %(q)s "%(f)s"', "undersigned:create_app()"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                request(port, "GET", "/")
                break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not start in {PATIENCE_SECONDS} s"
                time.sleep(0.2)
        request(port, "GET", f"/c/belarus_state_dept/confirm/{SECRETS[0]}")
        request(port, "GET", f"/ru/c/belarus_state_dept/thanks/{SECRETS[1]}")
        request(port, "POST", f"/c/belarus_state_dept/sent/{SECRETS[2]}")
        request(port, "GET", f"/c/belarus_state_dept?ref={SECRETS[3]}")
        wait_for_lines(access, 5)  # the worker logs a request after answering it
    finally:
        stop(process)  # killed if it takes long to stop: what it logged is already on disk
    logged = access.read_text() + errors.read_text()
    assert '"GET /c/belarus_state_dept/confirm/[redacted] HTTP/1.1" 404' in logged
    assert "/ru/c/belarus_state_dept/thanks/[redacted]" in logged
    assert '"GET /c/belarus_state_dept?[redacted] HTTP/1.1" 200' in logged
    for secret in SECRETS:
        assert secret not in logged
