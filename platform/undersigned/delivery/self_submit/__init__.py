"""The ``self_submit`` channel: the supporter sends the finished letter through the official
contact form themselves and reports back with one click (``/c/<slug>/sent/<token>``)."""
from __future__ import annotations

from pathlib import Path

from undersigned.delivery.base import DeliveryChannel
from undersigned.delivery.self_submit.views import bp


class SelfSubmitChannel(DeliveryChannel):
    """The supporter submits the letter themselves; their report is its delivery."""

    name = "self_submit"
    next_step_template = "self_submit/next_step.html"
    template_folder = Path(__file__).resolve().parent / "templates"
    blueprint = bp
    supporter_reports_sending = True
    # an unconfigured form address is shown as such on the thank-you page, not a problem
