"""Time as the platform stores it: naive UTC datetimes."""
from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Now, in UTC, without a time zone (every stored time is UTC)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
