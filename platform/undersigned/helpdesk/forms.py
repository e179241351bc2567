"""The supporter's help form and the organizer's answer form, labelled in the reader's language.

The checks are the sign form's (the same required fields, e-mail addresses, countries and US
states, plain text), so a supporter meets the same messages on both."""
from __future__ import annotations

import functools
from typing import Any

from flask import current_app, has_request_context, request
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from undersigned.i18n.locale import LANGUAGE_NAMES, current_language
from undersigned.i18n.translate import lazy_gettext as _l, lazy_ngettext
from undersigned.signing.choices import CachedSelect, country_choices, us_state_choices
from undersigned.signing.validators import (ENTER_EMAIL, email_address, in_choices, nfc, plain_text, required,
                                            required_if, required_saying)

NAME_MAX, MESSAGE_MAX, ANSWER_MAX = 200, 5000, 10000


def _at_most(count: int):
    return Length(max=count, message=lazy_ngettext("Please use at most %(num)d character.",
                                                   "Please use at most %(num)d characters.", count))


class HelpForm(FlaskForm):
    """What a supporter sends: who they are, where they live, the answer's language, the question."""

    name = StringField(_l("Your name"), filters=[nfc],
                       validators=[required, _at_most(NAME_MAX), plain_text(multiline=False)],
                       render_kw={"maxlength": NAME_MAX, "autocomplete": "name"})
    email = StringField(_l("E-mail address"), filters=[nfc],
                        validators=[required_saying(ENTER_EMAIL), _at_most(254),
                                    plain_text(multiline=False, one_script_per_word=False),
                                    email_address],
                        render_kw={"maxlength": 254, "autocomplete": "email", "type": "email",
                                   "inputmode": "email"})
    country = SelectField(_l("Country of residence"), validators=[required], validate_choice=False,
                          widget=CachedSelect(), render_kw={"autocomplete": "country"})
    state = SelectField(_l("State (if you live in the United States)"), validators=[required_if("country", "US")],
                        validate_choice=False, widget=CachedSelect())
    # always answered (it starts on the page's language), so no HTML ``required``: HTML allows
    # that only on a select whose first option is an empty placeholder
    language = SelectField(_l("Language of the answer"), validators=[required], validate_choice=False,
                           render_kw={"required": False})
    message = TextAreaField(_l("How can we help?"), filters=[nfc],
                            validators=[required, _at_most(MESSAGE_MAX), plain_text(multiline=True)],
                            render_kw={"maxlength": MESSAGE_MAX, "rows": 8})
    # the honeypot: invisible, skipped by keyboards and screen readers, filled in only by bots
    website = StringField(render_kw={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"})


def make_help_form(**kwargs: Any) -> HelpForm:
    """A help form in the reader's language, bound to the request's form fields (never its
    files); the answer's language is the page's until the supporter picks another."""
    if "formdata" not in kwargs and has_request_context() and request.method == "POST":
        kwargs["formdata"] = request.form
    form = HelpForm(**kwargs)
    choose = [("", _l("Choose..."))]
    form.country.choices = choose + country_choices()
    form.state.choices = choose + us_state_choices()
    form.language.choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]
    if not form.language.data:
        form.language.data = current_language()
    for field in (form.country, form.state, form.language):
        field.pre_validate = functools.partial(in_choices, field)
    return form


class AnswerForm(FlaskForm):
    """An organizer's answer, sent as typed."""

    body = TextAreaField(_l("Your answer"), filters=[nfc],
                         validators=[required, _at_most(ANSWER_MAX), plain_text(multiline=True)],
                         render_kw={"maxlength": ANSWER_MAX, "rows": 10})
