"""The load test: many signatures sent at once through gunicorn; every one must be accepted
and stored exactly once, with no server error."""
from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from undersigned.captcha.providers import current_provider
from undersigned.extensions import db
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"
SIGNER = {"first_name": "Load", "last_name": "Test", "letter_name": "Load Test", "country": "US", "us_state": "NY"}


def load_test(app, port: int, count: int, clients: int = 32) -> dict[str, object]:
    """Send ``count`` signatures from ``clients`` concurrent supporters (each reading the page
    first, then posting over its keep-alive connection as a browser on the same site does); the
    answers, the rows stored and the seconds taken."""
    with app.test_request_context():
        provider = current_provider()
        tokens = iter([provider.challenge()["token"] for _ in range(count)])
    lock = threading.Lock()
    local = threading.local()

    def session() -> tuple[http.client.HTTPConnection, dict[str, str]]:
        if not hasattr(local, "connection"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", f"/c/{SLUG}")
            response = connection.getresponse()
            response.read()
            # the shared page holds no token: the form is checked by where it was sent from
            local.connection, local.headers = connection, {
                "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}
        return local.connection, local.headers

    def sign(number: int) -> int:
        connection, headers = session()
        with lock:
            token = next(tokens)
        body = urllib.parse.urlencode(dict(SIGNER, email=f"load{number}@example.org", captcha_token=token,
                                           captcha_answer=app.config["CAPTCHA_TEST_ANSWER"]))
        connection.request("POST", f"/c/{SLUG}", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        answers = Counter(pool.map(sign, range(count)))
    seconds = time.perf_counter() - started
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Signature).where(Signature.email.like("load%")))
    return {"answers": dict(answers), "accepted": answers.get(302, 0), "server_errors": sum(
        n for status, n in answers.items() if status >= 500), "rows": stored, "seconds": seconds}
