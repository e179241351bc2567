"""Browser-test support: the app on a live HTTP server, Debian's chromium driven by Playwright,
the local mailbox, and a watcher for console errors and CSP violations.

Fixtures (import them into a test module): ``live_server``, ``browser``, ``open_page``; or
``in_browser`` in a module of its own.
No browser is ever downloaded: Playwright drives ``/usr/bin/chromium``.
"""
from __future__ import annotations

import email
import os
import re
import threading
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import REPO, make_app, marked_config, service_missing
from tests.support.outbox import plain_text
from tests.support.signing import captcha_answer
from undersigned.extensions import db
from undersigned.mail.worker import deliver_due

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: How long a Playwright action (click, fill, navigation) may take before the test fails.
ACTION_TIMEOUT_MS = 15_000
#: Where browser tests keep what a person would look at afterwards (``UNDERSIGNED_ARTIFACTS``).
ARTIFACTS_ENV = "UNDERSIGNED_ARTIFACTS"
CONFIRM_LINK = re.compile(r"https?://[^\s<>\"]+/confirm/[^\s<>\"]+")


# --- the live server ---------------------------------------------------------------------------

@dataclass
class LiveServer:
    """The app served over real HTTP on 127.0.0.1, with its mailbox."""

    app: Flask
    base_url: str

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def deliver_mail(self) -> int:
        """Run the outbox worker once (``mailbox`` transport); return how many were sent."""
        with self.app.app_context():
            return deliver_due(self.app)

    def messages(self) -> list[EmailMessage]:
        """Every message in the mailbox folder, oldest first."""
        folder = Path(self.app.config["MAILBOX_FOLDER"])
        if not folder.is_dir():
            return []
        return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(folder.glob("*.eml"))]

    def confirmation_link(self, to: str) -> str:
        """Send what is due, then return the confirmation link of the newest mail to ``to``."""
        self.deliver_mail()
        for message in reversed(self.messages()):
            if str(message["To"]).lower() != to.lower():
                continue
            text = plain_text(message)
            match = CONFIRM_LINK.search(text)
            assert match, f"no confirmation link in the mail to {to}:\n{text}"
            return match.group(0)
        raise AssertionError(f"no mail to {to}; mailbox has: {[str(m['To']) for m in self.messages()]}")


@contextmanager
def serving(app: Flask) -> Iterator[LiveServer]:
    """``app`` over real HTTP on a free port of 127.0.0.1, in a daemon thread, while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, base_url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


#: Settings every live server starts with: the mailbox transport, sent on demand.
LIVE_SETTINGS: dict[str, Any] = {"MAIL_TRANSPORT": "mailbox", "OUTBOX_WORKER_THREAD": False}


@contextmanager
def live_app(folder: Path, **settings: Any) -> Iterator[LiveServer]:
    """A live server of its own app (data under ``folder``) for a whole module, e.g. from a
    module-scoped fixture: ``with live_app(tmp_path_factory.mktemp("x")) as live: yield live``."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = make_app(folder, monkeypatch, **{**LIVE_SETTINGS, **settings, "SERVER_NAME": None})
        with serving(app) as live:
            yield live


@pytest.fixture
def live_server(request, tmp_path, monkeypatch) -> Iterator[LiveServer]:
    """The app (settings from ``@pytest.mark.config``) on a free port, in a daemon thread.

    SERVER_NAME stays unset so links (confirmation e-mails, share links) point at this server.
    """
    settings = {**LIVE_SETTINGS, **marked_config(request), "SERVER_NAME": None}
    app = make_app(tmp_path, monkeypatch, **settings)
    with serving(app) as live:
        yield live


def screenshots_folder() -> Path:
    """``screenshots/`` in ``$UNDERSIGNED_ARTIFACTS`` (default: ``artifacts/`` in the project), made if missing."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or REPO / "artifacts") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the browser -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, for the whole session."""
    if not CHROMIUM.exists():
        service_missing(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as exc:
        service_missing(f"browser tests need the playwright package (pip install -e '.[test]'): {exc}")
    playwright = sync_playwright().start()
    try:
        try:
            instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            service_missing(f"{CHROMIUM} did not start under Playwright: {exc.message.splitlines()[0]}")
        yield instance
        instance.close()
    finally:
        playwright.stop()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Any]]:
    """``open_page(**context_options)``: a page in a fresh browser context (own cookies),
    e.g. ``open_page(java_script_enabled=False)``. Every context is closed after the test."""
    contexts = []

    def opener(**options: Any):
        context = browser.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def in_browser(browser_thread) -> Callable[..., None]:
    """``in_browser(body, **context_options)`` runs ``body(page, expect)`` with a fresh page in a
    fresh context (own cookies and storage; ``context_options`` as for ``open_page``) of the
    module's chromium (:func:`browser_thread`), in that browser's thread: for test modules
    besides ``test_browser.py``, whose session-wide ``browser`` holds the main thread's (two sync
    Playwrights cannot share a thread). One chromium a module, not one a test: starting it costs
    about a second of CPU."""

    def run(body: Callable, **options: Any) -> None:
        def in_context(browser, expect) -> None:
            context = browser.new_context(**options)
            context.set_default_timeout(ACTION_TIMEOUT_MS)
            try:
                body(context.new_page(), expect)
            finally:
                context.close()

        browser_thread.run(in_context)

    return run


