"""Hosted captchas (captcha.hosted: reCAPTCHA, hCaptcha, Turnstile), checked against a local fake
``siteverify``: a good token signs once, a broken service is a polite refusal, no keys no start."""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from tests.conftest import free_port, make_app
from tests.support.captcha import SLUG, page, post, rows


class FakeSiteverify:
    """A local stand-in for a hosted captcha's ``siteverify``: tokens starting ``good`` pass
    once (like the real services), everything else fails; ``mode`` can break it."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.seen: set[str] = set()
        self.mode = "normal"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                fake.requests.append(form)
                if fake.mode == "slow":
                    time.sleep(1.5)
                if fake.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                token = form.get("response", "")
                if fake.mode == "garbage":
                    payload = b"<html>not json</html>"
                else:
                    ok = form.get("secret") == "the-secret" and token.startswith("good") and token not in fake.seen
                    fake.seen.add(token)
                    payload = json.dumps({"success": ok} if ok else
                                         {"success": False, "error-codes": ["invalid-input-response"]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/siteverify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def siteverify():
    fake = FakeSiteverify()
    yield fake
    fake.close()


HOSTED = {"recaptcha": ("g-recaptcha-response", "https://www.google.com/recaptcha/api.js", "https://www.gstatic.com/recaptcha/"),
          "hcaptcha": ("h-captcha-response", "https://js.hcaptcha.com/1/api.js", "https://*.hcaptcha.com"),
          "turnstile": ("cf-turnstile-response", "https://challenges.cloudflare.com/turnstile/v0/api.js",
                        "https://challenges.cloudflare.com")}


def hosted_app(tmp_path, monkeypatch, name, siteverify, **extra):
    return make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name, CAPTCHA_SITE_KEY="the-site-key",
                    CAPTCHA_SECRET_KEY="the-secret", CAPTCHA_VERIFY_URL=siteverify.url,
                    CAPTCHA_VERIFY_TIMEOUT=1.0, **extra)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_hosted_captcha_shows_its_widget_and_allows_only_its_origins(tmp_path, monkeypatch, siteverify, name):
    field, script, origin = HOSTED[name]
    app = hosted_app(tmp_path, monkeypatch, name, siteverify)
    response = app.test_client().get(f"/ru/c/{SLUG}")
    html = response.get_data(as_text=True)
    assert 'data-sitekey="the-site-key"' in html and "the-secret" not in html
    assert re.search(rf'<script src="{re.escape(script)}[^"]*"', html)
    assert "ru" in re.search(rf'{re.escape(script)}[^"]*"', html).group(0) or 'data-language="ru"' in html
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert origin in script_src and "'unsafe-inline'" not in script_src
    assert "frame-src" in policy and "'none'" not in re.search(r"frame-src ([^;]+)", policy).group(1)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_hosted_captcha_accepts_a_good_token_once_and_refuses_the_rest(tmp_path, monkeypatch, siteverify, name):
    field = HOSTED[name][0]
    app = hosted_app(tmp_path, monkeypatch, name, siteverify)
    client = app.test_client()
    _, inputs = page(client)
    assert post(client, inputs, **{field: "good-1"}).status_code == 302
    assert siteverify.requests[-1] == {"secret": "the-secret", "response": "good-1"}  # and no IP
    asked = len(siteverify.requests)
    replay = post(client, inputs, **{field: "good-1"}, email="x@example.org")
    assert replay.status_code == 400 and "could not confirm that a person" in replay.get_data(as_text=True)
    assert len(siteverify.requests) == asked  # refused here, before asking the service
    assert rows(app) == (1, 1)
    for token in ("bad-token", ""):
        response = post(client, inputs, **{field: token}, email="y@example.org")
        assert response.status_code == 400
    assert post(client, inputs, email="z@example.org").status_code == 400  # no token field at all
    assert rows(app) == (1, 1)


@pytest.mark.parametrize("mode", ["error", "garbage", "slow", "down"])
def test_a_broken_siteverify_is_a_polite_refusal_never_an_error_page(tmp_path, monkeypatch, siteverify, mode):
    app = hosted_app(tmp_path, monkeypatch, "turnstile", siteverify)
    client = app.test_client()
    _, inputs = page(client)
    if mode == "down":
        siteverify.close()
    else:
        siteverify.mode = mode
    response = post(client, inputs, **{"cf-turnstile-response": "good-2"})
    assert response.status_code == 400
    assert "could not confirm that a person" in response.get_data(as_text=True)
    assert 'value="Jane"' in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_a_hosted_captcha_without_keys_refuses_to_start(tmp_path, monkeypatch, name):
    with pytest.raises(RuntimeError, match="CAPTCHA_SITE_KEY and CAPTCHA_SECRET_KEY"):
        make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name)
