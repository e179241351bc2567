"""The core's mail transports, offered through the plugin contract as ``trylast`` defaults any
plugin can replace by answering for the same name first."""
from __future__ import annotations

from flask import Flask

from undersigned.contract import MailTransport, hookimpl
from undersigned.mail.transports import MailboxTransport, SMTPTransport

#: The core's transports by name (``MAIL_TRANSPORT``).
TRANSPORTS = {"smtp": SMTPTransport, "mailbox": MailboxTransport}


@hookimpl(trylast=True)
def undersigned_mail_transport(name: str, app: Flask) -> MailTransport | None:
    return TRANSPORTS[name](app) if name in TRANSPORTS else None
