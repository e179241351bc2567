"""Every captcha answers once (captcha.base): the used ids live in the shared limit storage."""
from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner

from tests.conftest import make_app
from tests.support.captcha import SLUG, page, respellings, rows
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer
from undersigned.captcha.base import FAILURE_MESSAGE, read_signed
from undersigned.contract import CaptchaProvider


def test_a_code_answers_once_across_workers_and_hosts_sharing_redis(tmp_path, monkeypatch):
    """Two app instances (two workers, or two hosts) with one Redis: a code used on one is
    refused on the other."""
    import uuid

    from tests.support.redis import redis_url
    settings = dict(RATELIMIT_STORAGE_URI=redis_url(), RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
                    SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    first = make_app(tmp_path / "a", monkeypatch, **settings)
    second = make_app(tmp_path / "b", monkeypatch, **settings)
    client = first.test_client()
    _, inputs = page(client)
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"), captcha_token=inputs["captcha_token"],
                captcha_answer=captcha_answer(first, inputs["captcha_token"]))
    assert client.post(f"/c/{SLUG}", data=data).status_code == 302
    other = second.test_client()
    other_inputs = page(other)[1]
    replay = other.post(f"/c/{SLUG}", data=dict(data, csrf_token=other_inputs.get("csrf_token"), email="x@example.org"))
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(first) == (1, 1)


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
