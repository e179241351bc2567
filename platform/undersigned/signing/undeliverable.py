"""Signatures whose mail fails, and what their signers are told.

When a bounce is recorded, or the outbox withholds a message from a suppressed address
(:data:`undersigned.suppression.service.bounced`), the message's signature is marked
undeliverable if the message went to its signer; once the address is suppressed, so is every
signature with that address. A complaint marks nothing: that mail arrived. The sign form and
the check-e-mail page refuse an address on the suppression list and say why, in the reader's
language, with the check-e-mail page's form to correct it.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import or_, update
from wtforms import Field

from undersigned.contract import Campaign, OutboxRecord, utcnow
from undersigned.extensions import db
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.identity import canonical_email
from undersigned.signing import just_signed
from undersigned.signing.models import PENDING, Signature
from undersigned.suppression.models import COMPLAINT
from undersigned.suppression.service import bounced, is_suppressed

MAIL_FAILS = _l("Mail to this address cannot be delivered: messages to it have bounced or been refused. "
                "Please check it for typos, or use another address.")


@bounced.connect
def mark_undeliverable(_app: Flask, *, message: OutboxRecord, kind: str, suppressed: bool) -> None:
    """Mark the signatures whose mail ``message`` shows failing (see the module's docstring)."""
    if kind == COMPLAINT or not message.to_address:
        return
    canonical = canonical_email(message.to_address)
    own = (Signature.id == message.signature_id) if message.signature_id else None
    which = [clause for clause in (own, Signature.email_canonical == canonical if suppressed else None)
             if clause is not None]
    if not which:
        return
    db.session.execute(update(Signature).where(or_(*which), Signature.email_canonical == canonical,
                                               Signature.undeliverable_at.is_(None), Signature.erased_at.is_(None))
                       .values(undeliverable_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()


def mail_fails(address: str | None) -> bool:
    """Whether mail to ``address`` fails: it is on the suppression list."""
    return is_suppressed(address) is not None


def refuse(field: Field, address: str) -> bool:
    """Say on ``field`` that mail to ``address`` fails, if it does; whether it did."""
    if not mail_fails(address):
        return False
    field.errors = [*field.errors, MAIL_FAILS]
    return True


def own_pending(campaign: Campaign, canonical: str) -> bool:
    """Whether this session's own pending signature on ``campaign`` has the address ``canonical``:
    its signer returns to the check-e-mail page, which offers to correct it."""
    just = just_signed.recall(campaign)
    return (just is not None and just.own and just.signature.status == PENDING
            and just.signature.email_canonical == canonical)
