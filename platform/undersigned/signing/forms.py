"""The sign form: the shared fields plus the campaign's, labelled in the reader's language."""
from __future__ import annotations

import functools
from typing import Any

from babel import support
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Field, SelectField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import Length, Optional, StopValidation

from undersigned.campaigns.fields import (EMAIL, FIRST_NAME, HONEYPOT, LAST_NAME, LETTER_NAME, NAME_FIELDS,
                                         PERSONAL_PARAGRAPH, all_fields, asks_letter_name)
from undersigned.contract import Campaign, FormField, ParagraphOptions
from undersigned.i18n.fragments import campaign_key, fragment
from undersigned.i18n.locale import current_language
from undersigned.i18n.texts import campaign_text
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.i18n.translate import lazy_ngettext
from undersigned.i18n.transliteration import suggest_letter_name, writes_latin
from undersigned.signing.choices import CachedSelect, field_choices
from undersigned.signing.validators import (ENTER_EMAIL, a_name, blank, email_address, in_choices, latin_letters, nfc,
                                            no_links, paragraph_limits, plain_text, required, required_if,
                                            required_saying, tidy_lines, visible)

SELECT_TYPES = frozenset({"select", "country", "us_state"})
IN_LATIN_LETTER = _l("It appears in the letter as you type it: please use Latin letters.")
#: What the shared fields say when left empty; any other field is named by its label.
MISSING = {FIRST_NAME: _l("Enter your first name."), LAST_NAME: _l("Enter your last name."),
           LETTER_NAME: _l("Enter your name as it should appear in the letter."), EMAIL: ENTER_EMAIL}
LATIN_NAME = _l("Please write your name in Latin letters; the letter shows it as you type it.")


@functools.cache
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class SignForm(FlaskForm):
    """Base class; :func:`make_form` adds the campaign's fields. It carries no CSRF token: the
    page it is on is the same for every reader, and the sign view refuses a request from another
    site by its headers (:mod:`undersigned.security.origin`)."""

    class Meta:
        csrf = False

        def get_translations(self, form: FlaskForm) -> Any:
            # WTForms' own messages, read from disk once per language (not on every request)
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_translations(str(get_locale()))

    public_name = BooleanField(_l("Show my name publicly as a signer"), default=False)

    def validate_letter_name(self, field: Field) -> None:
        if getattr(field, "unseen_suggestion", False):
            raise StopValidation(_l("We spelled your name in Latin letters for the letter: please "
                                    "check the spelling and send the form again."))


def paragraph_hint(options: ParagraphOptions) -> str:
    """The limits as the form states them next to the paragraph."""
    hints = [lazy_ngettext("Up to %(num)d character.", "Up to %(num)d characters.", options.max_length)]
    if options.min_length:
        hints.append(lazy_ngettext("At least %(num)d character.", "At least %(num)d characters.",
                                   options.min_length))
    if options.max_lines:
        hints.append(lazy_ngettext("Up to %(num)d line.", "Up to %(num)d lines.", options.max_lines))
    return " ".join(str(hint) for hint in hints)


def _build_field(campaign: Campaign, spec: FormField) -> Field:
    label = campaign_text(campaign, spec.label) if spec.label else spec.name
    checks: list[Any] = []
    if spec.required_if:
        checks.append(required_if(*spec.required_if))
    elif spec.required:
        checks.append(required_saying(MISSING[spec]) if spec in MISSING else required)
    else:
        checks.append(Optional())
    too_long = lazy_ngettext("Please use at most %(num)d character.",
                             "Please use at most %(num)d characters.", spec.max_length)
    if spec.type == "checkbox":
        return BooleanField(label, validators=[required] if spec.required else [])
    checks.append(Length(max=spec.max_length, message=too_long))
    description = campaign_text(campaign, spec.description)
    if spec.type in SELECT_TYPES:
        return SelectField(label, validators=checks, validate_choice=False, widget=CachedSelect(),
                           description=description)
    checks.append(plain_text(multiline=spec.type == "textarea", one_script_per_word=spec.type != "email"))
    if spec.in_letter and writes_latin(campaign.letter_language):
        checks.append(latin_letters(LATIN_NAME) if spec == LETTER_NAME else latin_letters())
        description = " ".join(filter(None, (description, str(IN_LATIN_LETTER))))
    if spec.type == "email":
        checks.append(email_address)
    if spec.name in NAME_FIELDS:
        checks.append(a_name)
    if spec.name == PERSONAL_PARAGRAPH and campaign.personal_paragraph:
        checks += [no_links, paragraph_limits(campaign.personal_paragraph)]
        description = " ".join((description, paragraph_hint(campaign.personal_paragraph)))
    render_kw = {"maxlength": spec.max_length, "autocomplete": _AUTOCOMPLETE.get(spec.name, "on")}
    if spec.type == "email":
        render_kw.update(type="email", inputmode="email")
    if spec.type == "textarea":
        render_kw["rows"] = 6
        return TextAreaField(label, validators=checks, render_kw=render_kw, filters=[nfc, tidy_lines],
                             description=description)
    return StringField(label, validators=checks, render_kw=render_kw, description=description,
                       filters=[nfc, visible] if spec.type == "text" else [nfc])


