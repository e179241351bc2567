"""What a captcha provider is: everything the core needs from it, declared in one place."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Blueprint
from flask_babel.speaklater import LazyString

from undersigned.contract.text import lazy_text

#: What the sign form says when a provider refused the answer and has no wording of its own.
FAILURE_MESSAGE = lazy_text("We could not confirm that a person is sending this form. Please try the "
                            "check again, then send the form.")


class CaptchaProvider:
    """Puts a challenge into the sign form and checks the answer, once.

    Subclass it and set or override:

    - ``name``: what ``CAPTCHA_PROVIDER`` says to choose this provider;
    - ``template``: a partial included inside the sign form, rendered with ``challenge()``'s
      mapping as ``challenge`` and the provider as ``captcha``;
    - ``challenge()``: a new challenge for each form shown;
    - ``verify(form)``: whether the posted form solved it. It must refuse a wrong, expired or
      already used answer (each challenge answers once, however its token is spelled) and
      must not raise on any input;
    - ``blueprint``: the provider's own routes (a picture, a challenge for a widget, static
      files), registered under ``/captcha`` while the provider is the configured one;
    - ``csp``: extra Content-Security-Policy sources by directive, for hosted widgets,
      e.g. ``{"script-src": ("https://js.example.com",), "frame-src": (...)}``;
    - ``failure_message``: what the form says when ``verify`` refused;
    - ``input_id``: the id of the control a person answers with, which the form's error
      summary links to (by default the box around the whole challenge);
    - ``same_page_for_every_reader``: ``True`` when ``challenge()`` puts nothing
      per reader in the page (the challenge comes with a picture or a widget's own request), so
      the campaign page may be one shared copy for every first-time reader. ``False`` (the
      default, as before): the page is rendered for each request, with a fresh challenge.
    """

    name: str
    template: str
    input_id: str = "captcha"
    blueprint: Blueprint | None = None
    csp: Mapping[str, tuple[str, ...]] = {}
    failure_message: str | LazyString = FAILURE_MESSAGE
    same_page_for_every_reader: bool = False

    def challenge(self) -> Mapping[str, Any]:
        raise NotImplementedError

    def verify(self, form: Mapping[str, str]) -> bool:
        raise NotImplementedError
