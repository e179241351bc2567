"""Returned mail for the bounce tests: the samples of ``tests/fixtures/mail/`` filled in for one
sent message, a Maildir to drop them in, and the endpoint's credentials."""
from __future__ import annotations

import base64
import string
from pathlib import Path

from tests.conftest import REPO

SAMPLES = REPO / "tests" / "fixtures" / "mail"
#: The events endpoint's secret in these tests (``MAIL_EVENTS_SECRET``).
EVENTS_SECRET = "events-secret-" + "k" * 32
BOUNCE_SETTINGS = {"MAIL_BOUNCE_ADDRESS": "bounces@letters.example", "MAIL_EVENTS_SECRET": EVENTS_SECRET,
                   "MAIL_DEFAULT_SENDER": "Campaign <campaign@letters.example>"}


def sample(name: str, *, return_path: str, recipient: str, message_id: str = "<none@letters.example>") -> bytes:
    """The sample ``name`` about the message sent from ``return_path`` to ``recipient``."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return string.Template(text).safe_substitute(return_path=return_path, recipient=recipient,
                                                 message_id_bare=message_id.strip("<>")).encode()


def maildir(root: Path) -> Path:
    """An empty Maildir (``new/``, ``cur/``, ``tmp/``) under ``root``."""
    folder = root / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def deliver_to(folder: Path, name: str, data: bytes) -> Path:
    """Put ``data`` in the Maildir's ``new/`` as a mail server would (written in ``tmp/``, then moved)."""
    (folder / "tmp" / name).write_bytes(data)
    return (folder / "tmp" / name).rename(folder / "new" / name)


def events_auth(secret: str = EVENTS_SECRET) -> dict[str, str]:
    """The Authorization header a mail service sends with ``https://events:SECRET@.../mail/events/...``."""
    return {"Authorization": "Basic " + base64.b64encode(f"events:{secret}".encode()).decode()}