class BrowserThread:
    """One chromium driven from a worker thread with its own Playwright, kept for a whole
    module: ``run(body)`` calls ``body(browser, expect)`` in that thread (sync Playwright objects
    belong to the thread that made them, and the main thread's belongs to ``test_browser.py``)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._pool.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import expect, sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                             args=CHROMIUM_ARGS)
        except Exception:
            self._playwright.stop()
            raise
        self._expect = expect

    def run(self, body: Callable[[Any, Any], Any]) -> Any:
        """``body(browser, expect)`` in the browser's thread; its result."""
        return self._pool.submit(lambda: body(self._browser, self._expect)).result()

    def close(self) -> None:
        def stop() -> None:
            self._browser.close()
            self._playwright.stop()

        self._pool.submit(stop).result()
        self._pool.shutdown()


@pytest.fixture(scope="module")
def browser_thread() -> Iterator[BrowserThread]:
    """A :class:`BrowserThread` for the module's tests to share."""
    if not CHROMIUM.exists():
        service_missing(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as exc:
        service_missing(f"browser tests need the playwright package: {exc}")
    try:
        chromium = BrowserThread()
    except PlaywrightError as exc:
        service_missing(f"{CHROMIUM} did not start under Playwright: {exc.message.splitlines()[0]}")
    yield chromium
    chromium.close()


# --- what a supporter does -------------------------------------------------------------------

def fill_sign_form(page, fields: Mapping[str, str]) -> None:
    """Type ``fields`` into the sign form as a supporter would (choose options in selects, tick
    checkboxes)."""
    for name, value in fields.items():
        control = page.locator(f"#sign-form [name='{name}']")
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        elif control.get_attribute("type") == "checkbox":
            control.set_checked(bool(value))
        else:
            control.fill(value)


def captcha_challenge_in(page) -> str:
    """The challenge of the captcha picture this browser was shown last (it came as a cookie)."""
    page.wait_for_load_state("load")  # the picture is loaded
    return next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "captcha")


def solve_captcha(page, app: Flask, answer: str | None = None) -> None:
    """Type the captcha's code (the right one unless ``answer`` is given)."""
    page.locator("#captcha_answer").fill(captcha_answer(app, captcha_challenge_in(page)) if answer is None else answer)


def click_and_wait(page, name: str) -> None:
    """Click the button called ``name`` and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def sign_in_browser(page, live: LiveServer, slug: str, fields: Mapping[str, str]) -> None:
    """Open the campaign, fill the form, solve the captcha and sign."""
    page.goto(live.url(f"/c/{slug}"))
    fill_sign_form(page, fields)
    solve_captcha(page, live.app)
    click_and_wait(page, "Sign the letter")


def confirm_in_browser(page, live: LiveServer, email_address: str) -> None:
    """Open the confirmation link from the mailbox and press the confirm button."""
    page.goto(live.confirmation_link(email_address))
    click_and_wait(page, "Yes, confirm my signature")


# --- console errors and CSP violations ----------------------------------------------------------

_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__undersignedCspViolation(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
                                   + " (" + event.sourceFile + ":" + event.lineNumber + ")");
});
"""


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and CSP violations a page reported."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.console_errors + self.page_errors + self.csp_violations

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()


def watch_problems(page) -> PageProblems:
    """Start recording ``page``'s problems (call before the first navigation)."""
    problems = PageProblems()
    page.on("console", lambda message: problems.console_errors.append(
        f"{message.text} ({message.location.get('url')})") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    # exposed functions and init scripts are not subject to the page's CSP
    page.expose_function("__undersignedCspViolation", lambda report: problems.csp_violations.append(report))
    page.add_init_script(_CSP_LISTENER)
    return problems
