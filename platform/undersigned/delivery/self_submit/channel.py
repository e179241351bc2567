"""The ``self_submit`` channel's shape: its next step, its pages and reminder command."""
from __future__ import annotations

from pathlib import Path

from undersigned.contract import Campaign, DeliveryChannel
from undersigned.delivery.self_submit import service
from undersigned.delivery.self_submit.cli import remind_command
from undersigned.delivery.self_submit.views import bp
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.signing.models import Signature


class SelfSubmitChannel(DeliveryChannel):
    """The supporter submits the letter themselves; their report is its delivery."""

    name = "self_submit"
    next_step_template = "self_submit/next_step.html"
    template_folder = Path(__file__).resolve().parent / "templates"
    blueprint = bp
    cli_commands = (remind_command,)
    allows_personal_paragraph = True
    supporter_reports_sending = True
    confirm_mail_next_step = _l("Once you confirm, the next step is to send the letter yourself: "
                                "we will show you the finished letter and where to send it.")

    def warnings(self, campaign: Campaign) -> list[str]:
        # served without it (the pages say the address is not published yet), but incomplete
        if campaign.recipient.contact_form_url:
            return []
        return ["channel 'self_submit' has no recipient.contact_form_url: supporters are not "
                "told where to send the letter"]

    def on_confirmed(self, signature: Signature, campaign: Campaign) -> None:
        service.queue_letter_copy(signature, campaign)
