"""What a delivery channel does."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from undersigned.campaigns.model import Campaign
    from undersigned.signing.models import Signature


class DeliveryChannel(Protocol):
    """Gets a confirmed signature's letter to its recipient.

    ``next_step_template`` is included in the thank-you page. ``on_confirmed`` runs inside the
    confirming transaction: it may only queue work (outbox rows), never send.
    """

    name: str
    next_step_template: str

    def problems(self, campaign: Campaign) -> list[str]: ...

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None: ...
