"""What a bounce or complaint message says, as mail servers write them.

A bounce is a delivery status notification (RFC 3464): ``flufl.bounce`` (GNU Mailman's bounce
detectors) finds the recipients that failed, and the ``message/delivery-status`` part's
``Status`` says whether the address itself failed (``5.1.1``) or something softer. A complaint is
an ARF feedback report (RFC 5965): a ``multipart/report`` whose ``message/feedback-report`` part
has ``Feedback-Type: abuse``. The standard library's ``email`` parser reads both structures. What
message it is about is told by the return path it went back to (:mod:`undersigned.mail.verp`):
the addresses here are only candidates, checked by the caller.

Nothing here raises: a message that cannot be read is no report.
"""
from __future__ import annotations

import email
import email.message
import email.parser
import email.utils
import logging
from dataclasses import dataclass
from email.iterators import typed_subpart_iterator

from flufl.bounce import all_failures

from undersigned.mail.failures import without_addresses
from undersigned.suppression.codes import address_failed
from undersigned.suppression.models import BOUNCE, COMPLAINT
from undersigned.suppression.service import Report

log = logging.getLogger(__name__)
#: Feedback types that are a reader's complaint (RFC 5965 3.1); ``not-spam``, ``auth-failure``
#: and ``other`` are not.
COMPLAINT_TYPES = frozenset({"abuse", "fraud", "virus"})
#: Headers a delivering server writes with the address a message was delivered to (the return
#: path, for a bounce), and the bounce's own ``To``.
DELIVERED_TO = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")


@dataclass(frozen=True)
class Returned:
    """A returned message: its ``report`` (``None``: neither a bounce nor a complaint, e.g. a
    delay notice or an auto-reply) and the addresses that may be the return path it came back to."""

    report: Report | None
    return_paths: tuple[str, ...] = ()


def read(raw: bytes, source: str) -> Returned:
    """What the message ``raw`` reports; never raises."""
    try:
        message = email.message_from_bytes(raw)
        report = _complaint(message, source) or _bounce(message, source)
        if report is None:
            return Returned(None)
        return Returned(report, tuple(dict.fromkeys(_return_paths(message))))
    except Exception:  # a hostile or broken message is no report: log it, never fail the reader
        log.warning("a returned message could not be read", exc_info=True)
        return Returned(None)


def _complaint(message: email.message.Message, source: str) -> Report | None:
    fields = _feedback_fields(message)
    if fields is None:
        return None
    feedback_type = _text(fields.get("Feedback-Type")).strip().lower()
    if feedback_type not in COMPLAINT_TYPES:
        return None
    return Report(kind=COMPLAINT, permanent=True, source=source, status=feedback_type)


def _feedback_fields(message: email.message.Message) -> email.message.Message | None:
    """The fields of an ARF report's ``message/feedback-report`` part, if ``message`` is one."""
    if message.get_content_type() != "multipart/report":
        return None
    for part in typed_subpart_iterator(message, "message", "feedback-report"):
        payload = part.get_payload()
        if isinstance(payload, list) and payload:
            return payload[0]
        if isinstance(payload, str):  # a parser that left it as text: its fields are headers
            return email.parser.HeaderParser().parsestr(payload)
    return None


def _bounce(message: email.message.Message, source: str) -> Report | None:
    _delayed, failed = all_failures(message)
    if not failed:
        return None  # no recipient failed (a delay is no bounce)
    status, diagnostic = _failed_status(message)
    return Report(kind=BOUNCE, permanent=address_failed(status), source=source, status=status,
                  diagnostic=without_addresses(diagnostic) if diagnostic else None)


def _failed_status(message: email.message.Message) -> tuple[str | None, str | None]:
    """The ``Status`` and ``Diagnostic-Code`` of the first failed recipient of a DSN, if any."""
    for part in typed_subpart_iterator(message, "message", "delivery-status"):
        blocks = part.get_payload()
        for block in blocks if isinstance(blocks, list) else ():
            if _text(block.get("Action")).strip().lower().startswith(("fail", "error")):
                status = _text(block.get("Status")).split(None, 1)
                diagnostic = _text(block.get("Diagnostic-Code")).partition(";")[2].strip()
                return (status[0] if status else None), (diagnostic or None)
    return None, None


def _return_paths(message: email.message.Message) -> list[str]:
    """Addresses the report may have come back to: the return path a bounce was delivered to;
    the original's envelope sender and ``Return-Path`` a complaint quotes."""
    values = [value for name in DELIVERED_TO for value in message.get_all(name, [])]
    fields = _feedback_fields(message)
    if fields is not None:
        values += fields.get_all("Original-Mail-From", [])
    original = _original_headers(message)
    if original is not None:
        values += original.get_all("Return-Path", [])
    return [address for _name, address in email.utils.getaddresses([_text(value) for value in values]) if address]


def _original_headers(message: email.message.Message) -> email.message.Message | None:
    """The headers of the message the report is about, as it quotes them (``message/rfc822`` or
    ``text/rfc822-headers``)."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                return payload[0]
        elif kind == "text/rfc822-headers":
            text = part.get_payload(decode=True) or b""
            return email.parser.BytesHeaderParser().parsebytes(text)
    return None


def _text(value: object) -> str:
    """A header's value as text (a header with undecodable bytes comes as a ``Header``)."""
    return "" if value is None else str(value)
