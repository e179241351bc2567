"""Putting an e-mail in the outbox, rendered now in the current language or, for the mail a
request sends, by the worker just before sending (``render_later``); and counting what is in it."""
from __future__ import annotations

from typing import Any, NamedTuple

from flask import current_app, render_template
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
            transactional: bool = True, render_later: bool = False, **context) -> OutboxMessage | None:
    """Add a message to the session; it is sent once the caller's transaction commits.

    ``template`` names a pair: ``<template>.txt`` (required) and ``<template>.html`` (optional).
    ``automatic`` is false for mail sent on a person's behalf (no ``Auto-Submitted`` header).
    Mail that is not strictly ``transactional`` (a reminder, a notice nobody asked for) needs a
    ``campaign``: it carries a one-click unsubscribe link (``List-Unsubscribe``, RFC 8058), and
    is not queued at all (``None``) once the mailbox has unsubscribed from that campaign.

    With ``render_later`` the bodies are left to the worker (``mail/rendering.py``), which
    renders them in ``language`` with ``context`` (JSON values only) and the message's campaign
    (``campaign_obj``) and signature (``signature``), both required.
    """
    unsubscribe_link = None
    if not transactional:
        if campaign is None:
            raise ValueError("mail that is not transactional belongs to a campaign")
        if is_unsubscribed(to, campaign):
            return None
        unsubscribe_link = unsubscribe_url(to, campaign, language)
    message = OutboxMessage(kind=kind, to_address=to, subject=_one_line(subject), language=language,
                            campaign=campaign, signature_id=signature_id, reply_to=reply_to,
                            automatic=automatic, unsubscribe_url=unsubscribe_link)
    if render_later:
        if campaign is None or signature_id is None:
            raise ValueError("mail rendered later belongs to a campaign and a signature")
        message.body_text, message.template, message.render_context = "", template, context
    else:
        message.body_text, message.body_html = render_bodies(template, context)
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    db.session.add(message)
    return message


def render_bodies(template: str, context: dict[str, Any]) -> tuple[str, str | None]:
    """The plain-text body and, if the pair has one, the HTML body of ``template``."""
    text = render_template(f"{template}.txt", **context)
    html = render_template(f"{template}.html", **context) if _exists(f"{template}.html") else None
    return text, html


def status_counts() -> dict[str, int]:
    """How many messages are in each status (``queued``, ``sent``, ``failed``)."""
    return dict(db.session.execute(select(OutboxMessage.status, func.count())
                                   .group_by(OutboxMessage.status)).all())


def _exists(template: str) -> bool:
    try:
        current_app.jinja_env.get_template(template)
    except Exception:
        return False
    return True


def _one_line(text: str) -> str:
    """Header values never carry a line break (no header injection)."""
    return " ".join(str(text).split())
