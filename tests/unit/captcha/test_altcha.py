"""``altcha``: one solved challenge gives one signature, however the payload is written
(issue 8, item 3)."""
from __future__ import annotations

import base64
import json

import pytest

from tests.support.signing import STATE_DEPT_SIGNER, form_inputs

SLUG = "belarus_state_dept"


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
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"])
    first, *others = spellings(payload)
    assert client.post(f"/c/{SLUG}", data=dict(data, altcha=first)).status_code == 302
    for number, spelling in enumerate(others):
        replay = client.post(f"/c/{SLUG}", data=dict(data, altcha=spelling, email=f"replay{number}@example.org"))
        assert replay.status_code == 400
        assert "could not confirm that a person" in replay.get_data(as_text=True)
