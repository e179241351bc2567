"""Rendering a message queued unrendered (``enqueue(render_later=True)``): the worker does it
just before sending, in the message's language, so the request that queued it stays short."""
from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from undersigned.contract.state import registry_of
from undersigned.mail.models import OutboxMessage
from undersigned.mail.outbox import render_bodies
from undersigned.security.identity import canonical_email


def render_queued(app: Flask, message: OutboxMessage) -> bool:
    """Fill ``message``'s bodies from its template and context, and clear both; ``False`` (nothing
    rendered) when its campaign is no longer served, or its signature is gone, erased or moved to
    another address (a corrected typo: the mistyped mailbox hears nothing more)."""
    campaign = registry_of(app).get(message.campaign or "")
    signature = message.signature
    if (campaign is None or signature is None or signature.erased_at is not None
            or canonical_email(message.to_address) != signature.email_canonical):
        return False
    with force_locale(message.language):
        message.body_text, message.body_html = render_bodies(
            message.template, {**(message.render_context or {}), "campaign_obj": campaign, "signature": signature})
    message.template = message.render_context = None
    return True
