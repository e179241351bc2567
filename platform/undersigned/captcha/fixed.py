"""``test``: accepts one fixed answer (``CAPTCHA_TEST_ANSWER``), for automated tests and local
debugging only. The app refuses to start with it unless ``TESTING`` or ``DEBUG`` is on.

Like the real providers each challenge is signed, expires and answers once, so tests that use
it still see replays refused.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Any, Mapping

from flask import Flask
from itsdangerous import TimestampSigner

from undersigned.captcha.base import mark_used, read_signed
from undersigned.contract import CaptchaProvider
from undersigned.i18n.translate import lazy_gettext as _l


class FixedAnswerCaptcha(CaptchaProvider):
    name = "test"
    template = "captcha/test.html"
    input_id = "captcha_answer"
    failure_message = _l("The test answer is wrong.")

    def __init__(self, app: Flask) -> None:
        if not (app.testing or app.debug):
            raise RuntimeError("CAPTCHA_PROVIDER=test accepts a fixed answer and is for tests only: "
                               "it needs TESTING or DEBUG. Choose image, altcha, recaptcha, hcaptcha "
                               "or turnstile in production.")
        self.expected = str(app.config["CAPTCHA_TEST_ANSWER"])
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.signer = TimestampSigner(app.config["SECRET_KEY"], salt="undersigned.captcha.test")

    def challenge(self) -> Mapping[str, Any]:
        return {"token": self.signer.sign(secrets.token_urlsafe(12)).decode()}

    def verify(self, form: Mapping[str, str]) -> bool:
        challenge_id = read_signed(self.signer, form.get("captcha_token", ""), self.ttl)
        if challenge_id is None or not mark_used(f"test:{challenge_id}", self.ttl):
            return False
        return hmac.compare_digest(str(form.get("captcha_answer", "")).strip().encode(), self.expected.encode())
