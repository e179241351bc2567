"""The image captcha (captcha.image, the default): a right answer signs once, a wrong, forged,
expired or replayed one is refused (and keeps what was typed, and writes nothing); the picture is
never cached."""
from __future__ import annotations

import re
import time

import pytest

from tests.support.captcha import SLUG, assert_refused_and_kept, page, post, respellings, rows
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, captcha_answer, form_inputs


def test_the_image_code_signs_once_then_is_refused_as_a_replay(app, client):
    _, inputs = page(client)
    answer = captcha_answer(app, inputs["captcha_token"])
    assert re.fullmatch(r"\d{6}", answer)
    ok = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer)
    assert ok.status_code == 302 and rows(app) == (1, 1)
    replay = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer,
                  email="another@example.org")
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(app) == (1, 1)


def test_a_wrong_image_answer_keeps_what_was_typed_and_burns_the_code(app, client):
    _, inputs = page(client)
    right = captcha_answer(app, inputs["captcha_token"])
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=wrong),
                            "does not match the picture")
    # the code was used up by the wrong try: the right answer now fails too
    again = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=right)
    assert again.status_code == 400 and rows(app) == (0, 0)


def test_a_captcha_answer_cannot_be_replayed_after_a_failure(app, client):
    """A code spent on a form refused for another reason (here the e-mail) is used up too."""
    _, inputs = page(client)
    answer = captcha_answer(app, inputs["captcha_token"])
    refused = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer, email="not an address")
    assert refused.status_code == 400
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer).status_code == 400
    assert rows(app) == (0, 0)


TYPED = {"spaces around": lambda c: f" {c} ", "a line break": lambda c: f"{c}\n",
         "a dash inside": lambda c: f"{c[:3]}-{c[3:]}", "a space inside": lambda c: f"{c[:3]} {c[3:]}",
         "full-width digits": lambda c: "".join(chr(ord(d) - ord("0") + 0xFF10) for d in c)}


@pytest.mark.parametrize("how", sorted(TYPED))
def test_the_image_answer_ignores_spaces_dashes_and_full_width_digits(app, client, how):
    _, inputs = page(client)
    typed = TYPED[how](captcha_answer(app, inputs["captcha_token"]))
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=typed).status_code == 302


def test_the_answer_is_compared_without_regard_to_case():
    from undersigned.captcha.image import normalise_answer
    assert normalise_answer("ab-c d") == normalise_answer("ABCD") == "ABCD"
    assert normalise_answer(None) == ""


def test_forged_and_expired_image_tokens_are_refused(app, client, monkeypatch):
    _, inputs = page(client)
    token = inputs["captcha_token"]
    answer = captcha_answer(app, token)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert_refused_and_kept(app, post(client, inputs, captcha_token=forged, captcha_answer=answer),
                            "does not match the picture")
    assert client.get(f"/captcha/{forged}.png").status_code == 404
    # an hour later the same token has expired
    later = time.time() + app.config["CAPTCHA_TTL_SECONDS"] + 10
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=token, captcha_answer=answer),
                            "does not match the picture")


def test_the_picture_is_a_png_that_is_never_cached(app, client):
    _, inputs = page(client)
    response = client.get(f"/captcha/{inputs['captcha_token']}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG") and response.headers["Cache-Control"] == "no-store"


def test_one_solved_code_gives_one_signature_however_its_token_is_spelled(app, client):
    inputs = page_inputs(client, f"/c/{SLUG}")
    token = inputs["captcha_token"]
    answer = captcha_answer(app, token)
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"), captcha_answer=answer)
    assert client.post(f"/c/{SLUG}", data=dict(data, captcha_token=token)).status_code == 302
    for number, spelling in enumerate(respellings(token)):
        replay = client.post(f"/c/{SLUG}", data=dict(data, captcha_token=spelling,
                                                     email=f"replay{number}@example.org"))
        assert replay.status_code == 400, spelling
        assert "does not match the picture" in replay.get_data(as_text=True)


def test_a_respelled_token_shows_no_picture(app, client):
    token = page_inputs(client, f"/c/{SLUG}")["captcha_token"]
    assert client.get(f"/captcha/{token}.png").status_code == 200
    assert client.get(f"/captcha/{token}!!.png").status_code == 404


@pytest.mark.config(CAPTCHA_PROVIDER="altcha")
def test_the_picture_route_exists_only_for_the_image_provider(client):
    assert client.get("/captcha/anything.png").status_code == 404
    assert client.get("/captcha/altcha/challenge").status_code == 200


def test_the_altcha_routes_exist_only_for_the_altcha_provider(client):
    assert client.get("/captcha/altcha/challenge").status_code == 404
    assert client.get("/captcha/static/altcha/altcha.min.js").status_code == 404


def test_the_picture_brings_its_challenge_and_its_answer_signs_once(app, client):
    """As a browser without JavaScript does: the page is the same for everyone, its picture hands
    over the challenge (a cookie), the form carries only the answer; the answer works once."""
    html = client.get(f"/c/{SLUG}").get_data(as_text=True)
    assert "captcha_token" not in form_inputs(html)
    picture = client.get("/captcha/challenge.png")
    assert picture.mimetype == "image/png" and picture.headers["Cache-Control"] == "no-store"
    cookie = client.get_cookie("captcha", domain="undersigned.test")
    assert cookie.http_only and cookie.same_site == "Strict"
    answer = captcha_answer(app, cookie.value)
    assert client.post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER, captcha_answer=answer)).status_code == 302
    replay = client.post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER, email="other@example.org", captcha_answer=answer))
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(app) == (1, 1)


def test_each_picture_is_a_new_challenge_and_the_recording_says_the_last_one(client):
    client.get("/captcha/challenge.png")
    first = client.get_cookie("captcha", domain="undersigned.test").value
    client.get("/captcha/challenge.png")
    second = client.get_cookie("captcha", domain="undersigned.test").value
    assert first != second
    spoken = client.get("/captcha/challenge.wav")
    assert spoken.status_code == 200 and spoken.headers["Cache-Control"] == "no-store"
    assert client.get_cookie("captcha", domain="undersigned.test").value == second  # the picture's code


def test_without_a_picture_the_recording_brings_a_challenge_of_its_own(client):
    assert client.get("/captcha/challenge.wav").status_code == 200
    assert client.get_cookie("captcha", domain="undersigned.test") is not None
