"""Rendering a campaign's letter: plain text (what is delivered) and HTML (what is shown)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Mapping

from babel.dates import format_date
from flask import render_template
from markupsafe import Markup

from undersigned.campaigns.fields import LETTER_NAME, all_fields, asks_letter_name, letter_name
from undersigned.contract import Campaign, channel_of
from undersigned.i18n.texts import campaign_text


def letter_context(campaign: Campaign, values: Mapping[str, Any], *, preview: bool = False,
                   signatories: Iterable[Mapping[str, Any]] = (),
                   date: dt.date | None = None) -> dict[str, Any]:
    """The names a letter template may use (:func:`~undersigned.campaigns.fields.letter_placeholders`):
    the form's fields, plus campaign, recipient, today (``date`` or today, in the letter's
    language) and, for joint letters, the signatories (a preview adds the supporter's own
    signature block where the channel shows one).

    With ``preview`` each field becomes a ``<span data-field>`` the page's script updates as the
    supporter types; an empty field shows its label in brackets. In a template's conditions it
    still acts as what was typed (:class:`PreviewField`), so ``{% if city %}`` and
    ``{% if topic == "roads" %}`` choose as in the delivered letter. A signature made before the
    form asked for ``letter_name`` gets the suggested spelling.
    """
    context: dict[str, Any] = {}
    for field in all_fields(campaign):
        value = str(values.get(field.name) or "")
        if field is LETTER_NAME and not preview:
            value = letter_name(campaign, values)
        if preview:
            empty = f"[{campaign_text(campaign, field.label)}]"
            context[field.name] = PreviewField.of(field.name, value, empty)
        else:
            context[field.name] = value
    signatories = list(signatories)
    if preview and channel_of(campaign).previews_signature_block:
        signatories.append(_preview_signatory(context, asks_letter_name(campaign)))
    context.update(campaign=campaign, recipient=campaign.recipient, signatories=signatories,
                   today=format_date(date or dt.date.today(), format="long",
                                     locale=campaign.letter_language))
    return context


class PreviewField(Markup):
    """A field in the letter's preview: shown as the element the page's script fills in, but
    true, false and equal to other values as the typed value is."""

    value: str

    @classmethod
    def of(cls, name: str, value: str, empty: str) -> "PreviewField":
        html = Markup('<span class="letter-field" data-field="{}" data-empty="{}">{}</span>').format(
            name, empty, value or empty)
        field = cls(html)
        field.value = value
        return field

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, PreviewField) else other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = Markup.__hash__


def _preview_signatory(context: Mapping[str, Any], letter_name_asked: bool) -> dict[str, Any]:
    """The supporter's own signature block, as it will look on a joint letter."""
    block = {name: context[name] for name in ("title", "organization") if name in context}
    names = (context["first_name"], context["last_name"])
    block["full_name"] = context[LETTER_NAME.name] if letter_name_asked else Markup(" ").join(names)
    return block


def render_letter_text(campaign: Campaign, values: Mapping[str, Any]) -> str:
    """The letter as delivered, in the recipient's language."""
    return render_template(campaign.template("letter.txt"), **letter_context(campaign, values)).strip() + "\n"


def render_letter_translation(campaign: Campaign, language: str, values: Mapping[str, Any], *,
                              preview: bool = False) -> Markup | None:
    """The letter translated into ``language`` for reading only, if the campaign ships one
    (``letter.<language>.html``); the delivered letter stays in ``campaign.letter_language``."""
    if language == campaign.letter_language:
        return None
    name = f"letter.{language}.html"
    if not (Path(campaign.template_folder) / name).is_file():
        return None
    context = letter_context(campaign, values, preview=preview)
    context["today"] = format_date(dt.date.today(), format="long", locale=language)
    return Markup(render_template(campaign.template(name), **context))


def render_letter_html(campaign: Campaign, values: Mapping[str, Any], *, preview: bool = False,
                       signatories: Iterable[Mapping[str, Any]] = (),
                       date: dt.date | None = None) -> Markup:
    """The letter as shown and printed (dated ``date``, or today)."""
    context = letter_context(campaign, values, preview=preview, signatories=signatories, date=date)
    return Markup(render_template(campaign.template("letter.html"), **context))
