"""The sign form: the shared fields plus the campaign's, labelled in the reader's language."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from babel import support
from flask import current_app, has_request_context, request
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import Length, Optional, StopValidation, ValidationError
from wtforms.widgets import html_params

from undersigned.campaigns.fields import HONEYPOT, PERSONAL_PARAGRAPH, US_STATES, all_fields, asks_letter_name
from undersigned.campaigns.model import Campaign, FormField, ParagraphOptions
from undersigned.i18n.collation import sort_key
from undersigned.i18n.fragments import campaign_key, fragment
from undersigned.i18n.locale import current_language
from undersigned.i18n.texts import campaign_text
from undersigned.i18n.translate import lazy_gettext as _l, lazy_ngettext
from undersigned.i18n.transliteration import non_latin_letters, suggest_letter_name, writes_latin
from undersigned.mail.transports import can_send_to
from undersigned.security.identity import InvalidEmail, normalise_email

SELECT_TYPES = frozenset({"select", "country", "us_state"})
#: Control characters, line and paragraph separators, invisible spaces and joiners that only
#: hide text (zero-width space, word joiner, BOM; not ZWJ/ZWNJ, which scripts need), and the
#: bidirectional overrides and isolates that show text in another order than it is stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
LINE_BREAK = re.compile(r"[\r\n]")
#: Unassigned code points, private use, surrogates, and the replacement character (what a
#: broken encoding leaves behind).
UNUSABLE = frozenset({"Cn", "Co", "Cs"})
MAX_COMBINING_RUN = 4
CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
#: A web address or a link's scheme: the personal paragraph carries none (a letter with links
#: reads as spam, and a link in a letter sent in the signer's name is what a spammer wants).
LINK = re.compile(r"(?i)\b(?:https?|ftp|javascript|mailto):|\bwww\.")
IN_LATIN_LETTER = _l("It appears in the letter as you type it: please use Latin letters.")


@functools.cache
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class SignForm(FlaskForm):
    """Base class; :func:`make_form` adds the campaign's fields."""

    class Meta:
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


def _blank(data: Any) -> bool:
    return not data.strip() if isinstance(data, str) else not data


def _required(message: Any):
    def check(form: SignForm, field: Field) -> None:
        if _blank(field.data):
            raise StopValidation(message)
    check.field_flags = {"required": True}  # rendered as the ``required`` attribute and marked
    return check


required = _required(_l("Please fill in this field."))
#: A list left on its first entry ("Choose...") asks to choose, not to fill in.
required_choice = _required(_l("Please choose an option."))


def required_if(other: str, value: str, check_blank=required):
    def check(form: SignForm, field: Field) -> None:
        if form[other].data == value:
            check_blank(form, field)
        elif not field.data:
            raise StopValidation()
    # required only for some answers: marked as required, but not with the browser's attribute
    check.field_flags = {"required_if": True}
    return check


def plain_text(multiline: bool, one_script_per_word: bool = True):
    def check(form: SignForm, field: Field) -> None:
        data = field.data or ""
        if CONTROL.search(data) or (not multiline and LINE_BREAK.search(data)):
            raise ValidationError(_l("Please remove the invisible control characters."))
        if "\ufffd" in data or any(unicodedata.category(ch) in UNUSABLE for ch in data):
            raise ValidationError(_l("Please check the characters: some could not be read."))
        if _combining_run(data) > MAX_COMBINING_RUN:
            raise ValidationError(_l("Please remove the extra accent marks."))
        if one_script_per_word and not multiline and any(len(_scripts(word)) > 1 for word in data.split()):
            raise ValidationError(_l("Please write each word in one alphabet: this one mixes, for "
                                     "example, Latin and Cyrillic letters that look alike."))
    return check


def _combining_run(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) else 0
        longest = max(longest, run)
    return longest


def _scripts(word: str) -> set[str]:
    """Which of the look-alike scripts (Latin, Cyrillic, Greek) the letters of ``word`` use."""
    found = set()
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.update(script for script in CONFUSABLE_SCRIPTS if name.startswith(script))
    return found


def no_links(form: SignForm, field: Field) -> None:
    if LINK.search(field.data or ""):
        raise ValidationError(_l("Please leave out links and web addresses: letters with links are "
                                 "often taken for spam."))


