"""Rate limits on signing, confirming, captchas, sign-in (and the mechanism a help form will
use): per client and per mailbox, counted under keyed hashes; a clear 429 page in the reader's
language; ProxyFix for deployments behind a proxy; memory by default, Redis across workers,
shown with two gunicorn workers."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Blueprint, request
from sqlalchemy import func, select

from tests.conftest import REPO, free_port, make_app
from tests.support.redis import redis_url
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.security.identity import canonical_email, ip_hash
from undersigned.security.limits import current_limits, email_key, limit
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def empty_post(client, prefix: str = ""):
    """A sign POST with nothing in it: refused (400), but it counts against the limit."""
    return client.post(f"{prefix}/c/{SLUG}", data={})


def signatures(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Signature))


@pytest.mark.config(RATELIMIT_SIGN="3 per minute")
def test_signing_is_limited_per_client_with_a_clear_page(app):
    client = client_at(app, "198.51.100.7")
    assert [empty_post(client).status_code for _ in range(3)] == [400, 400, 400]
    limited_response = empty_post(client)
    html = limited_response.get_data(as_text=True)
    assert limited_response.status_code == 429
    assert "Too many attempts" in html and "Traceback" not in html
    assert 1 <= int(limited_response.headers["Retry-After"]) <= 60
    assert "You can try again in 1 minute." in html
    # a signature with a correct captcha is refused too, and nothing is written
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 429
    assert signatures(app) == 0
    # another client is not affected
    assert empty_post(client_at(app, "198.51.100.8")).status_code == 400


@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
@pytest.mark.parametrize("language, title", [("ru", "Слишком много попыток"), ("be", None)])
def test_the_429_page_is_in_the_readers_language(app, language, title):
    from flask_babel import force_locale, gettext
    client = client_at(app, "198.51.100.9")
    empty_post(client, f"/{language}")
    response = empty_post(client, f"/{language}")
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and f'lang="{language}"' in html
    with app.test_request_context(f"/{language}/"), force_locale(language):
        expected = gettext("Too many attempts")
    assert expected in html and expected != "Too many attempts"
    assert title is None or title == expected


@pytest.mark.config(RATELIMIT_SIGN="2 per minute")
def test_an_ipv6_client_is_one_64_network(app):
    first, same_network = client_at(app, "2001:db8:1:2::1"), client_at(app, "2001:db8:1:2:ffff::9")
    empty_post(first)
    empty_post(same_network)
    assert empty_post(first).status_code == 429
    assert empty_post(client_at(app, "2001:db8:1:3::1")).status_code == 400  # another /64
    with app.test_request_context():
        assert ip_hash("2001:db8:1:2::1") == ip_hash("2001:db8:1:2:ffff::9") != ip_hash("2001:db8:1:3::1")
        assert ip_hash("::ffff:192.0.2.1") == ip_hash("192.0.2.1")


@pytest.mark.config(RATELIMIT_SIGN_EMAIL="2 per hour")
def test_signing_is_limited_per_mailbox_whatever_the_address_or_spelling(app):
    gmail = dict(STATE_DEPT_SIGNER, email="jane.doe@gmail.com")
    assert sign(client_at(app, "192.0.2.1"), app, SLUG, **gmail).status_code == 302
    again = dict(gmail, email="Jane.Doe+petition@googlemail.com")  # the same mailbox
    assert sign(client_at(app, "192.0.2.2"), app, SLUG, **again).status_code == 302  # answered by e-mail
    third = sign(client_at(app, "192.0.2.3"), app, "belarus_senate", **dict(gmail, email="janedoe@gmail.com",
                                                                         title="Senator", organization="Senate"))
    assert third.status_code == 429
    other = dict(STATE_DEPT_SIGNER, email="someone@example.org")
    assert sign(client_at(app, "192.0.2.3"), app, SLUG, **other).status_code == 302


@pytest.mark.config(RATELIMIT_CONFIRM="2 per minute")
def test_confirming_is_limited(app):
    client = client_at(app, "192.0.2.20")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text)).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    csrf = form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302  # idempotent
    assert client.post(path, data={"csrf_token": csrf}).status_code == 429
    assert client.post("/c/belarus_state_dept/confirm/forged", data={"csrf_token": csrf}).status_code == 429


@pytest.mark.config(RATELIMIT_CONFIRM_EMAIL="1 per hour", RATELIMIT_CONFIRM="100 per minute")
def test_confirming_is_limited_per_mailbox_too(app):
    assert sign(app.test_client(), app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        path = re.sub(r"^https?://[^/]+", "", link_in(db.session.scalars(select(OutboxMessage.body_text)).one()))
    for n, address in enumerate(("192.0.2.30", "192.0.2.31")):
        client = client_at(app, address)
        csrf = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))["csrf_token"]
        assert client.post(path, data={"csrf_token": csrf}).status_code == (302 if n == 0 else 429)


def login_post(client, email: str):
    csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    return client.post("/console/login", data={"csrf_token": csrf, "email": email, "password": "wrong"})


@pytest.mark.config(RATELIMIT_LOGIN="3 per minute")
def test_sign_in_is_limited_per_client(app):
    client = client_at(app, "192.0.2.40")
    assert [login_post(client, f"user{n}@example.org").status_code for n in range(3)] == [400, 400, 400]
    assert login_post(client, "user9@example.org").status_code == 429
    assert login_post(client_at(app, "192.0.2.41"), "user9@example.org").status_code == 400


@pytest.mark.config(RATELIMIT_LOGIN_EMAIL="2 per minute")
def test_sign_in_is_limited_per_account_from_any_address(app):
    codes = [login_post(client_at(app, f"192.0.2.{50 + n}"), "Admin@Example.org ").status_code for n in range(3)]
    assert codes == [400, 400, 429]
    assert login_post(client_at(app, "192.0.2.60"), "other@example.org").status_code == 400


@pytest.mark.config(RATELIMIT_CAPTCHA="2 per minute")
def test_captcha_pictures_and_recordings_are_limited(app):
    client = client_at(app, "192.0.2.70")
    token = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))["captcha_token"]
    assert client.get(f"/captcha/{token}.png").status_code == 200
    assert client.get(f"/captcha/{token}.wav").status_code == 200
    assert client.get(f"/captcha/{token}.png").status_code == 429


@pytest.mark.config(RATELIMIT_HELP="2 per minute", RATELIMIT_HELP_EMAIL="1 per hour")
def test_the_mechanism_a_help_form_uses(app):
    """What a future help page does: ``limit`` per client, ``limit(key=email_key(...))`` per mailbox."""
    bp = Blueprint("help_demo", __name__)

    @bp.post("/help-demo")
    def ask():
        with limit("RATELIMIT_HELP"), \
                limit("RATELIMIT_HELP_EMAIL", key=email_key(canonical_email(request.form["email"]))):
            return "sent"

    app.register_blueprint(bp)
    app.config["WTF_CSRF_ENABLED"] = False
    first, second = client_at(app, "192.0.2.80"), client_at(app, "192.0.2.81")
    assert first.post("/help-demo", data={"email": "a@example.org"}).status_code == 200
    assert second.post("/help-demo", data={"email": "a@example.org"}).status_code == 429  # per mailbox
    assert first.post("/help-demo", data={"email": "b@example.org"}).status_code == 200
    assert first.post("/help-demo", data={"email": "c@example.org"}).status_code == 429  # per client


@pytest.mark.config(RATELIMIT_SIGN="2 per minute", RATELIMIT_SIGN_EMAIL="5 per minute")
def test_the_limit_storage_holds_no_address_and_no_email(app):
    client = client_at(app, "203.0.113.99")
    for _ in range(3):
        sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    with app.app_context():
        storage = current_limits().storage
    keys = " ".join(map(str, storage.storage.keys()))  # the memory storage's own dict
    assert keys and "undersigned" in keys
    assert "203.0.113.99" not in keys and "example.org" not in keys.lower()


@pytest.mark.config(RATELIMIT_ENABLED=False, RATELIMIT_SIGN="1 per minute")
def test_without_limits_captcha_codes_still_answer_once(app):
    client = app.test_client()
    assert [empty_post(client).status_code for _ in range(3)] == [400, 400, 400]
    page = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))
    data = dict(STATE_DEPT_SIGNER, csrf_token=page["csrf_token"], captcha_token=page["captcha_token"],
                captcha_answer=captcha_answer(app, page["captcha_token"]))
    assert client.post(f"/c/{SLUG}", data=data).status_code == 302
    assert client.post(f"/c/{SLUG}", data=dict(data, email="x@example.org")).status_code == 400


@pytest.mark.config(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", RATELIMIT_SIGN="2 per minute")
def test_an_unreachable_limit_storage_falls_back_to_memory_not_to_errors(app, caplog):
    client = client_at(app, "192.0.2.90")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    assert empty_post(client).status_code == 400
    assert empty_post(client).status_code == 429  # still limited, per process
    assert any("rate-limit storage unreachable" in r.getMessage() for r in caplog.records)


# --- behind a proxy ----------------------------------------------------------------------------

@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(app):
    client = client_at(app, "10.0.0.1")
    empty_post(client)
    response = client.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert response.status_code == 429  # a forged header does not make a new client


@pytest.mark.config(RATELIMIT_SIGN="1 per minute", PROXY_FIX_X_FOR=1)
def test_behind_a_proxy_each_forwarded_client_has_its_own_limit_and_hash(app):
    proxy = client_at(app, "10.0.0.1")
    for address in ("198.51.100.1", "198.51.100.2"):
        assert proxy.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": address}).status_code == 400
    assert proxy.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    # the signature keeps the hash of the forwarded client, never the proxy's
    headers = {"X-Forwarded-For": "198.51.100.3"}
    page = form_inputs(proxy.get(f"/c/{SLUG}", headers=headers).get_data(as_text=True))
    data = dict(STATE_DEPT_SIGNER, csrf_token=page["csrf_token"], captcha_token=page["captcha_token"],
                captcha_answer=captcha_answer(app, page["captcha_token"]))
    assert proxy.post(f"/c/{SLUG}", data=data, headers=headers).status_code == 302
    with app.test_request_context():
        expected = ip_hash("198.51.100.3")
    with app.app_context():
        assert db.session.scalar(select(Signature.ip_hash)) == expected


@pytest.mark.config(PROXY_FIX_X_PREFIX=1, PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1)
def test_the_proxy_prefix_comes_before_the_language_prefix(app):
    headers = {"X-Forwarded-Prefix": "/sign", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "petition.example"}
    response = app.test_client().get(f"/ru/c/{SLUG}", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'lang="ru"' in html
    assert f'action="/sign/ru/c/{SLUG}' in html
    assert f'hreflang="be" href="/sign/be/c/{SLUG}"' in html and f'hreflang="en" href="/sign/c/{SLUG}"' in html
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# --- across workers -------------------------------------------------------------------------

class Gunicorn:
    """``gunicorn -w 2`` serving the app, its access log naming the worker (pid) per request."""

    def __init__(self, tmp_path: Path, monkeypatch, storage: str, limit_value: str) -> None:
        database = f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
        make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=database)  # the schema
        self.port = free_port()
        self.log = tmp_path / f"access-{self.port}.log"
        env = dict(os.environ, FLASK_SECRET_KEY="gunicorn-test-key", FLASK_INSTANCE_PATH=str(tmp_path / "instance"),
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
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.process.stderr.read()}")
            try:
                if self.request("GET", "/") == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start in 30 s")

    def request(self, method: str, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=b"" if method == "POST" else None,
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"})
            return connection.getresponse().status
        finally:
            connection.close()

    def hammer(self, count: int) -> list[int]:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda _: self.request("POST", f"/c/{SLUG}"), range(count)))

    def served(self) -> list[tuple[str, int]]:
        """(worker pid, status) of every POST answered so far."""
        time.sleep(0.3)  # let the workers flush their access log
        lines = self.log.read_text().split("\n") if self.log.exists() else []
        return [(pid, int(status)) for pid, status in (line.split() for line in lines if line.strip())]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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
