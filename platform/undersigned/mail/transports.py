"""Mail transports, looked up by name through the plugin contract: ``smtp`` and ``mailbox``.

The worker opens a transport once per batch (``with transport.open() as session``) and sends
each message through the session: the ``smtp`` session holds one Flask-Mail connection for the
batch (``undersigned.mail.smtp``).
Both send the bytes of :func:`wire_bytes` (one builder, :func:`build_message`), so what the
``mailbox`` writes in development is byte for byte what ``smtp`` hands the server in production.
"""
from __future__ import annotations

import datetime as dt
import email.utils
from contextlib import contextmanager
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

import dkim
import idna
from flask import Flask, current_app
from flask_babel import force_locale, get_translations

from undersigned import contract
from undersigned.contract import utcnow
from undersigned.contract.deprecation import moved
from undersigned.mail.models import OutboxMessage
from undersigned.mail.smtp import Connection, PreparedMessage, mail

__getattr__ = moved(__name__, "undersigned.contract", MailSession=contract.MailSession,
                    MailTransport=contract.MailTransport, Transport=contract.Transport)

SEVEN_BIT = policy.SMTP.clone(cte_type="7bit")
#: The headers a DKIM signature covers (those present in the message).
DKIM_HEADERS = [b"From", b"To", b"Reply-To", b"Subject", b"Date", b"Message-ID", b"Content-Type",
                b"MIME-Version", b"Content-Language", b"Auto-Submitted", b"List-Unsubscribe",
                b"List-Unsubscribe-Post"]


def own_domain(app: Flask) -> str:
    """The platform's mail domain: ``MAIL_MESSAGE_ID_DOMAIN``, else the sender's domain."""
    return (app.config["MAIL_MESSAGE_ID_DOMAIN"] or sender_address(app).rpartition("@")[2]
            or "undersigned.invalid")


def message_id(app: Flask, message: OutboxMessage) -> str:
    """The same Message-ID for every attempt at one outbox row (a resend is recognisable);
    the row's creation time keeps it unique should a database ever start again at id 1."""
    created = message.created_at or utcnow()
    return f"<outbox.{message.id}.{created:%Y%m%d%H%M%S}@{own_domain(app)}>"


def needs_smtputf8(address: str) -> bool:
    """Whether ``address`` can only be sent with the SMTPUTF8 extension (RFC 6531): its local
    part is not ASCII. A non-ASCII domain alone is written in ASCII (IDNA) instead."""
    return not address.rpartition("@")[0].isascii()


def can_send_to(address: str) -> bool:
    """Whether the configured server can take mail for ``address`` (``MAIL_SMTPUTF8``)."""
    return current_app.config["MAIL_SMTPUTF8"] or not needs_smtputf8(address)


def ascii_domain(address: str) -> str:
    """``address`` with its domain in ASCII: ``ivan@почта.рф`` is ``ivan@xn--80a1acny.xn--p1ai``."""
    local, at, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return f"{local}{at}{idna.encode(domain, uts46=True).decode('ascii')}"


def sender_address(app: Flask) -> str:
    """The bare address of ``MAIL_DEFAULT_SENDER``, the envelope's sender too."""
    return ascii_domain(email.utils.parseaddr(app.config["MAIL_DEFAULT_SENDER"])[1])


def sender(app: Flask, language: str) -> Address:
    """The From of a message in ``language``: ``MAIL_DEFAULT_SENDER``'s address under its display
    name as that language's catalog writes it, so the default, the platform's name
    ("Undersigned"), reads "Нижеподписавшиеся" in a Russian message; a name no catalog holds
    stays as configured."""
    name, address = email.utils.parseaddr(app.config["MAIL_DEFAULT_SENDER"])
    if name:
        with force_locale(language):
            name = get_translations().ugettext(name)
    return Address(display_name=name, addr_spec=ascii_domain(address))


def build_message(app: Flask, message: OutboxMessage) -> EmailMessage:
    """The RFC 5322 message for an outbox row (every transport sends it through :func:`wire_bytes`).

    Date and Message-ID come from the row, so each attempt sends the same message; the From name
    is in the message's language (:func:`sender`). The message is 7-bit (any server takes it)
    unless an address has a non-ASCII local part: then it is an SMTPUTF8 message, with UTF-8
    headers."""
    addresses = [message.to_address] + ([message.reply_to] if message.reply_to else [])
    utf8 = any(needs_smtputf8(address) for address in addresses)
    result = EmailMessage(policy=policy.SMTPUTF8 if utf8 else SEVEN_BIT)
    result["From"] = sender(app, message.language)
    result["To"] = ascii_domain(message.to_address)
    if message.reply_to:
        result["Reply-To"] = ascii_domain(message.reply_to)
    result["Subject"] = message.subject
    created = message.created_at or utcnow()
    result["Date"] = email.utils.format_datetime(created.replace(tzinfo=dt.timezone.utc))
    result["Message-ID"] = message_id(app, message)
    if message.automatic:
        result["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    if message.unsubscribe_url:
        result["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        result["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    result.set_content(message.body_text)
    if message.body_html:
        result.add_alternative(message.body_html, subtype="html")
    if message.attachment_data is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition("/")
        result.add_attachment(message.attachment_data, maintype=maintype, subtype=subtype,
                              filename=message.attachment_name)
    # last: making the message multipart moves every Content-* header into its first part
    result["Content-Language"] = message.language
    return result


def wire_bytes(app: Flask, message: OutboxMessage) -> bytes:
    """The bytes every transport sends: the built message, DKIM-signed when a key is configured."""
    return signed_bytes(app, build_message(app, message))


def signed_bytes(app: Flask, built: EmailMessage) -> bytes:
    """``built`` as bytes, with a DKIM signature in front when ``MAIL_DKIM_*`` is configured."""
    data = bytes(built)
    key_file, selector = app.config["MAIL_DKIM_KEY_FILE"], app.config["MAIL_DKIM_SELECTOR"]
    if not (key_file and selector):
        return data
    domain = app.config["MAIL_DKIM_DOMAIN"] or sender_address(app).rpartition("@")[2]
    signature = dkim.sign(data, selector.encode(), domain.encode(), Path(key_file).read_bytes(),
                          include_headers=DKIM_HEADERS)
    return signature + data


class SMTPSession:
    """A batch's Flask-Mail connection (``undersigned.mail.smtp``): each outbox row goes out
    as the bytes of :func:`wire_bytes`, with ``MAIL_DEFAULT_SENDER``'s address as the envelope's."""

    def __init__(self, app: Flask, connection: Connection) -> None:
        self.app = app
        self.connection = connection

    def send(self, message: OutboxMessage) -> None:
        built = build_message(self.app, message)
        prepared = PreparedMessage(signed_bytes(self.app, built), built,
                                   recipients=[ascii_domain(message.to_address)])
        self.connection.send(prepared, envelope_from=sender_address(self.app))


class SMTPTransport:
    """Sends through Flask-Mail (``MAIL_SERVER``, ``MAIL_PORT``, TLS, login), one connection
    per batch."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    @contextmanager
    def open(self) -> Iterator[SMTPSession]:
        with mail.connect() as connection:
            yield SMTPSession(self.app, connection)


class MailboxTransport(contract.Transport):
    """Writes each message as an ``.eml`` file into ``MAILBOX_FOLDER`` (the embedded default)."""

    def send(self, message: OutboxMessage) -> None:
        folder = Path(self.app.config["MAILBOX_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}-{message.id}.eml").write_bytes(wire_bytes(self.app, message))
