"""The core's delivery channels, offered through the plugin contract as ``trylast`` defaults any
plugin can replace by answering for the same name first; and what a sent message delivered."""
from __future__ import annotations

from undersigned.contract import Campaign, DeliveryChannel, OutboxRecord, channel_of, hookimpl, notify
from undersigned.delivery.email.channel import EmailChannel
from undersigned.delivery.joint.channel import JointChannel
from undersigned.delivery.self_submit.channel import SelfSubmitChannel
from undersigned.extensions import db
from undersigned.signing.models import Signature

#: The core's channels, by name.
CHANNELS: dict[str, DeliveryChannel] = {
    core.name: core for core in (EmailChannel(), SelfSubmitChannel(), JointChannel())}


@hookimpl(trylast=True)
def undersigned_delivery_channel(name: str) -> DeliveryChannel | None:
    return CHANNELS.get(name)


@hookimpl
def undersigned_message_sent(message: OutboxRecord, campaign: Campaign | None) -> None:
    """Tell plugins of each signature whose letter ``message`` delivered, as its campaign's
    channel says (one for a letter, each letter carried for a digest)."""
    if campaign is None:
        return
    for signature_id in channel_of(campaign).delivered_signatures(message):
        signature = db.session.get(Signature, signature_id)
        if signature is not None:
            notify("undersigned_signature_delivered", signature=signature, campaign=campaign)
