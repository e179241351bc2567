"""The core's three delivery channels."""
from __future__ import annotations

from undersigned.campaigns.model import Campaign
from undersigned.mail.outbox import enqueue
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import Signature


class EmailChannel:
    """The platform e-mails the letter to the recipient, Reply-To the supporter."""

    name = "email"
    next_step_template = "delivery/email.html"

    def problems(self, campaign: Campaign) -> list[str]:
        return [] if campaign.recipient.email else ["channel 'email' needs recipient.email"]

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        enqueue(kind="letter", to=campaign.recipient.email, reply_to=signature.email,
                subject=campaign.subject or campaign.title, template="emails/letter",
                language=campaign.letter_language, campaign=campaign.slug,
                signature_id=signature.id, letter=render_letter_text(campaign, signature.fields))


class SelfSubmitChannel:
    """The supporter sends the finished letter through the official contact form themselves and
    reports back with one click."""

    name = "self_submit"
    next_step_template = "delivery/self_submit.html"

    def problems(self, campaign: Campaign) -> list[str]:
        return []  # an unconfigured form address is shown as such, not invented

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        pass


class JointChannel:
    """Co-signers wait for an organizer's approval, then appear on the one joint letter."""

    name = "joint"
    next_step_template = "delivery/joint.html"

    def problems(self, campaign: Campaign) -> list[str]:
        return []

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        pass


CHANNELS = {channel.name: channel for channel in (EmailChannel(), SelfSubmitChannel(), JointChannel())}
