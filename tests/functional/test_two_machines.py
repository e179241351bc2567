"""Two machines: two independent gunicorn masters (``deploy/gunicorn.conf.py``, 2 workers each)
and two outbox workers on one PostgreSQL and one Redis. A surge of signatures sent across both
machines at once: the per-client limit holds across them, every accepted signature is one row,
every confirmation is counted once, and no e-mail goes out twice."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import REPO, free_port, make_app
from tests.support.processes import stop
from tests.support.production import STRONG_SECRET_KEY
from tests.support.redis import redis_url
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in
from undersigned.campaigns import counters
from undersigned.extensions import db
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"
LIMIT, SURGE = 30, 48  # signatures an address may send an hour; how many it tries


def environment(tmp_path: Path, database: str, redis: str, smtp_port: int, public_port: int) -> dict[str, str]:
    """What every machine shares: the keys, the database, Redis, the SMTP server, the settings."""
    env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL=f"http://127.0.0.1:{public_port}",
               FLASK_SQLALCHEMY_DATABASE_URI=database, FLASK_RATELIMIT_STORAGE_URI=redis,
               FLASK_RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}", FLASK_RATELIMIT_SIGN=f"{LIMIT} per hour",
               FLASK_RATELIMIT_CONFIRM="1000 per minute", FLASK_SESSION_COOKIE_SECURE="false",
               FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"), FLASK_INSTANCE_PATH=str(tmp_path / "instance"),
               FLASK_MAIL_TRANSPORT="smtp", FLASK_MAIL_SERVER="127.0.0.1", FLASK_MAIL_PORT=str(smtp_port),
               FLASK_OUTBOX_BATCH_SIZE="4", FLASK_OUTBOX_POLL_SECONDS="0.2", FLASK_LOG_FORMAT="json",
               PYTHONPATH=str(REPO))
    env.pop("FLASK_DEBUG", None)
    return env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=log.parent, stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_until_serving(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn on {port} did not start in 60 s: {log.read_text()}")


class Browser:
    """One supporter's cookies, on either machine."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def get(self, url: str) -> tuple[int, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == name)

    def post(self, url: str, data: dict[str, str]) -> int:
        try:
            with self.opener.open(url, urllib.parse.urlencode(data).encode(), timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def machines(tmp_path, monkeypatch, postgres_url, smtp_server):
    """Two gunicorn masters and two outbox workers; yields (ports, the test's own app)."""
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=postgres_url, SECRET_KEY=STRONG_SECRET_KEY)
    with app.app_context():  # a fresh schema, whatever the session's earlier tests left
        db.drop_all()
        db.create_all()
        db.session.remove()
    ports = [free_port(), free_port()]
    env = environment(tmp_path, postgres_url, redis_url(), smtp_server.port, ports[0])
    processes, logs = [], []
    try:
        for number, port in enumerate(ports):
            log = tmp_path / f"machine-{number}.log"
            processes.append(start([sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py")],
                                   dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2"), log))
            logs.append(log)
        for port, process, log in zip(ports, processes, logs):
            wait_until_serving(port, process, log)
        for number in range(2):
            log = tmp_path / f"outbox-{number}.log"
            processes.append(start([sys.executable, "-m", "flask", "--app", "undersigned", "outbox", "work"], env, log))
            logs.append(log)
        yield ports, app, logs
    finally:
        for process in processes:
            stop(process)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def sign(port: int, number: int, app) -> int:
    """A new supporter signs on the machine at ``port``; the answer's status."""
    browser, page = Browser(), f"http://127.0.0.1:{port}/c/{SLUG}"
    status, html = browser.get(page)
    assert status == 200
    assert 'src="/captcha/challenge.png"' in html
    browser.get(f"http://127.0.0.1:{port}/captcha/challenge.png")  # hands its challenge over, a cookie
    token = browser.cookie("captcha")
    return browser.post(page, dict(STATE_DEPT_SIGNER, email=f"supporter{number}@example.org",
                                   captcha_answer=captcha_answer(app, token)))


def confirm(port: int, link: str) -> int:
    """Follow an e-mailed confirmation link on the machine at ``port``, and confirm."""
    browser = Browser()
    url = f"http://127.0.0.1:{port}{urllib.parse.urlsplit(link).path}"
    status, html = browser.get(url)
    assert status == 200
    return browser.post(url, {"csrf_token": form_inputs(html)["csrf_token"]})


def wait_for(condition, seconds: float = 300) -> None:
    """Until ``condition()``: minutes, not seconds, on a machine busy with other work."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds:.0f} s"
        time.sleep(0.2)


def test_a_surge_across_two_machines_is_limited_counted_and_mailed_once(machines, smtp_server):
    ports, app, logs = machines
    with ThreadPoolExecutor(max_workers=8) as pool:  # the surge: both machines at once
        statuses = list(pool.map(lambda n: sign(ports[n % 2], n, app), range(SURGE)))
    assert statuses.count(302) == LIMIT, statuses  # one limit across both machines
    assert statuses.count(429) == SURGE - LIMIT and not [s for s in statuses if s >= 500]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == LIMIT

    wait_for(lambda: len(smtp_server.messages) >= LIMIT)
    links = {message["To"]: link_in(message.get_body(("plain",)).get_content()) for message in smtp_server.messages}
    assert len(links) == LIMIT
    with ThreadPoolExecutor(max_workers=8) as pool:  # each confirmed on the other machine
        confirmed = list(pool.map(lambda item: confirm(ports[item[0] % 2], item[1]), enumerate(links.values())))
    assert confirmed == [302] * LIMIT
    with app.app_context():
        assert counters.confirmed_count(SLUG) == LIMIT
        assert db.session.scalar(select(func.count()).select_from(Signature)
                                 .where(Signature.status == "confirmed")) == LIMIT

    time.sleep(3)  # both workers poll again: anything sent twice would arrive now
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(ids) == len(set(ids)), "a message went out twice"
    sent = [(message["To"], message["Subject"]) for message in smtp_server.messages]
    assert len(sent) == len(set(sent)), "a supporter got the same e-mail twice"
    lines = [line for log in logs[:2] for line in log.read_text().splitlines() if line.strip()]
    assert lines and all(json.loads(line)["message"] for line in lines), "gunicorn logs one JSON object a line"
    assert not re.search(r"/confirm/[A-Za-z0-9_.-]{20,}", "\n".join(lines)), "a token reached the log"
