"""The widget in a real browser (Debian's chromium): a partner page on an allowed origin shows
it; the same page on another origin (another port of 127.0.0.1) gets it refused by the widget's
CSP ``frame-ancestors``."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from tests.support.browser import browser_thread, in_browser, live_server  # noqa: F401

pytestmark = pytest.mark.browser
SLUG = "belarus_senate"


class PartnerSite:
    """A partner's page on its own origin, framing the widget at ``widget_url``."""

    def __init__(self, widget_url: str) -> None:
        page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>'
                f'<body><h1>Partner</h1><iframe src="{widget_url}" title="Campaign widget" '
                f'width="320" height="240"></iframe></body></html>').encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 -- http.server's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def partners(live_server) -> Iterator[tuple[PartnerSite, PartnerSite]]:
    """Two partner sites; only the first is configured to frame the widget."""
    widget = live_server.url(f"/c/{SLUG}/widget")
    allowed, other = PartnerSite(widget), PartnerSite(widget)
    live_server.app.config["EMBED_ORIGINS"] = {SLUG: [allowed.origin]}
    yield allowed, other
    allowed.close()
    other.close()


TITLE = "Joint letter to the Secretary of State on Belarus"


def test_the_widget_shows_on_the_allowed_site_and_is_refused_on_another(live_server, partners, in_browser):
    allowed, other = partners

    def body(page, expect) -> None:
        page.goto(allowed.origin + "/")
        frame = page.frame_locator("iframe")
        expect(frame.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(frame.get_by_role("link", name="Sign the letter (opens in a new tab)")).to_have_attribute(
            "href", live_server.url(f"/c/{SLUG}"))

        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text))
        page.goto(other.origin + "/")
        page.wait_for_load_state("load")
        [refused] = [f for f in page.frames if f != page.main_frame]
        assert refused.url.startswith("chrome-error://")  # the browser's error page stands in its place
        assert refused.get_by_text(TITLE).count() == 0
        assert any("frame-ancestors" in error for error in errors), errors

    in_browser(body)
