"""The image captcha (captcha.image, the default): a right answer signs once, a wrong, forged,
expired or replayed one is refused (and keeps what was typed, and writes nothing); the picture is
never cached."""
from __future__ import annotations

import re
import time

import pytest

from tests.support.captcha import assert_refused_and_kept, page, post, rows
from tests.support.signing import captcha_answer


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


