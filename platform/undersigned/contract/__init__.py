"""The plugin contract: everything a plugin may import, and nothing above it.

Campaign plugins, delivery channels, captcha providers and mail transports are written against
this package alone::

    from undersigned.contract import Campaign, FormField, N_, Recipient, hookimpl

It is the platform's ground floor: it imports nothing else of the platform, and every other
package builds on it. ``docs/plugins.md`` documents it; :data:`CONTRACT_VERSION` says which
version this platform provides (a plugin may state its own with ``UNDERSIGNED_CONTRACT``).
"""
from undersigned.contract.campaign import Campaign, FormField, ParagraphOptions, Recipient
from undersigned.contract.captcha import CaptchaProvider
from undersigned.contract.channel import DeliveryChannel
from undersigned.contract.clock import utcnow
from undersigned.contract.events import channel_of, notify
from undersigned.contract.hookspecs import hookimpl, hookspec
from undersigned.contract.mail import MailSession, MailTransport, PermanentFailure, Transport
from undersigned.contract.problems import PluginProblem
from undersigned.contract.records import OutboxRecord, SignatureRecord
from undersigned.contract.text import N_
from undersigned.contract.version import CONTRACT_VERSION

__all__ = [
    "CONTRACT_VERSION", "Campaign", "CaptchaProvider", "DeliveryChannel", "FormField", "MailSession",
    "MailTransport", "N_", "OutboxRecord", "ParagraphOptions", "PermanentFailure", "PluginProblem",
    "Recipient", "SignatureRecord", "Transport", "channel_of", "hookimpl", "hookspec", "notify", "utcnow",
]
