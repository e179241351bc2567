"""What a failed send means: try again later (temporary) or never (permanent), in one place.

SMTP says it with the reply code (RFC 5321): 4xx is temporary, 5xx permanent. A refused or
dropped connection, or a timeout, is temporary: the server may be back in a minute.
"""
from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass

from undersigned import contract
from undersigned.contract.deprecation import moved

#: Anything shaped like an address, in a server's answer ("550 <ivan@example.org> unknown").
ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")
MAX_DESCRIPTION = 200

__getattr__ = moved(__name__, "undersigned.contract", PermanentFailure=contract.PermanentFailure)


@dataclass(frozen=True)
class Failure:
    permanent: bool
    #: The server's answer (code and text) or the error's class; never an address.
    description: str
    #: The server could not be reached or dropped us: the rest of the batch would fail the same way.
    unreachable: bool = False


def classify(exc: BaseException) -> Failure:
    """The failure ``exc`` stands for, described without any address in it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()), (0, b""))
        return _answered(code, answer)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answered(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, contract.PermanentFailure):
        return Failure(True, _clean(f"{type(exc).__name__} {exc}"))
    # OSError: refused, reset, timed out, disconnected (smtplib's errors are OSErrors too)
    return Failure(False, type(exc).__name__, unreachable=isinstance(exc, OSError))


def _answered(code: int, answer: bytes | str) -> Failure:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    # 421: the server is closing the connection (RFC 5321 3.8), as good as unreachable
    return Failure(500 <= code < 600, _clean(f"{code} {text}"), unreachable=code == 421)


def _clean(text: str) -> str:
    return " ".join(ADDRESS.sub("<address>", text).split())[:MAX_DESCRIPTION]
