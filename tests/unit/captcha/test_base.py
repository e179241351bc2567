"""Every captcha answers once (captcha.base): the used ids live in the shared limit storage."""
from __future__ import annotations

from tests.conftest import make_app
from tests.support.captcha import SLUG, page, rows
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer


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
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"], captcha_token=inputs["captcha_token"],
                captcha_answer=captcha_answer(first, inputs["captcha_token"]))
    assert client.post(f"/c/{SLUG}", data=data).status_code == 302
    other = second.test_client()
    other_inputs = page(other)[1]
    replay = other.post(f"/c/{SLUG}", data=dict(data, csrf_token=other_inputs["csrf_token"], email="x@example.org"))
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(first) == (1, 1)
