"""What the sign form (and the help form) checks in a field: filled in, plain text a person typed,
no links, a real e-mail address, one of the options."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Field, SelectField
from wtforms.validators import StopValidation, ValidationError

from undersigned.contract import ParagraphOptions
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.i18n.translate import lazy_ngettext
from undersigned.i18n.transliteration import non_latin_letters
from undersigned.mail.transports import can_send_to
from undersigned.security.identity import InvalidEmail, normalise_email

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


def blank(data: Any) -> bool:
    return not data.strip() if isinstance(data, str) else not data


#: What an empty e-mail address field says (the sign form's, the help form's, the correction's).
ENTER_EMAIL = _l("Enter your e-mail address.")


def required_saying(message: Any):
    """A check that the field is filled in, whose empty field says ``message``."""
    def check(form: FlaskForm, field: Field) -> None:
        if blank(field.data):
            raise StopValidation(message)
    check.field_flags = {"required": True}  # rendered as the ``required`` attribute and marked
    return check


def missing(field: Field) -> str:
    """What an empty ``field`` says, naming it by its label: "Fill in “Title”." (a list left on
    "Choose..." asks to choose, a box to be ticked)."""
    if field.type == "SelectField":
        return gettext("Choose an answer for “%(label)s”.", label=field.label.text)
    if field.type == "BooleanField":
        return gettext("Tick the box “%(label)s”.", label=field.label.text)
    return gettext("Fill in “%(label)s”.", label=field.label.text)


def required(form: FlaskForm, field: Field) -> None:
    if blank(field.data):
        raise StopValidation(missing(field))


required.field_flags = {"required": True}


def required_if(other: str, value: str, check_blank=required):
    def check(form: FlaskForm, field: Field) -> None:
        if form[other].data == value:
            check_blank(form, field)
        elif not field.data:
            raise StopValidation()
    # required only for some answers: marked as required, but not with the browser's attribute
    check.field_flags = {"required_if": True}
    return check


def plain_text(multiline: bool, one_script_per_word: bool = True):
    def check(form: FlaskForm, field: Field) -> None:
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


def no_links(form: FlaskForm, field: Field) -> None:
    if LINK.search(field.data or ""):
        raise ValidationError(_l("Please leave out links and web addresses: letters with links are "
                                 "often taken for spam."))


def paragraph_limits(options: ParagraphOptions):
    """The campaign's limits on a personal paragraph, checked once something is written."""
    def check(form: FlaskForm, field: Field) -> None:
        data = field.data or ""
        if len(data) < options.min_length:
            raise ValidationError(lazy_ngettext(
                "Please write at least %(num)d character, or leave this empty.",
                "Please write at least %(num)d characters, or leave this empty.", options.min_length))
        if options.max_lines and data.count("\n") + 1 > options.max_lines:
            raise ValidationError(lazy_ngettext("Please use at most %(num)d line.",
                                                "Please use at most %(num)d lines.", options.max_lines))
    return check


#: What a field printed in a letter written in Latin letters says when it holds other letters.
LATIN_TEXT = _l("Please write this in Latin letters; it appears in the letter as you type it.")


def latin_letters(message: Any = LATIN_TEXT):
    def check(form: FlaskForm, field: Field) -> None:
        if non_latin_letters(field.data or ""):
            raise ValidationError(message)
    return check


def nfc(value: Any) -> Any:
    """Text in one Unicode form, so the same name typed two ways is stored one way."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def tidy_lines(value: Any) -> Any:
    """Several lines as a browser sends them (CRLF) stored with one line break each, so a
    text exactly at its ``maxlength`` is not over the limit here; no blank lines around it."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value


def email_address(form: FlaskForm, field: Field) -> None:
    try:
        address = normalise_email(field.data.strip())
    except InvalidEmail:
        raise ValidationError(_l("Please enter a valid e-mail address, like name@example.org."))
    if not can_send_to(address):
        raise ValidationError(_l("We cannot send e-mail to an address with letters other than Latin "
                                 "before the @ yet. Please use another address, for example one "
                                 "like ivan.petrov@example.org."))
    field.data = address


def in_choices(field: SelectField, form: FlaskForm) -> None:
    """A select's ``pre_validate``: the value sent is one of its options (or none)."""
    if field.data and field.data not in {value for value, _ in field.choices}:
        raise ValidationError(_l("Please choose one of the options."))
