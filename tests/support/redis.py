"""The Redis the tests may use (``UNDERSIGNED_TEST_REDIS_URL``), or a skip (a failure in CI)."""
from __future__ import annotations

import os

from tests.conftest import service_missing

REDIS_ENV = "UNDERSIGNED_TEST_REDIS_URL"


def redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        service_missing(f"this test needs Redis at {REDIS_ENV} (e.g. redis://127.0.0.1:6379/15); .ci/run sets it")
    import redis
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis at {REDIS_ENV} is not reachable: {exc}")
    return url
