"""What a captcha provider does for the sign form."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class CaptchaProvider(Protocol):
    """Puts a challenge into the form and checks the answer, once.

    ``template`` is a partial included inside the sign form, rendered with ``challenge()``'s
    mapping as ``challenge`` and the provider as ``captcha``. ``verify`` gets the posted form
    and must refuse a wrong, expired or already used answer; it must not raise on any input.

    Optional attributes the core reads when present:

    - ``failure_message``: what the form says when ``verify`` refused (default: the image
      captcha's "does not match the picture");
    - ``csp``: extra Content-Security-Policy sources by directive, for hosted widgets,
      e.g. ``{"script-src": ("https://js.example.com",), "frame-src": (...)}``.
    """

    name: str
    template: str

    def challenge(self) -> Mapping[str, Any]: ...

    def verify(self, form: Mapping[str, str]) -> bool: ...


def mark_used(key: str, ttl: int) -> bool:
    """Record ``key`` as used for ``ttl`` seconds in the rate-limit storage (memory, or Redis
    across workers and hosts); ``False`` if it was used before, i.e. a replay."""
    from undersigned.security.limits import current_limits
    return current_limits().mark_used(f"captcha:{key}", ttl)
