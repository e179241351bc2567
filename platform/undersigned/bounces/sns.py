"""Amazon SNS's subscription handshake: before it posts any notification, SNS asks the endpoint to
open a confirmation address that carries a one-time token. The address is opened from here, and
only when it is Amazon's own (``https://sns.<region>.amazonaws.com/...``), so a posted body can
never make the platform fetch anything else; the token itself never reaches a log."""
from __future__ import annotations

import logging
import re
import urllib.request
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

SNS_HOST = re.compile(r"sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?")
TIMEOUT_SECONDS = 10


def is_amazons(url: str) -> bool:
    """Whether ``url`` is an SNS confirmation address: https, on an SNS host, no port or password."""
    parts = urlsplit(url)
    return (parts.scheme == "https" and parts.port is None and parts.username is None
            and SNS_HOST.fullmatch(parts.hostname or "") is not None)


def confirm_subscription(topic: str, url: str) -> bool:
    """Open SNS's confirmation address for ``topic``; say in the log what came of it."""
    if not is_amazons(url):
        log.warning("A subscription confirmation for topic %s names an address that is not Amazon SNS's: ignored",
                    topic)
        return False
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https, pinned host)
            response.read()
    except OSError as exc:
        log.warning("Could not confirm the subscription to topic %s (%s): SNS will ask again, or confirm it in "
                    "the AWS console", topic, type(exc).__name__)
        return False
    log.info("Confirmed the subscription to topic %s: SNS will post its notifications here", topic)
    return True
