"""What a delivery channel is: the one shape the core asks, whatever the channel's name."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import click
from flask import Blueprint
from flask_babel.speaklater import LazyString

from undersigned.contract.campaign import Campaign
from undersigned.contract.records import OutboxRecord, SignatureRecord


class DeliveryChannel:
    """Gets a confirmed signature's letter to its recipient. Subclass it and override what your
    channel needs; every default does nothing.

    ``next_step_template`` is included in the thank-you page once the signature is confirmed.
    ``template_folder`` holds the channel's templates, found as ``<name>/<file>`` (so two
    channels never collide). ``blueprint`` holds the channel's pages: its rules are relative and
    the core registers it under ``/c/<slug>`` (build it with
    :func:`undersigned.delivery.lookup.channel_blueprint`). ``cli_commands`` join
    ``flask signatures``.
    """

    name: ClassVar[str]
    next_step_template: ClassVar[str]
    template_folder: ClassVar[Path | None] = None
    blueprint: ClassVar[Blueprint | None] = None
    cli_commands: ClassVar[tuple[click.Command, ...]] = ()

    #: An organizer approves each confirmed signature before it is delivered.
    needs_approval: ClassVar[bool] = False
    #: The supporter sends the letter and reports it (the console counts the reports).
    supporter_reports_sending: ClassVar[bool] = False
    #: One letter carries every signatory: a preview shows the supporter's own signature block.
    previews_signature_block: ClassVar[bool] = False
    #: Each signer's letter is delivered on its own, so a campaign may let signers add a
    #: personal paragraph to it (``Campaign.personal_paragraph``).
    allows_personal_paragraph: ClassVar[bool] = False
    #: What the confirmation e-mail says comes after confirming (a lazy gettext string), if the
    #: supporter has more to do; none: nothing is added.
    confirm_mail_next_step: ClassVar[str | LazyString | None] = None

    def problems(self, campaign: Campaign) -> list[str]:
        """What is wrong with ``campaign`` for this channel, as sentences an organizer can act on."""
        return []

    def warnings(self, campaign: Campaign) -> list[str]:
        """What ``campaign`` still lacks for this channel, as sentences: it is served, but
        ``flask campaigns check`` flags it as incomplete."""
        return []

    def on_confirmed(self, signature: SignatureRecord, campaign: Campaign) -> None:
        """Runs inside the confirming transaction: it may only queue work (outbox rows), never send."""

    def delivered(self, message: OutboxRecord) -> bool:
        """Whether ``message``, just sent by the outbox worker, delivered its own signature's letter."""
        return False

    def delivered_signatures(self, message: OutboxRecord) -> list[int]:
        """The ids of the signatures whose letters ``message``, just sent by the outbox worker,
        delivered: the worker fires ``undersigned_signature_delivered`` once for each. By default
        the message's own signature, if :meth:`delivered` says so; a channel whose one message
        carries many letters (the ``email`` channel's digest) names them all."""
        if message.signature_id is not None and self.delivered(message):
            return [message.signature_id]
        return []

    def delivered_count(self, campaign: Campaign) -> int | None:
        """How many of ``campaign``'s letters this channel has delivered one by one; ``None``
        when it does not deliver them one by one (no *Delivered* count is shown)."""
        return None

    def approved_count(self, campaign: Campaign) -> int | None:
        """How many of ``campaign``'s signatures an organizer has approved, for a channel that
        :attr:`needs_approval`; ``None`` otherwise (no *Approved* count is shown)."""
        return None
