"""Security headers on every response (security.headers): CSP with nonces (none on a page every
first-time reader shares, whose scripts are all this site's), HSTS over HTTPS, no framing, no
sniffing; console pages never stored."""
from __future__ import annotations

import re

from tests.support.console import create_user, login
from tests.support.signing import captcha_challenge, page_inputs

SLUG = "belarus_state_dept"
#: The pages a first-time reader shares with every other (security.public_pages).
SHARED = {"home", "home ru", "campaign", "joint letter"}


def sample_responses(app):
    """One response of every kind: pages, errors, static files, captcha media, refusals."""
    client = app.test_client()
    html = client.get(f"/c/{SLUG}").get_data(as_text=True)
    token = captcha_challenge(client, html)
    return {
        "home": client.get("/"),
        "home ru": client.get("/ru/"),
        "campaign": client.get(f"/c/{SLUG}"),
        "joint letter": client.get("/c/belarus_senate/letter"),
        "not found": client.get("/c/nothing-here"),
        "method not allowed": client.get(f"/c/{SLUG}/sent/x"),
        "refused form": client.post(f"/c/{SLUG}", data={}),
        "csrf error": client.post(f"/c/{SLUG}/confirm/x", data={}),
        "too large": client.post(f"/c/{SLUG}", data={"first_name": "x" * 100_000}),
        "static": client.get("/static/css/site.css"),
        "captcha image": client.get(f"/captcha/{token}.png"),
        "captcha audio": client.get(f"/captcha/{token}.wav"),
        "login": client.get("/console/login"),
        "head": client.head("/"),
    }


def test_every_response_carries_the_security_headers(app):
    for name, response in sample_responses(app).items():
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy, name
        nonce = re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", policy)
        assert (nonce is None) if name in SHARED else nonce, name
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, name
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy, name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer"), name
        assert headers.get("X-Frame-Options") == "DENY", name
        assert "Strict-Transport-Security" not in headers, name  # plain HTTP: no HSTS
        assert response.status_code < 500, name


def test_hsts_is_sent_over_https(app):
    response = app.test_client().get("/", base_url="https://undersigned.test")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_every_script_carries_this_responses_nonce_and_nothing_runs_inline_without_it(app):
    client = app.test_client()
    seen = set()
    for path in ("/console/login", "/console/login", f"/c/{SLUG}/check-email"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"]).group(1)
        seen.add(nonce)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert f'nonce="{nonce}"' in tag, (path, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path  # no inline event handlers
        assert "javascript:" not in html, path
    assert len(seen) == 3  # a new nonce every response


def test_a_shared_page_runs_only_this_sites_scripts_and_nothing_inline(app):
    for path in ("/", f"/c/{SLUG}", "/c/belarus_senate", "/c/belarus_senate/letter", "/ru/"):
        response = app.test_client().get(path)
        html = response.get_data(as_text=True)
        assert "'nonce-" not in response.headers["Content-Security-Policy"] and "nonce=" not in html, path
        for tag in re.findall(r"<script\b[^>]*>", html):  # this site's files, or data that never runs
            assert re.search(r'src="/[^/]', tag) or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert "javascript:" not in html, path


def test_every_console_response_says_no_store(app):
    create_user(app, "admin@example.org", role="admin")
    client = app.test_client()
    answers = [client.get("/console/login"), client.get("/console/"), client.get("/ru/console/login"),
               login(client, "wrong@example.org", "x")]
    answers.append(login(client, "admin@example.org"))
    answers += [client.get("/console/"), client.get("/console/translations/"), client.get("/console/nope")]
    csrf = page_inputs(client, "/console/")["csrf_token"]
    answers.append(client.post("/console/logout", data={"csrf_token": csrf}))
    for response in answers:
        assert response.headers.get("Cache-Control") == "no-store", (response.request.path, response.status_code)


def test_public_pages_stay_cacheable(client):
    assert client.get("/").headers["Cache-Control"].startswith("public, max-age=")
