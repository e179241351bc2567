"""The sign form: the shared fields plus the campaign's, labelled in the reader's language."""
from __future__ import annotations

import functools
import re
from typing import Any

from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from undersigned.campaigns.fields import US_STATES, all_fields
from undersigned.campaigns.model import Campaign, FormField
from undersigned.i18n.texts import campaign_text
from undersigned.security.identity import InvalidEmail, normalise_email

HONEYPOT = "website"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
LINE_BREAK = re.compile(r"[\r\n]")


class SignForm(FlaskForm):
    """Base class; :func:`form_class` adds the campaign's fields."""

    public_name = BooleanField(_l("Show my name publicly as a signer"), default=False)


def _blank(data: Any) -> bool:
    return not data.strip() if isinstance(data, str) else not data


def required(form: SignForm, field: Field) -> None:
    if _blank(field.data):
        raise StopValidation(_l("Please fill in this field."))


def required_if(other: str, value: str):
    def check(form: SignForm, field: Field) -> None:
        if form[other].data == value:
            required(form, field)
        elif not field.data:
            raise StopValidation()
    return check


def plain_text(multiline: bool):
    def check(form: SignForm, field: Field) -> None:
        data = field.data or ""
        if CONTROL.search(data) or (not multiline and LINE_BREAK.search(data)):
            raise ValidationError(_l("Please remove the invisible control characters."))
    return check


def email_address(form: SignForm, field: Field) -> None:
    try:
        field.data = normalise_email(field.data.strip())
    except InvalidEmail:
        raise ValidationError(_l("Please enter a valid e-mail address, like name@example.org."))


@functools.cache
def _country_choices(locale: str) -> list[tuple[str, str]]:
    from babel import Locale
    territories = Locale.parse(locale).territories
    countries = [(code, name) for code, name in territories.items() if code.isalpha() and len(code) == 2
                 and code not in {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}]
    return sorted(countries, key=lambda item: item[1])


def _build_field(campaign: Campaign, spec: FormField) -> Field:
    label = campaign_text(campaign, spec.label) if spec.label else spec.name
    checks: list[Any] = []
    if spec.required_if:
        checks.append(required_if(*spec.required_if))
    elif spec.required:
        checks.append(required)
    else:
        checks.append(Optional())
    too_long = _l("Please use at most %(max)d characters.", max=spec.max_length)
    if spec.type == "checkbox":
        return BooleanField(label, validators=[required] if spec.required else [])
    checks.append(Length(max=spec.max_length, message=too_long))
    if spec.type in {"select", "country", "us_state"}:
        return SelectField(label, validators=checks, validate_choice=False)
    checks.append(plain_text(multiline=spec.type == "textarea"))
    if spec.type == "email":
        checks.append(email_address)
    render_kw = {"maxlength": spec.max_length, "autocomplete": _AUTOCOMPLETE.get(spec.name, "on")}
    if spec.type == "email":
        render_kw.update(type="email", inputmode="email")
    cls = TextAreaField if spec.type == "textarea" else StringField
    return cls(label, validators=checks, render_kw=render_kw,
               description=campaign_text(campaign, spec.description))


_AUTOCOMPLETE = {"first_name": "given-name", "last_name": "family-name", "email": "email",
                 "organization": "organization", "title": "organization-title"}


def make_form(campaign: Campaign, **kwargs: Any) -> SignForm:
    """A sign form for ``campaign`` in the reader's language, bound to the request's data."""
    attrs = {spec.name: _build_field(campaign, spec) for spec in all_fields(campaign.fields)}
    attrs[HONEYPOT] = StringField(render_kw={"tabindex": "-1", "autocomplete": "off"})
    form = type(f"SignForm_{campaign.slug}", (SignForm,), attrs)(**kwargs)
    for spec in all_fields(campaign.fields):
        if spec.type in {"select", "country", "us_state"}:
            form[spec.name].choices = [("", _l("Choose..."))] + _choices(campaign, spec)
            form[spec.name].pre_validate = functools.partial(_in_choices, form[spec.name])
    return form


def _choices(campaign: Campaign, spec: FormField) -> list[tuple[str, str]]:
    if spec.type == "country":
        return _country_choices(str(get_locale() or "en"))
    if spec.type == "us_state":
        return list(US_STATES)
    return [(value, campaign_text(campaign, label)) for value, label in spec.choices]


def _in_choices(field: SelectField, form: SignForm) -> None:
    if field.data and field.data not in {value for value, _ in field.choices}:
        raise ValidationError(_l("Please choose one of the options."))


def field_values(form: SignForm, campaign: Campaign) -> dict[str, Any]:
    """What the supporter typed, by field name (shared and campaign fields)."""
    return {spec.name: form[spec.name].data for spec in all_fields(campaign.fields)}
