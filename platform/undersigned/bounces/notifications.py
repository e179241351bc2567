"""Mail services' bounce and complaint notifications, behind one small interface: a format reads a
request body into :class:`Notification` objects (raising ``ValueError`` for a body it cannot read).

- ``ses``: Amazon SES notifications, as Amazon SNS posts them (or SES event publishing): the
  message is named by ``mail.source``, the envelope sender we gave (our return path), and by
  ``mail.commonHeaders.messageId``. SNS first asks to confirm the subscription: the confirmation
  address is opened when it is Amazon's own (``bounces.sns``).
- ``mailgun``: Mailgun's webhooks (``failed``, ``complained``): named by ``envelope.sender`` and
  the ``Message-ID`` header.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from undersigned.bounces import sns
from undersigned.bounces.reports import COMPLAINT_TYPES
from undersigned.mail.failures import without_addresses
from undersigned.suppression.codes import is_status, leading_status
from undersigned.suppression.models import BOUNCE, COMPLAINT

@dataclass(frozen=True)
class Notification:
    """One recipient's bounce or complaint, as a service reports it."""

    kind: str  # BOUNCE or COMPLAINT
    #: The service calls the failure permanent (the status still has its say: ``bounces.intake``).
    permanent: bool
    recipient: str | None
    return_path: str | None = None
    message_id: str | None = None
    status: str | None = None
    diagnostic: str | None = None
    raw: bytes | None = None


def ses(body: bytes) -> list[Notification]:
    """Amazon SES's ``Bounce`` and ``Complaint`` notifications, through SNS or not."""
    document = _object(body)
    if document.get("Type") == "SubscriptionConfirmation":
        sns.confirm_subscription(_text(document.get("TopicArn")), _text(document.get("SubscribeURL")))
        return []
    if document.get("Type") == "Notification":
        document = _object(_text(document.get("Message")).encode())
    kind = document.get("notificationType") or document.get("eventType")
    mail = _mapping(document.get("mail"))
    common = dict(return_path=_text(mail.get("source")) or None,
                  message_id=_text(_mapping(mail.get("commonHeaders")).get("messageId")) or None,
                  raw=json.dumps(document).encode())
    if kind == "Bounce":
        bounce = _mapping(document.get("bounce"))
        permanent = bounce.get("bounceType") == "Permanent"
        return [Notification(BOUNCE, permanent, _text(each.get("emailAddress")) or None, status=_status(each.get("status")),
                             diagnostic=_diagnostic(each.get("diagnosticCode")), **common)
                for each in _mappings(bounce.get("bouncedRecipients"))]
    if kind == "Complaint":
        complaint = _mapping(document.get("complaint"))
        feedback_type = _text(complaint.get("complaintFeedbackType")).lower() or "abuse"
        if feedback_type not in COMPLAINT_TYPES:
            return []
        return [Notification(COMPLAINT, True, _text(each.get("emailAddress")) or None, status=feedback_type, **common)
                for each in _mappings(complaint.get("complainedRecipients"))]
    return []


def mailgun(body: bytes) -> list[Notification]:
    """Mailgun's ``failed`` and ``complained`` webhooks."""
    data = _mapping(_object(body).get("event-data"))
    headers = _mapping(_mapping(data.get("message")).get("headers"))
    common = dict(recipient=_text(data.get("recipient")) or None,
                  return_path=_text(_mapping(data.get("envelope")).get("sender")) or None,
                  message_id=_text(headers.get("message-id")) or None, raw=json.dumps(data).encode())
    event = data.get("event")
    if event == "failed":
        delivery = _mapping(data.get("delivery-status"))
        words = _text(delivery.get("message")) or _text(delivery.get("description"))
        return [Notification(BOUNCE, data.get("severity") == "permanent", status=leading_status(words),
                             diagnostic=_diagnostic(words), **common)]
    if event == "complained":
        return [Notification(COMPLAINT, True, status="abuse", **common)]
    return []


#: The formats the endpoint reads, by the name in its address (``/mail/events/<name>``).
FORMATS: dict[str, Callable[[bytes], list[Notification]]] = {"ses": ses, "mailgun": mailgun}


def _object(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(document, dict):
        raise ValueError("the body is not a JSON object")
    return document


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _mappings(value: Any) -> list[dict[str, Any]]:
    return [each for each in value if isinstance(each, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _status(value: Any) -> str | None:
    return value if isinstance(value, str) and is_status(value) else None


def _diagnostic(value: Any) -> str | None:
    return without_addresses(value) if isinstance(value, str) and value.strip() else None