_AUTOCOMPLETE = {"first_name": "given-name", "last_name": "family-name", "email": "email",
                 "organization": "organization", "title": "organization-title"}


def make_form(campaign: Campaign, **kwargs: Any) -> SignForm:
    """A sign form for ``campaign`` in the reader's language, bound to the request's data.

    Only the request's form fields are read, never its uploaded files: a file sent in place of
    a name is a missing name, not a crash."""
    if "formdata" not in kwargs and has_request_context() and request.method == "POST":
        kwargs["formdata"] = request.form
    key = campaign_key(campaign)
    form = fragment(("sign_form", key), lambda: _form_class(campaign))(**kwargs)
    if kwargs.get("formdata") is not None and asks_letter_name(campaign):
        _suggest_letter_name(form)
    for spec in all_fields(campaign):
        form[spec.name].shown_if = spec.required_if  # asked only for that answer (with scripts)
        if spec.type in SELECT_TYPES:
            form[spec.name].choices = fragment(("choices", key, spec.name), lambda: _choose(campaign, spec))
            form[spec.name].pre_validate = functools.partial(in_choices, form[spec.name])
    return form


def _form_class(campaign: Campaign) -> type[SignForm]:
    """The sign form's class for ``campaign`` with its labels in the reader's language."""
    attrs = {spec.name: _build_field(campaign, spec) for spec in all_fields(campaign)}
    # the honeypot: invisible, skipped by keyboards and screen readers, filled in only by bots
    attrs[HONEYPOT] = StringField(render_kw={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"})
    return type(f"SignForm_{campaign.slug}", (SignForm,), attrs)


def _choose(campaign: Campaign, spec: FormField) -> list[tuple[str, str]]:
    return [("", str(_l("Choose...")))] + field_choices(campaign, spec)


def _suggest_letter_name(form: SignForm) -> None:
    """Without JavaScript the server suggests the Latin spelling when the form comes back. A
    suggestion that changed the name (a transliteration) must be seen before it is signed."""
    field = form["letter_name"]
    if not blank(field.data):
        return
    names = [form[name].data if isinstance(form[name].data, str) else "" for name in ("first_name", "last_name")]
    field.data = suggest_letter_name(*names, language=current_language())
    field.unseen_suggestion = field.data != " ".join(filter(None, (name.strip() for name in names)))


class CorrectEmailForm(FlaskForm):
    """The check-e-mail page's form to correct a mistyped address, checked as the sign form's."""

    email = StringField(_l("Correct e-mail address"), filters=[nfc],
                        validators=[required_saying(ENTER_EMAIL),
                                    plain_text(multiline=False, one_script_per_word=False), email_address],
                        render_kw={"type": "email", "inputmode": "email", "autocomplete": "email",
                                   "maxlength": 254})


def repeated_fields(data: MultiDict) -> list[str]:
    """Names a form's ``data`` holds more than once: a browser never sends that, and which copy
    counts would be ambiguous (the honeypot, a captcha answer), so the request is refused."""
    return [name for name, values in data.lists() if len(values) > 1]


def field_values(form: SignForm, campaign: Campaign) -> dict[str, Any]:
    """What the supporter typed, by field name (shared and campaign fields)."""
    return {spec.name: form[spec.name].data for spec in all_fields(campaign)}
