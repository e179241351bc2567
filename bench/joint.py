"""The joint letter with many co-signers: its public page (HTML) and its PDF."""
from __future__ import annotations

import time

from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.delivery.joint.service import approved_signatories, letter_pdf

SLUG = "belarus_senate"


def joint_letter(app) -> tuple[float, float, int]:
    """(seconds for the HTML page, seconds for the PDF, the PDF's size in bytes)."""
    client = app.test_client()
    started = time.perf_counter()
    page = client.get(f"/c/{SLUG}/letter")
    html = time.perf_counter() - started
    if page.status_code != 200:
        raise RuntimeError(f"the letter page answered {page.status_code}")
    with app.test_request_context():
        campaign = registry_of().get(SLUG)
        started = time.perf_counter()
        pdf = letter_pdf(campaign, approved_signatories(campaign), utcnow().date())
        return html, time.perf_counter() - started, len(pdf)
