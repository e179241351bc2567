"""The image captcha: a solved code signs once, however its token is spelled (issue 8, item 3);
its routes exist only while it is the configured provider."""
from __future__ import annotations

import pytest

from tests.support.captcha import respellings
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer, form_inputs

SLUG = "belarus_state_dept"


def test_one_solved_code_gives_one_signature_however_its_token_is_spelled(app, client):
    inputs = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))
    token = inputs["captcha_token"]
    answer = captcha_answer(app, token)
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"], captcha_answer=answer)
    assert client.post(f"/c/{SLUG}", data=dict(data, captcha_token=token)).status_code == 302
    for number, spelling in enumerate(respellings(token)):
        replay = client.post(f"/c/{SLUG}", data=dict(data, captcha_token=spelling,
                                                     email=f"replay{number}@example.org"))
        assert replay.status_code == 400, spelling
        assert "does not match the picture" in replay.get_data(as_text=True)


def test_a_respelled_token_shows_no_picture(app, client):
    token = form_inputs(client.get(f"/c/{SLUG}").get_data(as_text=True))["captcha_token"]
    assert client.get(f"/captcha/{token}.png").status_code == 200
    assert client.get(f"/captcha/{token}!!.png").status_code == 404


@pytest.mark.config(CAPTCHA_PROVIDER="altcha")
def test_the_picture_route_exists_only_for_the_image_provider(client):
    assert client.get("/captcha/anything.png").status_code == 404
    assert client.get("/captcha/altcha/challenge").status_code == 200


def test_the_altcha_routes_exist_only_for_the_altcha_provider(client):
    assert client.get("/captcha/altcha/challenge").status_code == 404
    assert client.get("/captcha/static/altcha/altcha.min.js").status_code == 404
