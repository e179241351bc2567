"""Putting an e-mail in the outbox: rendered now (in the signer's language), sent later; and
counting what is in it."""
from __future__ import annotations

from typing import NamedTuple

from flask import render_template
from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.unsubscribe.service import is_unsubscribed, unsubscribe_url


class Attachment(NamedTuple):
    """A file sent with a message."""

    name: str
    content_type: str
    data: bytes


def enqueue(*, kind: str, to: str, subject: str, template: str, language: str,
            campaign: str | None = None, signature_id: int | None = None,
            reply_to: str | None = None, attachment: Attachment | None = None, automatic: bool = True,
            transactional: bool = True, **context) -> OutboxMessage | None:
    """Add a message to the session; it is sent once the caller's transaction commits.

    ``template`` names a pair: ``<template>.txt`` (required) and ``<template>.html`` (optional).
    ``automatic`` is false for mail sent on a person's behalf (no ``Auto-Submitted`` header).
    Mail that is not strictly ``transactional`` (a reminder, a notice nobody asked for) needs a
    ``campaign``: it carries a one-click unsubscribe link (``List-Unsubscribe``, RFC 8058), and
    is not queued at all (``None``) once the mailbox has unsubscribed from that campaign.
    """
    unsubscribe_link = None
    if not transactional:
        if campaign is None:
            raise ValueError("mail that is not transactional belongs to a campaign")
        if is_unsubscribed(to, campaign):
            return None
        unsubscribe_link = unsubscribe_url(to, campaign, language)
    text = render_template(f"{template}.txt", **context)
    html = render_template(f"{template}.html", **context) if _exists(f"{template}.html") else None
    message = OutboxMessage(kind=kind, to_address=to, subject=_one_line(subject), body_text=text,
                            body_html=html, language=language, campaign=campaign,
                            signature_id=signature_id, reply_to=reply_to, automatic=automatic,
                            unsubscribe_url=unsubscribe_link)
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    db.session.add(message)
    return message


def status_counts() -> dict[str, int]:
    """How many messages are in each status (``queued``, ``sent``, ``failed``)."""
    return dict(db.session.execute(select(OutboxMessage.status, func.count())
                                   .group_by(OutboxMessage.status)).all())


def _exists(template: str) -> bool:
    from flask import current_app
    try:
        current_app.jinja_env.get_template(template)
    except Exception:
        return False
    return True


def _one_line(text: str) -> str:
    """Header values never carry a line break (no header injection)."""
    return " ".join(str(text).split())
