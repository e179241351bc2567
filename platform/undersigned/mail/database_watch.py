"""The outbox worker's view of its database: whether it answers, said once when it stops and
once when it is back, and how long to wait between tries meanwhile."""
from __future__ import annotations

import datetime as dt
import logging
import time

from sqlalchemy.exc import DBAPIError

#: The worker's own log: an operator follows the worker under one logger name.
log = logging.getLogger("undersigned.mail.worker")
#: The longest wait between two tries to reach a database that does not answer.
MAX_DATABASE_WAIT = dt.timedelta(minutes=1)


class DatabaseWatch:
    """Whether the worker's database answers, told in one log line when it stops (no traceback:
    it is the same on every try) and one when it is back; between tries the worker waits
    ``first_wait`` seconds, doubled at each failure up to :data:`MAX_DATABASE_WAIT`."""

    def __init__(self, first_wait: float) -> None:
        self.first_wait = first_wait
        self.failures = 0
        self.down_since = 0.0

    def failed(self, error: DBAPIError) -> float:
        """Note a failed try; the seconds to wait before the next one."""
        if not self.failures:
            self.down_since = time.monotonic()
            reason = (str(error.orig or "").strip().splitlines() or [""])[0][:200]
            log.error("outbox worker: the database cannot be used (%s: %s); trying again less and less "
                      "often, at most %.0f s apart", type(error.orig or error).__name__, reason,
                      MAX_DATABASE_WAIT.total_seconds())
        self.failures += 1
        return min(self.first_wait * 2 ** (self.failures - 1), MAX_DATABASE_WAIT.total_seconds())

    def answered(self) -> None:
        """Note a pass that went through: if the database was down, say it is back."""
        if self.failures:
            log.info("outbox worker: the database answers again after %.0f s and %s failed tries; "
                     "sending resumes", time.monotonic() - self.down_since, self.failures)
        self.failures = 0
