"""What a captcha provider does for the sign form."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class CaptchaProvider(Protocol):
    """Puts a challenge into the form and checks the answer, once.

    ``template`` is a partial included inside the sign form, rendered with ``challenge()``'s
    mapping as ``captcha``.
    """

    name: str
    template: str

    def challenge(self) -> Mapping[str, Any]: ...

    def verify(self, form: Mapping[str, str]) -> bool: ...
