"""Taking in what came back: finding the outbox message a report is about, and handing it to the
suppression service. A report that names no message of ours, or names one with a wrong check
(forged), is ignored and changes nothing."""
from __future__ import annotations

import dataclasses
import logging
from typing import Iterable

from flask import Flask

from undersigned.bounces.notifications import Notification
from undersigned.bounces.reports import read
from undersigned.extensions import db
from undersigned.mail import verp
from undersigned.mail.models import OutboxMessage
from undersigned.mail.transports import message_id, own_domain
from undersigned.security.identity import canonical_email
from undersigned.suppression import service
from undersigned.suppression.codes import address_failed
from undersigned.suppression.models import BOUNCE

log = logging.getLogger(__name__)
#: What became of a report (the CLI and the endpoint count them).
RECORDED, REPEATED, NOT_A_REPORT, UNKNOWN_MESSAGE = "recorded", "already recorded", "not a report", "no message of ours"


def take_message(app: Flask, raw: bytes, source: str) -> str:
    """A bounce or complaint as a mail server wrote it (RFC 3464, RFC 5965)."""
    returned = read(raw, source)
    if returned.report is None:
        return NOT_A_REPORT
    message = _named_by_return_path(app, returned.return_paths)
    if message is None:
        log.info("a returned message from %s names no message of ours (or a forged one): ignored", source)
        return UNKNOWN_MESSAGE
    return _record(message, dataclasses.replace(returned.report, raw=raw))


def take_notification(app: Flask, note: Notification, source: str) -> str:
    """A mail service's notification: the message is named by its return path or, failing that,
    by its ``Message-ID`` together with its recipient."""
    message = (_named_by_return_path(app, [note.return_path] if note.return_path else [])
               or _named_by_message_id(app, note.message_id, note.recipient))
    if message is None:
        log.info("a notification from %s names no message of ours: ignored", source)
        return UNKNOWN_MESSAGE
    # the service's word, unless its status says the address itself did not fail (a policy refusal)
    permanent = note.permanent and (note.kind != BOUNCE or note.status is None or address_failed(note.status))
    report = service.Report(kind=note.kind, permanent=permanent, source=source, status=note.status,
                            diagnostic=note.diagnostic, raw=note.raw)
    return _record(message, report)


def _record(message: OutboxMessage, report: service.Report) -> str:
    return RECORDED if service.record(message, report) is not None else REPEATED


def _named_by_return_path(app: Flask, addresses: Iterable[str]) -> OutboxMessage | None:
    for address in addresses:
        outbox_id = verp.outbox_id_of(app, address)
        if outbox_id is not None:
            return db.session.get(OutboxMessage, outbox_id)
    return None


def _named_by_message_id(app: Flask, header: str | None, recipient: str | None) -> OutboxMessage | None:
    """The message whose ``Message-ID`` is ``header`` (``<outbox.<id>.<time>@domain>``, time and
    all), if it was sent to ``recipient``."""
    value = (header or "").strip().strip("<>")
    local, _, domain = value.rpartition("@")
    kind, _, rest = local.partition(".")
    number = rest.partition(".")[0]
    ours = kind == "outbox" and domain.lower() == own_domain(app).lower()
    if not (ours and number.isascii() and number.isdigit() and len(number) <= 9):
        return None
    message = db.session.get(OutboxMessage, int(number))
    if message is None or message_id(app, message) != f"<{value}>" or not message.to_address or not recipient:
        return None
    return message if canonical_email(message.to_address) == canonical_email(recipient) else None
