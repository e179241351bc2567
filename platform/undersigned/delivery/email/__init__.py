"""The ``email`` channel: the platform e-mails the letter to the recipient, Reply-To the supporter."""
from __future__ import annotations

from pathlib import Path

from undersigned.campaigns.model import Campaign
from undersigned.delivery.base import DeliveryChannel
from undersigned.mail.models import OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import Signature

#: The outbox kind of the letter this channel sends: once sent, the signature is delivered.
LETTER = "letter"


class EmailChannel(DeliveryChannel):
    """The platform e-mails the letter to the recipient, Reply-To the supporter."""

    name = "email"
    next_step_template = "email/next_step.html"
    template_folder = Path(__file__).resolve().parent / "templates"

    def problems(self, campaign: Campaign) -> list[str]:
        return [] if campaign.recipient.email else ["channel 'email' needs recipient.email"]

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        # the supporter's letter, not the platform's notice: no Auto-Submitted, so the
        # recipient's auto-reply reaches the supporter (Reply-To)
        enqueue(kind=LETTER, to=campaign.recipient.email, reply_to=signature.email, automatic=False,
                subject=campaign.subject or campaign.title, template="emails/letter",
                language=campaign.letter_language, campaign=campaign.slug,
                signature_id=signature.id, letter=render_letter_text(campaign, signature.fields))

    def delivered(self, message: OutboxMessage) -> bool:
        return message.kind == LETTER
