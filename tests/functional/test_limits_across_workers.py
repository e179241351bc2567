"""Rate limits across workers: two real gunicorn workers share one limit on Redis; on memory
each counts alone."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO, free_port, make_app
from tests.support.processes import stop
from tests.support.production import STRONG_SECRET_KEY
from tests.support.redis import redis_url


SLUG = "belarus_state_dept"


class Gunicorn:
    """``gunicorn -w 2`` serving the app, its access log naming the worker (pid) per request."""

    def __init__(self, tmp_path: Path, monkeypatch, storage: str, limit_value: str) -> None:
        database = f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
        make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=database)  # the schema
        self.port = free_port()
        self.log = tmp_path / f"access-{self.port}.log"
        self.answered = 0  # requests answered, each to appear in the access log
        self._counting = threading.Lock()
        env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL=f"http://127.0.0.1:{self.port}",
                   FLASK_INSTANCE_PATH=str(tmp_path / "instance"),
                   FLASK_SQLALCHEMY_DATABASE_URI=database, FLASK_RATELIMIT_STORAGE_URI=storage,
                   FLASK_RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}", FLASK_RATELIMIT_SIGN=limit_value,
                   FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"), FLASK_MAILBOX_FOLDER=str(tmp_path / "mail"))
        env.pop("FLASK_DEBUG", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", str(self.log), "--access-logformat", "%(p)s %(s)s",
             "--graceful-timeout", "2", "undersigned:create_app()"],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60  # a busy machine starts it slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.process.stderr.read()}")
            try:
                if self.request("GET", "/") == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start in 60 s")

    def request(self, method: str, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=b"" if method == "POST" else None,
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"})
            status = connection.getresponse().status
            with self._counting:
                self.answered += 1
            return status
        finally:
            connection.close()

    def hammer(self, count: int) -> list[int]:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda _: self.request("POST", f"/c/{SLUG}"), range(count)))

    def served(self) -> list[tuple[str, int]]:
        """(worker pid, status) of every request answered so far, once the workers have logged
        them all (a worker logs a request after answering it)."""
        deadline = time.monotonic() + 60
        while len(lines := self._logged()) < self.answered:
            assert time.monotonic() < deadline, f"the workers logged {len(lines)} of {self.answered} requests in 60 s"
            time.sleep(0.05)
        return [(pid, int(status)) for pid, status in (line.split() for line in lines)]

    def _logged(self) -> list[str]:
        text = self.log.read_text() if self.log.exists() else ""
        return [line for line in text.split("\n") if line.strip()]

    def stop(self) -> None:
        stop(self.process, timeout=15)


@pytest.fixture
def gunicorn(tmp_path, monkeypatch):
    servers: list[Gunicorn] = []

    def start(storage: str, limit_value: str) -> Gunicorn:
        server = Gunicorn(tmp_path, monkeypatch, storage, limit_value)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_the_limit_holds_across_two_gunicorn_workers_on_redis(gunicorn):
    server = gunicorn(redis_url(), "10 per minute")
    statuses: list[int] = []
    for _ in range(10):  # bounded: until both workers have refused someone
        statuses += server.hammer(12)
        refusing = {pid for pid, status in server.served() if status == 429}
        if len(refusing) == 2:
            break
    posts = [(pid, status) for pid, status in server.served() if status in (400, 429)]
    assert len({pid for pid, _ in posts}) == 2, "both workers answered"
    assert {pid for pid, status in posts if status == 429} == {pid for pid, _ in posts}, "both refused"
    assert statuses.count(400) == 10, statuses  # exactly the limit got through, whichever worker
    assert set(statuses) == {400, 429}


def test_with_memory_storage_each_worker_counts_alone(gunicorn):
    """The control: the same hammering without Redis lets more than the limit through."""
    server = gunicorn("memory://", "10 per minute")
    statuses = server.hammer(48)
    if len({pid for pid, _ in server.served()}) < 2:
        pytest.skip("one worker answered every request; nothing to compare")
    assert statuses.count(400) > 10
