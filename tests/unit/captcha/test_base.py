"""The provider contract's defaults, and reading a signed challenge token exactly as issued."""
from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner

from tests.support.captcha import respellings
from undersigned.captcha.base import FAILURE_MESSAGE, CaptchaProvider, read_signed

SIGNER = TimestampSigner("test-secret-key", salt="test")


class Minimal(CaptchaProvider):
    name = "minimal"
    template = "captcha/test.html"


def test_a_provider_declares_no_routes_no_extra_origins_and_the_shared_failure_message():
    provider = Minimal()
    assert provider.blueprint is None
    assert provider.csp == {}
    assert provider.failure_message is FAILURE_MESSAGE


def test_a_token_as_issued_gives_its_challenge_id():
    assert read_signed(SIGNER, SIGNER.sign("abc123").decode(), 60) == "abc123"


@pytest.mark.parametrize("index", range(6))
def test_a_respelled_token_is_refused(index):
    token = SIGNER.sign("abc123").decode()
    assert read_signed(SIGNER, respellings(token)[index], 60) is None


@pytest.mark.parametrize("token", [None, "", "abc", "a.b.c", "x" * 500, 42, "abc123.AAAA.é"])
def test_garbage_is_refused_without_raising(token):
    assert read_signed(SIGNER, token, 60) is None
