"""Benchmark: where a sign POST's time goes, step by step (issue 23's "each step's share").

The sign request (the built-in picture captcha, limits on) runs in-process (Flask's test client, no HTTP) under :mod:`cProfile`; each step
is the cumulative time of the function that does it, as a share of the whole request. Steps
nest (the block list and the transaction are inside "storing the signature"), so the shares do
not add up to 100%; "Flask and the WSGI round trip" is what is left outside the sign view.

Run with ``.venv/bin/python bench/sign_steps.py``; ``BENCH_DATABASE_URL`` picks the database
(default: a temporary SQLite file), ``BENCH_SIGNATURES`` the number of signatures (default 300).
"""
from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

from common import folder, make_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.signing import captcha_answer, captcha_challenge  # noqa: E402

#: (step, the file the function lives in, the function) in the order the request meets them.
STEPS = (
    ("the whole request", "flask/app.py", "wsgi_app"),
    ("the sign view", "signing/views.py", "sign"),
    ("finding the campaign", "campaigns/lookup.py", "campaign_or_404"),
    ("building the form", "signing/forms.py", "make_form"),
    ("cross-site check (Origin, Sec-Fetch-Site)", "security/origin.py", "cross_origin"),
    ("rate limits (per address and per e-mail)", "security/limits.py", "hit"),
    ("validating the fields", "wtforms/form.py", "validate"),
    ("captcha check (the built-in picture)", "captcha/image.py", "verify"),
    ("the e-mail's domain can receive mail", "signing/undeliverable.py", "refuse"),
    ("storing the signature (service.sign)", "signing/service.py", "sign"),
    ("block list", "security/blocklist.py", "blocked"),
    ("queueing the confirmation e-mail", "signing/service.py", "_enqueue_confirmation"),
    ("the commit", "sqlalchemy/orm/scoping.py", "commit"),
    ("remembering the signer for the next page", "signing/just_signed.py", "remember"),
    ("the redirect and the session cookie", "flask/sessions.py", "save_session"),
)


def profile(url: str, count: int) -> pstats.Stats:
    """The profile of ``count`` sign POSTs, each with a fresh captcha challenge and address."""
    unlimited = "1000000 per minute"  # checked as in production, never reached
    app = make_app(url, folder(), RATELIMIT_ENABLED=True, RATELIMIT_SIGN=unlimited, RATELIMIT_SIGN_EMAIL=unlimited,
                   RATELIMIT_CAPTCHA=unlimited, CAPTCHA_PROVIDER="image")
    client = app.test_client()
    profiler = cProfile.Profile()
    for number in range(count):
        page = client.get("/c/belarus_state_dept")
        token = captcha_challenge(client, page.get_data(as_text=True))
        data = {"captcha_answer": captcha_answer(app, token), "first_name": "Bench",
                "last_name": f"Signer{number}", "email": f"b{number}@example.org", "country": "US", "us_state": "NY"}
        profiler.enable()
        response = client.post("/c/belarus_state_dept", data=data)
        profiler.disable()
        assert response.status_code == 302, response.status_code
    return pstats.Stats(profiler)


def shares(stats: pstats.Stats) -> list[tuple[str, float, float]]:
    """(step, milliseconds a request, share of the whole request) for each of :data:`STEPS`."""
    found: dict[tuple[str, str], float] = {}
    requests = 0
    for (filename, _line, function), (calls, _primitive, _own, cumulative, _callers) in stats.stats.items():
        for _step, where, name in STEPS:
            if function == name and filename.endswith(where):
                found[(where, name)] = found.get((where, name), 0.0) + cumulative
                requests = calls if (where, name) == STEPS[0][1:] else requests
    whole = found[STEPS[0][1:]]
    rows = [(step, found.get((where, name), 0.0) * 1000 / requests, found.get((where, name), 0.0) / whole)
            for step, where, name in STEPS]
    outside = whole - found.get(STEPS[1][1:], 0.0)
    return rows + [("Flask and the WSGI round trip (outside the view)", outside * 1000 / requests, outside / whole)]


def table(backend: str, count: int, rows: list[tuple[str, float, float]]) -> list[str]:
    """``rows`` as a Markdown table (profiled times are inflated evenly by the profiler)."""
    lines = [f"### {backend}, {count} sign POSTs under cProfile", "",
             "| step | ms a request (profiled) | share of the request |", "| --- | --- | --- |"]
    lines += [f"| {step} | {ms:.2f} | {share:.0%} |" for step, ms, share in rows]
    return lines + [""]


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder() / 'bench.sqlite3'}")
    count = int(os.environ.get("BENCH_SIGNATURES", "300"))
    print("\n".join(table(url.split(":")[0], count, shares(profile(url, count)))))


if __name__ == "__main__":
    main()
