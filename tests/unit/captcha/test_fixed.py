"""The ``test`` captcha provider (captcha.fixed): one fixed answer, once; never in production."""
from __future__ import annotations

import pytest

from tests.support.captcha import SLUG, assert_refused_and_kept, page, post, respellings, rows
from tests.support.production import PRODUCTION
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, form_inputs
from undersigned import create_app


@pytest.mark.config(CAPTCHA_PROVIDER="test", CAPTCHA_TEST_ANSWER="open sesame")
def test_the_test_provider_takes_its_fixed_answer_once(app, client):
    _, inputs = page(client)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="wrong"),
                            "The test answer is wrong.")
    _, inputs = page(client)
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="open sesame").status_code == 302
    replay = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="open sesame",
                  email="again@example.org")
    assert replay.status_code == 400 and rows(app) == (1, 1)
    forged = post(client, inputs, captcha_token="forged", captcha_answer="open sesame", email="f@example.org")
    assert forged.status_code == 400 and rows(app) == (1, 1)


def test_the_test_provider_refuses_to_start_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="CAPTCHA_PROVIDER=test .* TESTING or DEBUG"):
        create_app(dict(PRODUCTION, CAPTCHA_PROVIDER="test"))
    monkeypatch.setenv("FLASK_CAPTCHA_PROVIDER", "test")
    with pytest.raises(RuntimeError, match="for tests only"):
        create_app(PRODUCTION)
    assert create_app({"SECRET_KEY": "k" * 40, "DEBUG": True}).config["CAPTCHA_PROVIDER"] == "test"


@pytest.mark.config(CAPTCHA_PROVIDER="test", CAPTCHA_TEST_ANSWER="open sesame")
def test_one_challenge_gives_one_signature_however_its_token_is_spelled(client):
    inputs = page_inputs(client, f"/c/{SLUG}")
    token = inputs["captcha_token"]
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"), captcha_answer="open sesame")
    assert client.post(f"/c/{SLUG}", data=dict(data, captcha_token=token)).status_code == 302
    for number, spelling in enumerate(respellings(token)):
        replay = client.post(f"/c/{SLUG}", data=dict(data, captcha_token=spelling,
                                                     email=f"replay{number}@example.org"))
        assert replay.status_code == 400, spelling
        assert "The test answer is wrong." in replay.get_data(as_text=True)
