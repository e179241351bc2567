"""The production set-up of deploy/ (issue 23): real nginx, with the shipped configuration, in
front of real gunicorn. A surge of readers is answered from nginx's cache while every signature
passes through to the app and is stored; ``nginx -t`` accepts the shipped file."""
from __future__ import annotations

import http.client
import http.cookiejar
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO, free_port, make_app
from tests.support.clients import count_rows
from tests.support.processes import stop
from tests.support.production import STRONG_SECRET_KEY
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer

NGINX = "/usr/sbin/nginx"
SHIPPED = REPO / "deploy" / "nginx"
SLUG = "belarus_state_dept"
READERS, SIGNERS = 300, 12
PATIENCE_SECONDS = 60

pytestmark = pytest.mark.skipif(not os.access(NGINX, os.X_OK), reason="nginx is not installed (.ci/run installs it)")


def nginx_prefix(tmp_path: Path, http_block: str) -> Path:
    """An nginx prefix under ``tmp_path``: the shipped files as ``conf/undersigned/`` (as
    /etc/nginx/undersigned/ in production) and a main file holding ``http_block``."""
    conf = tmp_path / "nginx" / "conf"
    conf.mkdir(parents=True)
    (tmp_path / "nginx" / "logs").mkdir()
    shutil.copytree(SHIPPED, conf / "undersigned")
    # started by root, nginx's workers would be "nobody", who cannot write the test's folders
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx/nginx.pid;\nerror_log {tmp_path}/nginx/logs/error.log;\n"
        f"events {{}}\nhttp {{\n{http_block}\n}}\n")
    return tmp_path / "nginx"


def test_nginx_accepts_the_shipped_configuration(tmp_path):
    """The whole shipped file, with only this machine's paths put in: its certificate (made here,
    self-signed) and its cache folder."""
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=sign.example.org", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    prefix = nginx_prefix(tmp_path, "include undersigned/undersigned.conf;")
    shipped = prefix / "conf" / "undersigned" / "undersigned.conf"
    text = shipped.read_text()
    for production, here in (("/etc/letsencrypt/live/sign.example.org/privkey.pem", key),
                             ("/etc/letsencrypt/live/sign.example.org/fullchain.pem", cert),
                             ("/var/cache/nginx/undersigned", tmp_path / "cache")):
        assert production in text
        text = text.replace(production, str(here))
    shipped.write_text(text)
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", "conf/nginx.conf"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        assert process.poll() is None, f"{what} stopped"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{what} did not answer in {PATIENCE_SECONDS} s"
        time.sleep(0.1)


@pytest.fixture
def site(tmp_path, monkeypatch):
    """gunicorn (two workers, production settings) behind nginx with the shipped locations; the
    nginx port and an app on the same database and key (to read the captcha's answer)."""
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    app = make_app(tmp_path / "local", monkeypatch, SQLALCHEMY_DATABASE_URI=database, SECRET_KEY=STRONG_SECRET_KEY)
    app_port, port = free_port(), free_port()
    env = dict(os.environ, FLASK_SECRET_KEY=STRONG_SECRET_KEY, FLASK_PUBLIC_URL=f"http://127.0.0.1:{port}",
               FLASK_INSTANCE_PATH=str(tmp_path / "instance"), FLASK_SQLALCHEMY_DATABASE_URI=database,
               FLASK_CAMPAIGNS_FOLDER=str(REPO / "campaigns"), FLASK_PROXY_FIX_X_FOR="1",
               FLASK_PROXY_FIX_X_PROTO="1", FLASK_RATELIMIT_ENABLED="false", FLASK_COUNT_CACHE_SECONDS="0",
               FLASK_SESSION_COOKIE_SECURE="false",  # the test variant speaks plain HTTP
               GUNICORN_BIND=f"127.0.0.1:{app_port}", GUNICORN_WORKERS="2")
    env.pop("FLASK_DEBUG", None)
    gunicorn = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py"),
                                 "--access-logfile", str(tmp_path / "access.log")],
                                env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    prefix = nginx_prefix(tmp_path, f"""
        upstream undersigned_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
        proxy_cache_path {tmp_path}/cache levels=1:2 keys_zone=undersigned:1m inactive=10m use_temp_path=off;
        access_log off;
        server {{
            listen 127.0.0.1:{port};
            set $undersigned_root {REPO};
            include undersigned/undersigned-locations.conf;
        }}""")
    nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", "conf/nginx.conf", "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(app_port, gunicorn, "gunicorn")
        wait_for(port, nginx, "nginx")
        yield app, port
    finally:
        stop(nginx)
        stop(gunicorn)


def read(port: int, path: str) -> tuple[int, str]:
    """A first-time reader's GET through nginx: its status and ``X-Cache-Status``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "en"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Cache-Status", "")
    finally:
        connection.close()


def sign_through(app, port: int, number: int) -> int:
    """A supporter's browser: the page, its captcha picture (which brings the challenge), the form."""
    jar = http.cookiejar.CookieJar()

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Stay())
    page = f"http://127.0.0.1:{port}/c/{SLUG}"
    browser.open(page, timeout=30).read()
    browser.open(f"http://127.0.0.1:{port}/captcha/challenge.png", timeout=30).read()
    token = next(cookie.value for cookie in jar if cookie.name == "captcha")
    data = dict(STATE_DEPT_SIGNER, email=f"surge{number}@example.org", captcha_answer=captcha_answer(app, token))
    try:
        return browser.open(page, urllib.parse.urlencode(data).encode(), timeout=30).status
    except urllib.error.HTTPError as answer:
        return answer.code


def test_a_surge_of_readers_comes_from_the_cache_while_every_signature_is_stored(site):
    app, port = site
    path = f"/c/{SLUG}"
    assert read(port, path) == (200, "MISS")  # the first reader fills the cache
    with ThreadPoolExecutor(8) as pool:
        readers = Counter(pool.map(lambda _: read(port, path), range(READERS)))
        signers = Counter(pool.map(lambda number: sign_through(app, port, number), range(SIGNERS)))
    # a copy lives 10 s (max-age), then one request refreshes it while the rest get the old one
    assert readers[(200, "HIT")] + readers[(200, "STALE")] + readers[(200, "UPDATING")] >= READERS - 2, readers
    assert signers == {302: SIGNERS}, signers
    assert count_rows(app) == SIGNERS
    assert read(port, "/static/css/site.css")[0] == 200  # from the disk, by nginx
