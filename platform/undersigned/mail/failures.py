"""What a failed send means: try again later (temporary) or never (permanent), in one place.

SMTP says it with the reply code (RFC 5321): 4xx is temporary, 5xx permanent. A refused or
dropped connection, or a timeout, is temporary: the server may be back in a minute. The SMTP
adapter (``undersigned.mail.smtp``) reports the server's answers as :class:`Refused` and a
broken session as :class:`SessionLost`; any transport may raise them, :class:`PermanentFailure`
or an ``OSError``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from undersigned import contract
from undersigned.contract.deprecation import moved

#: Anything shaped like an address, in a server's answer ("550 <ivan@example.org> unknown").
ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")
MAX_DESCRIPTION = 200

__getattr__ = moved(__name__, "undersigned.contract", PermanentFailure=contract.PermanentFailure)


class Refused(Exception):
    """The mail server answered with an error reply: its ``code`` (RFC 5321) and ``text``."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(code, text)
        self.code, self.text = code, text


class SessionLost(ConnectionError):
    """The session with the mail server could not go on (it hung up, timed out, or lacks an
    extension the message needs); ``reason`` names how, e.g. ``SMTPServerDisconnected``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Failure:
    permanent: bool
    #: The server's answer (code and text) or the error's class; never an address.
    description: str
    #: The server could not be reached or dropped us: the rest of the batch would fail the same way.
    unreachable: bool = False


def classify(exc: BaseException) -> Failure:
    """The failure ``exc`` stands for, described without any address in it."""
    if isinstance(exc, Refused):
        return _answered(exc.code, exc.text)
    if isinstance(exc, contract.PermanentFailure):
        return Failure(True, _clean(f"{type(exc).__name__} {exc}"))
    if isinstance(exc, SessionLost):
        return Failure(False, exc.reason, unreachable=True)
    # OSError: refused, reset, timed out before a session began
    return Failure(False, type(exc).__name__, unreachable=isinstance(exc, OSError))


def _answered(code: int, text: str) -> Failure:
    # 421: the server is closing the connection (RFC 5321 3.8), as good as unreachable
    return Failure(500 <= code < 600, _clean(f"{code} {text}"), unreachable=code == 421)


def _clean(text: str) -> str:
    return " ".join(ADDRESS.sub("<address>", text).split())[:MAX_DESCRIPTION]
