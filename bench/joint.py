"""The joint letter with many co-signers: its public page (size, the first request and the later
ones, beside the campaign page), the public PDF, the delivered version's PDF, and what 8 clients
looping on the letter page do to the campaign page (gunicorn, 2 sync workers).

    .venv/bin/python bench/joint.py                      # 10,000 co-signers on PostgreSQL
    .venv/bin/python bench/joint.py --co-signers 1000 --backend sqlite

The seeded co-signers are approved; every second one agreed to a public name.
"""
from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass

from common import Figures, database, environment, folder, gunicorn, make_app, wrk
from seed import seed
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.delivery.joint.service import approved_signatories, letter_pdf
from undersigned.extensions import db

SLUG = "belarus_senate"
LETTER, PAGE, PDF = f"/c/{SLUG}/letter", f"/c/{SLUG}", f"/c/{SLUG}/letter.pdf"
PDF_ENDPOINT = "joint.letter_pdf"
#: Requests timed after the first, for the medians.
REPEATS = 20


@dataclass
class InProcess:
    """Seconds and bytes, measured with the app's test client."""
    letter_first: float
    letter_next: float
    letter_bytes: int
    page_next: float
    page_bytes: int
    public_pdf_first: float | None  # None: no public PDF (the page had none before)
    public_pdf_next: float | None
    public_pdf_bytes: int | None
    delivered_pdf: float
    delivered_pdf_bytes: int


@dataclass
class UnderLoad:
    """The campaign page alone, then while 8 clients loop on the letter page (milliseconds)."""
    page_alone_p50: float
    page_during_p50: float
    page_during_max: float
    letter: Figures


def _timed(get) -> tuple[float, bytes]:
    started = time.perf_counter()
    body = get()
    return time.perf_counter() - started, body


def _median(get) -> float:
    return statistics.median(_timed(get)[0] for _ in range(REPEATS))


def in_process(app) -> InProcess:
    client = app.test_client()

    def fetch(path: str) -> bytes:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return response.get_data()

    letter_first, letter = _timed(lambda: fetch(LETTER))
    letter_next = _median(lambda: fetch(LETTER))
    fetch(PAGE)  # its shared page is rendered once, as the letter's first request was
    page_next, page = _median(lambda: fetch(PAGE)), fetch(PAGE)
    public_pdf: tuple = (None, None, None)
    if PDF_ENDPOINT in app.view_functions:
        first, body = _timed(lambda: fetch(PDF))
        public_pdf = (first, _median(lambda: fetch(PDF)), len(body))
    with app.test_request_context():
        campaign = registry_of().get(SLUG)
        delivered_pdf, delivered = _timed(lambda: letter_pdf(campaign, approved_signatories(campaign),
                                                             utcnow().date()))
    return InProcess(letter_first, letter_next, len(letter), page_next, len(page), *public_pdf,
                     delivered_pdf, len(delivered))


def under_load(env: dict[str, str], seconds: float) -> UnderLoad:
    """The campaign page's latency alone, then while wrk's 8 connections loop on the letter."""
    with gunicorn("undersigned:create_app()", env) as server:
        def get(path: str) -> bytes:
            with urllib.request.urlopen(server.url + path, timeout=120) as response:
                return response.read()

        get(LETTER), get(PAGE)  # warm up both workers' templates and pools
        alone = statistics.median(_timed(lambda: get(PAGE))[0] for _ in range(REPEATS))
        result: list[Figures] = []
        looping = threading.Thread(target=lambda: result.append(wrk(server.url + LETTER, seconds)))
        looping.start()
        time.sleep(1)  # the 8 connections are busy
        during = []
        while looping.is_alive():
            during.append(_timed(lambda: get(PAGE))[0])
        looping.join()
    return UnderLoad(alone * 1000, statistics.median(during) * 1000, max(during) * 1000, result[0])


def measure(backend: str, co_signers: int, seconds: float) -> tuple[InProcess, UnderLoad]:
    where = folder()
    with database(backend, where) as url:
        app = make_app(url, where)
        with app.app_context():
            seed(SLUG, co_signers, approved=True)
            db.session.remove()
        figures = in_process(app), under_load(environment(url, where), seconds)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return figures


def table(backend: str, co_signers: int, local: InProcess, load: UnderLoad) -> list[str]:
    """The figures as Markdown, for ``bench/results.md`` and the terminal."""
    def pdf(value: float | None, unit: str = "s") -> str:
        return "-" if value is None else (f"{value:.3f}" if unit == "s" else f"{value:,}")

    return [
        f"## Joint letter with {co_signers:,} co-signers ({backend}; half of them named publicly)", "",
        "| what | first request s | later requests s (median) | bytes |", "| --- | --- | --- | --- |",
        f"| letter page `{LETTER}` | {local.letter_first:.3f} | {local.letter_next:.4f} | {local.letter_bytes:,} |",
        f"| campaign page `{PAGE}` (for comparison) | - | {local.page_next:.4f} | {local.page_bytes:,} |",
        f"| public PDF `{PDF}` | {pdf(local.public_pdf_first)} | {pdf(local.public_pdf_next)} | "
        f"{pdf(local.public_pdf_bytes, 'bytes')} |",
        f"| delivered version's PDF (every approved co-signer; `flask signatures freeze`) | "
        f"{local.delivered_pdf:.3f} | - | {local.delivered_pdf_bytes:,} |", "",
        "Through gunicorn (2 sync workers): the campaign page alone, and while wrk's 8 connections loop on "
        "the letter page.", "",
        "| campaign page alone p50 ms | campaign page during p50 ms | during max ms | letter page req/s | "
        "letter p50 ms | letter p99 ms | failed |", "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {load.page_alone_p50:.1f} | {load.page_during_p50:.1f} | {load.page_during_max:.1f} | "
        f"{load.letter.rate:.1f} | {load.letter.p50:.1f} | {load.letter.p99:.1f} | {load.letter.bad} |", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--co-signers", type=int, default=10_000)
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--seconds", type=float, default=10, help="how long the 8 clients loop")
    args = parser.parse_args()
    local, load = measure(args.backend, args.co_signers, args.seconds)
    print("\n".join(table(args.backend, args.co_signers, local, load)))


if __name__ == "__main__":
    main()
