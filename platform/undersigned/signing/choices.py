"""The options of the sign form's lists: countries and US states named and sorted in the reader's
language, and a select that renders its long option lists once per language."""
from __future__ import annotations

import functools
from typing import Any

from babel import Locale
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.widgets import html_params

from undersigned.campaigns.fields import US_STATES
from undersigned.contract import Campaign, FormField
from undersigned.i18n.collation import sort_key
from undersigned.i18n.fragments import fragment
from undersigned.i18n.locale import current_language
from undersigned.i18n.texts import campaign_text


@functools.cache
def _country_choices(locale: str) -> list[tuple[str, str]]:
    territories = Locale.parse(locale).territories
    countries = [(code, name) for code, name in territories.items() if code.isalpha() and len(code) == 2
                 and code not in {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}]
    return sorted(countries, key=lambda item: sort_key(item[1], locale))


@functools.lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"<option {html_params(value=value)}>{escape(label)}</option>" for value, label in choices)


class CachedSelect:
    """A select whose long option lists (countries, states) render once per language: under a
    surge, re-rendering 250 options on every page view cost more than everything else."""

    def __call__(self, field: SelectField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        if "required" not in kwargs and "required" in getattr(field, "flags", []):
            kwargs["required"] = True
        options = _options_html(tuple((value, str(label)) for value, label in field.choices))
        if field.data:
            chosen = escape(field.data)
            options = options.replace(f'<option value="{chosen}">', f'<option selected value="{chosen}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


def field_choices(campaign: Campaign, spec: FormField) -> list[tuple[str, str]]:
    """The options of one of ``campaign``'s lists, in the reader's language."""
    if spec.type == "country":
        return country_choices()
    if spec.type == "us_state":
        return us_state_choices()
    return [(value, campaign_text(campaign, label)) for value, label in spec.choices]


def country_choices() -> list[tuple[str, str]]:
    """Every country by its code, named and sorted in the reader's language."""
    return _country_choices(str(get_locale() or "en"))


def us_state_choices() -> list[tuple[str, str]]:
    """The US states and territories by their code, named and sorted in the reader's language."""
    return fragment(("us_states",), _sorted_states)


def _sorted_states() -> list[tuple[str, str]]:
    states = ((code, gettext(name)) for code, name in US_STATES)
    return sorted(states, key=lambda item: sort_key(item[1], current_language()))
