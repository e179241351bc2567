"""Reading the Maildir the bounce address delivers to: each message in ``new/`` is read once,
taken in (:mod:`undersigned.bounces.intake`), then moved to ``cur/`` marked seen, as a mail
reader would. A message whose reading fails on the database stays in ``new/`` for the next run."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from flask import Flask

from undersigned.bounces.intake import take_message

#: The largest message read; a larger one is moved aside unread (no bounce is that big).
MAX_MESSAGE_BYTES = 10 * 1024 * 1024
TOO_LARGE = "too large"


def read_new(app: Flask, folder: Path) -> Counter[str]:
    """Take in every new message of the Maildir ``folder``; how many came to what (``recorded``,
    ``already recorded``, ``not a report``, ``no message of ours``, ``too large``)."""
    new, cur = folder / "new", folder / "cur"
    if not (new.is_dir() and cur.is_dir()):
        raise FileNotFoundError(f"{folder} is not a Maildir (it needs new/ and cur/)")
    outcomes: Counter[str] = Counter()
    for path in sorted(new.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        with path.open("rb") as file:
            raw = file.read(MAX_MESSAGE_BYTES + 1)
        outcome = TOO_LARGE if len(raw) > MAX_MESSAGE_BYTES else take_message(app, raw, "maildir")
        try:
            path.rename(cur / f"{path.name}:2,S")
        except FileNotFoundError:  # another reader moved it meanwhile (and took it in: counted once)
            continue
        outcomes[outcome] += 1
    return outcomes
