"""ALTCHA (captcha.altcha): served from our own files, a solved challenge signs once, and
wrong, tampered, expired or garbage payloads are refused."""
from __future__ import annotations

import base64
import json
import re
import time

import pytest

from tests.conftest import make_app
from tests.support.captcha import SLUG, assert_refused_and_kept, page, post, rows
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs


@pytest.fixture
def altcha_app(tmp_path, monkeypatch):
    return make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER="altcha", ALTCHA_COST=50)


def solved_payload(challenge: dict) -> str:
    from altcha import Challenge, Payload, solve_challenge
    parsed = Challenge.from_dict(challenge)
    solution = solve_challenge(parsed)
    assert solution is not None
    return Payload(parsed, solution).to_base64()


def test_altcha_widget_is_served_from_our_own_static_files(altcha_app):
    client = altcha_app.test_client()
    html, _ = page(client, "/ru")
    assert "<altcha-widget" in html and 'challenge="/ru/captcha/altcha/challenge"' in html
    assert 'language="ru"' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    for src in scripts:
        assert src.startswith("/"), src  # never a CDN
        assert client.get(src).status_code == 200, src
    assert any(src.endswith("altcha/altcha.min.js") for src in scripts)
    assert any(src.endswith("altcha/i18n-ru.js") for src in scripts)
    worker = re.search(r'data-worker="([^"]+)"', html).group(1)
    assert client.get(worker).status_code == 200
    assert "MIT License" in client.get("/captcha/static/altcha/LICENSE.txt").get_data(as_text=True)
    assert "<noscript>" in html  # people without JavaScript are told


def test_altcha_accepts_a_solved_challenge_once(altcha_app):
    client = altcha_app.test_client()
    _, inputs = page(client)
    challenge = client.get("/captcha/altcha/challenge")
    assert challenge.status_code == 200 and challenge.headers["Cache-Control"] == "no-store"
    payload = solved_payload(challenge.get_json())
    assert post(client, inputs, altcha=payload).status_code == 302
    assert rows(altcha_app) == (1, 1)
    replay = post(client, inputs, altcha=payload, email="someone.else@example.org")
    assert replay.status_code == 400
    assert "could not confirm that a person" in replay.get_data(as_text=True)
    assert rows(altcha_app) == (1, 1)


def test_altcha_refuses_wrong_tampered_expired_and_garbage_payloads(altcha_app, monkeypatch):
    client = altcha_app.test_client()
    _, inputs = page(client)
    challenge = client.get("/captcha/altcha/challenge").get_json()
    good = json.loads(base64.b64decode(solved_payload(challenge)))

    wrong = json.loads(json.dumps(good))
    wrong["solution"]["counter"] += 1
    tampered = json.loads(json.dumps(good))
    tampered["challenge"]["parameters"]["cost"] = 1
    unsigned = json.loads(json.dumps(good))
    unsigned["challenge"].pop("signature")
    for bad in (wrong, tampered, unsigned):
        encoded = base64.b64encode(json.dumps(bad).encode()).decode()
        assert_refused_and_kept(altcha_app, post(client, inputs, altcha=encoded), "could not confirm that a person")
    for garbage in ("", "not base64!", base64.b64encode(b"[1,2]").decode(), "A" * 5000,
                    base64.b64encode(b'{"challenge": 1, "solution": null}').decode()):
        assert_refused_and_kept(altcha_app, post(client, inputs, altcha=garbage), "could not confirm that a person")
    # the good payload, past its expiry
    later = time.time() + altcha_app.config["CAPTCHA_TTL_SECONDS"] + 60
    monkeypatch.setattr("altcha.v2.time.time", lambda: later)
    encoded = base64.b64encode(json.dumps(good).encode()).decode()
    assert_refused_and_kept(altcha_app, post(client, inputs, altcha=encoded), "could not confirm that a person")


def solved(challenge: dict) -> dict:
    from altcha import Challenge, Payload, solve_challenge
    parsed = Challenge.from_dict(challenge)
    return Payload(parsed, solve_challenge(parsed)).to_dict()


def spellings(payload: dict) -> list[str]:
    """The same solution as the widget sends it, and written in other ways."""
    compact = json.dumps(payload, separators=(",", ":")).encode()
    spaced = json.dumps(payload, indent=2, sort_keys=True).encode()
    return [base64.b64encode(json.dumps(payload).encode()).decode(), base64.b64encode(compact).decode(),
            base64.b64encode(spaced).decode(), base64.b64encode(b" " + compact + b"\n").decode()]


@pytest.mark.config(CAPTCHA_PROVIDER="altcha", ALTCHA_COST=50)
def test_one_solved_challenge_gives_one_signature_however_the_payload_is_written(client):
    inputs = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))
    payload = solved(client.get("/captcha/altcha/challenge").get_json())
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"))
    first, *others = spellings(payload)
    assert client.post(f"/c/{SLUG}", data=dict(data, altcha=first)).status_code == 302
    for number, spelling in enumerate(others):
        replay = client.post(f"/c/{SLUG}", data=dict(data, altcha=spelling, email=f"replay{number}@example.org"))
        assert replay.status_code == 400
        assert "could not confirm that a person" in replay.get_data(as_text=True)
