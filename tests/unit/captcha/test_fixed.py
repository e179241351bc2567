"""The ``test`` provider: like the real ones, one challenge answers once however its token is
spelled (issue 8, item 3)."""
from __future__ import annotations

import pytest

from tests.support.captcha import respellings
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs

SLUG = "belarus_state_dept"


@pytest.mark.config(CAPTCHA_PROVIDER="test", CAPTCHA_TEST_ANSWER="open sesame")
def test_one_challenge_gives_one_signature_however_its_token_is_spelled(client):
    inputs = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))
    token = inputs["captcha_token"]
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"], captcha_answer="open sesame")
    assert client.post(f"/c/{SLUG}", data=dict(data, captcha_token=token)).status_code == 302
    for number, spelling in enumerate(respellings(token)):
        replay = client.post(f"/c/{SLUG}", data=dict(data, captcha_token=spelling,
                                                     email=f"replay{number}@example.org"))
        assert replay.status_code == 400, spelling
        assert "The test answer is wrong." in replay.get_data(as_text=True)