def paragraph_limits(options: ParagraphOptions):
    """The campaign's limits on a personal paragraph, checked once something is written."""
    def check(form: SignForm, field: Field) -> None:
        data = field.data or ""
        if len(data) < options.min_length:
            raise ValidationError(lazy_ngettext(
                "Please write at least %(num)d character, or leave this empty.",
                "Please write at least %(num)d characters, or leave this empty.", options.min_length))
        if options.max_lines and data.count("\n") + 1 > options.max_lines:
            raise ValidationError(lazy_ngettext("Please use at most %(num)d line.",
                                                "Please use at most %(num)d lines.", options.max_lines))
    return check


def paragraph_hint(options: ParagraphOptions) -> str:
    """The limits as the form states them next to the paragraph."""
    hints = [lazy_ngettext("Up to %(num)d character.", "Up to %(num)d characters.", options.max_length)]
    if options.min_length:
        hints.append(lazy_ngettext("At least %(num)d character.", "At least %(num)d characters.",
                                   options.min_length))
    if options.max_lines:
        hints.append(lazy_ngettext("Up to %(num)d line.", "Up to %(num)d lines.", options.max_lines))
    return " ".join(str(hint) for hint in hints)


def latin_letters(form: SignForm, field: Field) -> None:
    if non_latin_letters(field.data or ""):
        raise ValidationError(_l("Please write this in Latin letters: it appears in the letter as "
                                 "you type it."))


def nfc(value: Any) -> Any:
    """Text in one Unicode form, so the same name typed two ways is stored one way."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def tidy_lines(value: Any) -> Any:
    """Several lines as a browser sends them (CRLF) stored with one line break each, so a
    text exactly at its ``maxlength`` is not over the limit here; no blank lines around it."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value


def email_address(form: SignForm, field: Field) -> None:
    try:
        address = normalise_email(field.data.strip())
    except InvalidEmail:
        raise ValidationError(_l("Please enter a valid e-mail address, like name@example.org."))
    if not can_send_to(address):
        raise ValidationError(_l("We cannot send e-mail to an address with letters other than Latin "
                                 "before the @ yet. Please use another address, for example one "
                                 "like ivan.petrov@example.org."))
    field.data = address


@functools.cache
def _country_choices(locale: str) -> list[tuple[str, str]]:
    from babel import Locale
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


def _build_field(campaign: Campaign, spec: FormField) -> Field:
    label = campaign_text(campaign, spec.label) if spec.label else spec.name
    checks: list[Any] = []
    blank = required_choice if spec.type in SELECT_TYPES else required
    if spec.required_if:
        checks.append(required_if(*spec.required_if, check_blank=blank))
    elif spec.required:
        checks.append(blank)
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
        checks.append(latin_letters)
        description = " ".join(filter(None, (description, str(IN_LATIN_LETTER))))
    if spec.type == "email":
        checks.append(email_address)
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
    return StringField(label, validators=checks, render_kw=render_kw, filters=[nfc], description=description)


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
    return [("", str(_l("Choose...")))] + _choices(campaign, spec)


def _suggest_letter_name(form: SignForm) -> None:
    """Without JavaScript the server suggests the Latin spelling when the form comes back. A
    suggestion that changed the name (a transliteration) must be seen before it is signed."""
    field = form["letter_name"]
    if not _blank(field.data):
        return
    names = [form[name].data if isinstance(form[name].data, str) else "" for name in ("first_name", "last_name")]
    field.data = suggest_letter_name(*names, language=current_language())
    field.unseen_suggestion = field.data != " ".join(filter(None, (name.strip() for name in names)))


def _choices(campaign: Campaign, spec: FormField) -> list[tuple[str, str]]:
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


def in_choices(field: SelectField, form: FlaskForm) -> None:
    """A select's ``pre_validate``: the value sent is one of its options (or none)."""
    if field.data and field.data not in {value for value, _ in field.choices}:
        raise ValidationError(_l("Please choose one of the options."))


class CorrectEmailForm(FlaskForm):
    """The check-e-mail page's form to correct a mistyped address, checked as the sign form's."""

    email = StringField(_l("Correct e-mail address"), filters=[nfc],
                        validators=[required, plain_text(multiline=False, one_script_per_word=False), email_address],
                        render_kw={"type": "email", "inputmode": "email", "autocomplete": "email",
                                   "maxlength": 254})


def field_values(form: SignForm, campaign: Campaign) -> dict[str, Any]:
    """What the supporter typed, by field name (shared and campaign fields)."""
    return {spec.name: form[spec.name].data for spec in all_fields(campaign)}
