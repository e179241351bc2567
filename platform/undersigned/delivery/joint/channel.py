"""The ``joint`` channel's shape: approval, the signature block in the preview, its pages and commands."""
from __future__ import annotations

from pathlib import Path

from undersigned.contract import Campaign, DeliveryChannel
from undersigned.delivery.joint import service
from undersigned.delivery.joint.cli import COMMANDS
from undersigned.delivery.joint.views import bp


class JointChannel(DeliveryChannel):
    """Co-signers wait for an organizer's approval, then appear on the one joint letter.

    The letter is delivered as a whole, in versions, so no single message delivers a signature.
    """

    name = "joint"
    next_step_template = "joint/next_step.html"
    template_folder = Path(__file__).resolve().parent / "templates"
    blueprint = bp
    cli_commands = COMMANDS
    needs_approval = True
    previews_signature_block = True

    def approved_count(self, campaign: Campaign) -> int:
        return service.approved_count(campaign)
