"""Flask-Mail 0.10, extended where it has no hook: the only module that speaks to smtplib.

Flask-Mail carries every SMTP session: the ``mail`` extension reads ``MAIL_SERVER``, ``MAIL_PORT``,
``MAIL_USE_TLS``/``MAIL_USE_SSL``, the login and ``MAIL_SUPPRESS_SEND``; ``mail.connect()`` gives
the worker one connection per batch; each message goes through ``Connection.send`` with its
``mail_options`` (SMTPUTF8) and fires ``email_dispatched``, which ``mail.record_messages()``
listens to. What version 0.10 cannot do is added here by overriding its own classes, not by a
second SMTP client beside it:

- A timeout: it opens ``smtplib.SMTP`` without one, so a server that never answers would hold a
  worker for ever. ``MAIL_TIMEOUT`` bounds the connection and every command on it.
- Our bytes: its ``Message`` builds its own MIME (random Message-ID, local Date, no DKIM).
  :class:`PreparedMessage` carries the bytes ``undersigned.mail.transports`` built, so the
  server gets exactly what the ``mailbox`` transport writes.
- A non-ASCII local part: its ``send`` passes the envelope through ``sanitize_address``, which
  refuses one (Flask-Mail issue 156), so SMTPUTF8 could never be used; here the envelope's
  addresses go to smtplib as given.
- A batch's connection: it connects on entering and never looks again. Here it connects at
  the first send, so a server that is down fails that message (counted, retried with backoff)
  rather than the worker's pass; connects again when the server has closed it between two
  messages; and says QUIT without raising when the server has gone.
- Errors in the platform's words: smtplib's become ``failures.Refused`` (the server answered)
  or ``failures.SessionLost``, so no other module imports smtplib.

Its ``MAIL_MAX_EMAILS`` is not read (nor counted): a worker's batch (``OUTBOX_BATCH_SIZE``) is
what bounds a connection.
"""
from __future__ import annotations

import select
import smtplib
import typing as t
from email.message import EmailMessage
from types import TracebackType

import flask_mail
from flask import current_app

from undersigned.mail.failures import Refused, SessionLost


class Mail(flask_mail.Mail):
    """Flask-Mail whose settings include ``MAIL_TIMEOUT`` and whose connections are :class:`Connection`."""

    def init_mail(self, config: dict[str, t.Any], debug: bool | int = False,
                  testing: bool = False) -> flask_mail._Mail:
        state = super().init_mail(config, debug, testing)
        state.timeout = config["MAIL_TIMEOUT"]
        return state

    def connect(self) -> Connection:
        """A connection with this app's settings (Flask-Mail finds them), not yet connected."""
        return Connection(super().connect().mail)


class Connection(flask_mail.Connection):
    """One SMTP connection for a batch: opened at the first send and again whenever the
    server has closed it, every operation under ``MAIL_TIMEOUT``."""

    def __enter__(self) -> Connection:
        return self  # not connected yet: the first send connects

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def configure_host(self) -> smtplib.SMTP:
        settings = self.mail
        # debuglevel stays 0 whatever MAIL_DEBUG says (Flask-Mail turns it on with app.debug):
        # smtplib would print each session, addresses and confirmation links, to the console
        kind = smtplib.SMTP_SSL if settings.use_ssl else smtplib.SMTP
        host = kind(settings.server, settings.port, timeout=settings.timeout)
        try:
            if settings.use_tls:
                host.starttls()
            if settings.username and settings.password:
                host.login(settings.username, settings.password)
        except BaseException:
            host.close()
            raise
        return host

    def send(self, message: flask_mail.Message, envelope_from: str | None = None) -> None:
        """Send ``message`` (unless ``MAIL_SUPPRESS_SEND``) and fire ``email_dispatched``."""
        if message.has_bad_headers():
            raise flask_mail.BadHeaderError
        if not self.mail.suppress:
            self._sendmail(message, envelope_from or message.sender)
        flask_mail.email_dispatched.send(current_app._get_current_object(), message=message)

    def _sendmail(self, message: flask_mail.Message, envelope_from: str) -> None:
        # each ``from None``: smtplib's error would carry the addresses on into any traceback
        try:
            if self.host is None or not _still_open(self.host):
                self.close()
                self.host = self.configure_host()
            self.host.sendmail(envelope_from, list(message.send_to), message.as_bytes(),
                               message.mail_options, message.rcpt_options)
        except smtplib.SMTPRecipientsRefused as exc:  # the server's answer to our one recipient
            code, text = next(iter(exc.recipients.values()), (0, b""))
            raise Refused(code, _decoded(text)) from None
        except smtplib.SMTPResponseException as exc:  # it answered: the connection still holds
            raise Refused(exc.smtp_code, _decoded(exc.smtp_error)) from None
        except smtplib.SMTPException as exc:  # hung up, timed out, or lacks an extension
            self.close()
            raise SessionLost(type(exc).__name__) from None
        except OSError:  # refused or reset: the connection is gone or in an unknown state
            self.close()
            raise

    def close(self) -> None:
        """Say QUIT if the server still listens, and let the connection go."""
        if self.host is None:
            return
        try:
            if self.host.sock is not None:
                self.host.quit()
        except (smtplib.SMTPException, OSError):
            pass  # closing anyway
        finally:
            self.host.close()
            self.host = None


class PreparedMessage(flask_mail.Message):
    """A Flask-Mail message whose bytes were made before it: ``as_bytes`` gives ``data`` as it is.

    The fields Flask-Mail users read (subject, sender, body, ...) come from ``built``, the
    message ``data`` is the bytes of; ``recipients`` is the envelope. ``mail_options`` asks for
    SMTPUTF8 when ``built`` needs it (an address with a non-ASCII local part)."""

    def __init__(self, data: bytes, built: EmailMessage, recipients: list[str]) -> None:
        html = built.get_body(("html",))
        super().__init__(subject=str(built["Subject"]), sender=str(built["From"]), recipients=recipients,
                         reply_to=str(built["Reply-To"]) if built["Reply-To"] else None,
                         body=built.get_body(("plain",)).get_content(),
                         html=html.get_content() if html is not None else None,
                         date=built["Date"].datetime.timestamp(),
                         mail_options=["SMTPUTF8"] if built.policy.utf8 else [])
        self.msgId = str(built["Message-ID"])
        self.data = data

    def as_bytes(self) -> bytes:
        return self.data

    def as_string(self) -> str:
        return self.data.decode("utf-8")


def _still_open(host: smtplib.SMTP) -> bool:
    """Whether ``host``'s connection can take the next message. A server that has hung up
    (an idle timeout), or is about to with an unasked-for 421, has made the socket readable
    before we said a word; smtplib would only find out by failing the next command."""
    if host.sock is None:
        return False
    readable, _, _ = select.select([host.sock], [], [], 0)
    return not readable


def _decoded(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


#: The extension, initialised by the app factory.
mail = Mail()
