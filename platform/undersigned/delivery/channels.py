"""The core's three delivery channels, by name."""
from __future__ import annotations

from undersigned.delivery.base import DeliveryChannel
from undersigned.delivery.email import EmailChannel
from undersigned.delivery.joint import JointChannel
from undersigned.delivery.self_submit import SelfSubmitChannel

CHANNELS: dict[str, DeliveryChannel] = {
    core.name: core for core in (EmailChannel(), SelfSubmitChannel(), JointChannel())}
