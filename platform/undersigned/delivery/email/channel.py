"""The ``email`` channel's shape: what it checks in a campaign, queues on confirming, and delivers."""
from __future__ import annotations

from pathlib import Path

from undersigned.campaigns import counters
from undersigned.contract import Campaign, DeliveryChannel
from undersigned.delivery.email import service
from undersigned.delivery.email.cli import digest_command
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature

#: The outbox kind of the letter this channel sends: once sent, the signature is delivered.
LETTER = service.LETTER


class EmailChannel(DeliveryChannel):
    """The platform e-mails the letter to the recipient, Reply-To the supporter."""

    name = "email"
    next_step_template = "email/next_step.html"
    template_folder = Path(__file__).resolve().parent / "templates"
    cli_commands = (digest_command,)
    allows_personal_paragraph = True

    def problems(self, campaign: Campaign) -> list[str]:
        problems = [] if campaign.recipient.email else ["channel 'email' needs recipient.email"]
        if campaign.letters_per_hour is not None and campaign.letters_per_hour < 1:
            problems.append("letters_per_hour must be at least 1 (or None for no limit)")
        return problems

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        service.queue_letter(signature, campaign)

    def delivered(self, message: OutboxMessage) -> bool:
        return message.kind == LETTER

    def delivered_signatures(self, message: OutboxMessage) -> list[int]:
        if message.kind == service.DIGEST:
            return service.carried_signatures(message)
        return super().delivered_signatures(message)

    def delivered_count(self, campaign: Campaign) -> int | None:
        return counters.totals(campaign.slug).get(counters.DELIVERED, 0)
