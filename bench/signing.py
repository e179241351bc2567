"""Benchmark: how many signatures a second one process takes, and what a page view costs.

Prints a table; run with ``.venv/bin/python bench/signing.py``: in-process, no HTTP, so it shows
the views' own cost (run it under a profiler); ``make bench`` runs the HTTP benchmarks
(``bench/run.py``). ``BENCH_DATABASE_URL`` picks the database (default: a temporary SQLite
file); ``BENCH_SIGNATURES`` the number of signatures (default 500).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.signing import captcha_answer, captcha_challenge  # noqa: E402
from undersigned import create_app  # noqa: E402
from undersigned.extensions import db  # noqa: E402
from undersigned.mail.worker import deliver_due  # noqa: E402


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="undersigned-bench-"))
    os.environ["FLASK_INSTANCE_PATH"] = str(folder)
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    count = int(os.environ.get("BENCH_SIGNATURES", "500"))
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "MAILBOX_FOLDER": str(folder / "mailbox"), "RATELIMIT_SIGN": "1000000 per minute",
                      "CAMPAIGNS_FOLDER": str(Path(__file__).resolve().parents[1] / "campaigns")})
    with app.app_context():
        db.drop_all()
        db.create_all()
    client = app.test_client()

    views, signs = [], []
    for number in range(count):
        started = time.perf_counter()
        page = client.get("/c/belarus_state_dept")
        views.append(time.perf_counter() - started)
        token = captcha_challenge(client, page.get_data(as_text=True))  # the picture brings it
        data = {"captcha_answer": captcha_answer(app, token),
                "first_name": "Bench", "last_name": f"Signer{number}", "email": f"b{number}@example.org",
                "country": "US", "us_state": "NY"}
        started = time.perf_counter()
        response = client.post("/c/belarus_state_dept", data=data)
        signs.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code

    started = time.perf_counter()
    with app.app_context():
        sent = sum(iter(lambda: deliver_due(app, 200), 0))
    outbox_seconds = time.perf_counter() - started

    def row(name: str, samples: list[float]) -> str:
        ordered = sorted(samples)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return (f"| {name:<24} | {len(samples):>6} | {statistics.median(samples) * 1000:>8.2f} | "
                f"{p95 * 1000:>8.2f} | {len(samples) / sum(samples):>9.0f} |")

    print(f"database: {url.split('://')[0]}   one process, in-process WSGI client")
    print("| step                     |      n | p50 (ms) | p95 (ms) | per second |")
    print("|--------------------------|--------|----------|----------|-----------|")
    print(row("campaign page (GET)", views))
    print(row("sign (POST)", signs))
    print(f"| outbox to mailbox files  | {sent:>6} |          |          | {sent / outbox_seconds:>9.0f} |")


if __name__ == "__main__":
    main()
