"""Form field types a campaign may use, the shared signup fields every campaign gets, and the
names a letter template may use."""
from __future__ import annotations

from typing import Any, Mapping

from undersigned.contract import Campaign, FormField, ParagraphOptions
from undersigned.i18n import N_
from undersigned.i18n.transliteration import suggest_letter_name, writes_latin

FIELD_TYPES = frozenset({"text", "textarea", "email", "select", "country", "us_state", "checkbox"})

FIRST_NAME = FormField("first_name", N_("First name"), max_length=100)
LAST_NAME = FormField("last_name", N_("Last name"), max_length=100)
EMAIL = FormField("email", N_("E-mail address"), type="email", max_length=254)
SHARED_FIELDS: tuple[FormField, ...] = (FIRST_NAME, LAST_NAME, EMAIL)
#: Asked after the name when the letter is written in Latin letters (a letter in English carries
#: the signer's name as they spell it in Latin letters, not in Cyrillic).
LETTER_NAME = FormField(
    "letter_name", N_("Your name as it should appear in the letter"), max_length=200, in_letter=True,
    description=N_("We suggest a spelling as in a passport while you type your name: change it if "
                   "you spell your name differently."))
#: The name of the personal paragraph's field and of its letter placeholder.
PERSONAL_PARAGRAPH = "personal_paragraph"

US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", N_("Alabama")), ("AK", N_("Alaska")), ("AZ", N_("Arizona")), ("AR", N_("Arkansas")),
    ("CA", N_("California")), ("CO", N_("Colorado")), ("CT", N_("Connecticut")), ("DE", N_("Delaware")),
    ("DC", N_("District of Columbia")), ("FL", N_("Florida")), ("GA", N_("Georgia")), ("HI", N_("Hawaii")),
    ("ID", N_("Idaho")), ("IL", N_("Illinois")), ("IN", N_("Indiana")), ("IA", N_("Iowa")), ("KS", N_("Kansas")),
    ("KY", N_("Kentucky")), ("LA", N_("Louisiana")), ("ME", N_("Maine")), ("MD", N_("Maryland")),
    ("MA", N_("Massachusetts")), ("MI", N_("Michigan")), ("MN", N_("Minnesota")), ("MS", N_("Mississippi")),
    ("MO", N_("Missouri")), ("MT", N_("Montana")), ("NE", N_("Nebraska")), ("NV", N_("Nevada")),
    ("NH", N_("New Hampshire")), ("NJ", N_("New Jersey")), ("NM", N_("New Mexico")), ("NY", N_("New York")),
    ("NC", N_("North Carolina")), ("ND", N_("North Dakota")), ("OH", N_("Ohio")), ("OK", N_("Oklahoma")),
    ("OR", N_("Oregon")), ("PA", N_("Pennsylvania")), ("RI", N_("Rhode Island")), ("SC", N_("South Carolina")),
    ("SD", N_("South Dakota")), ("TN", N_("Tennessee")), ("TX", N_("Texas")), ("UT", N_("Utah")),
    ("VT", N_("Vermont")), ("VA", N_("Virginia")), ("WA", N_("Washington")), ("WV", N_("West Virginia")),
    ("WI", N_("Wisconsin")), ("WY", N_("Wyoming")), ("AS", N_("American Samoa")), ("GU", N_("Guam")),
    ("MP", N_("Northern Mariana Islands")), ("PR", N_("Puerto Rico")), ("VI", N_("U.S. Virgin Islands")),
)


def all_fields(campaign: Campaign) -> tuple[FormField, ...]:
    """The shared fields (with :data:`LETTER_NAME` where :func:`asks_letter_name`), the
    campaign's own, and the personal paragraph where the campaign allows one."""
    shared = (FIRST_NAME, LAST_NAME, LETTER_NAME, EMAIL) if asks_letter_name(campaign) else SHARED_FIELDS
    own = (personal_paragraph_field(campaign.personal_paragraph),) if campaign.personal_paragraph else ()
    return shared + campaign.fields + own


def personal_paragraph_field(options: ParagraphOptions) -> FormField:
    """The optional paragraph of the signer's own, printed in the letter as typed."""
    return FormField(PERSONAL_PARAGRAPH, N_("Your own paragraph (optional)"), type="textarea", required=False,
                     max_length=options.max_length, in_letter=True,
                     description=N_("A few words of your own, added to the letter above your name."))


def asks_letter_name(campaign: Campaign) -> bool:
    """Whether the form asks for :data:`LETTER_NAME`: where the letter is written in Latin
    letters, unless the campaign has a field of that name of its own (written before the
    platform asked; its name stays the campaign's, and the letter's name is then suggested)."""
    own = any(field.name == LETTER_NAME.name for field in campaign.fields)
    return writes_latin(campaign.letter_language) and not own


def letter_name(campaign: Campaign, values: Mapping[str, Any]) -> str:
    """The signer's name as ``campaign``'s letter carries it: the spelling they gave a letter in
    Latin letters (suggested, for a signature made before the form asked, or where the form
    does not ask), else first and last name."""
    first, last = str(values.get("first_name") or ""), str(values.get("last_name") or "")
    if asks_letter_name(campaign):
        return str(values.get(LETTER_NAME.name) or "") or suggest_letter_name(first, last)
    if writes_latin(campaign.letter_language):
        return suggest_letter_name(first, last)
    return " ".join(filter(None, (first, last)))


#: What a letter template may use besides the form's fields; ``signing.letter.letter_context``
#: provides exactly these and the fields, and the campaign checks refuse any other name.
LETTER_CONTEXT = ("campaign", "recipient", "today", "signatories")


#: What the sign form posts besides the fields: its CSRF token, the "show my name" box, the
#: invisible field bots fill in, the preview button and the core captchas' answers.
HONEYPOT = "website"
FORM_NAMES = ("csrf_token", "public_name", HONEYPOT, "preview", "captcha_token", "captcha_answer",
              "altcha")
#: The names a campaign's own field may not take, each with the reason an organizer is told.
#: Frozen: each was already the platform's when the plugin contract was first documented (the
#: sign form posted it, the letter had it, or the form object has it), so no field of that name
#: ever worked. A name the platform needs later is kept apart from the fields instead (the
#: export heads them ``field:<name>``), never added here: that would refuse a plugin that loads.
RESERVED_FIELD_NAMES: dict[str, str] = {
    **{name: "a name the sign form already posts" for name in FORM_NAMES},
    **{name: "a name every letter template already has" for name in LETTER_CONTEXT},
    **{name: "an attribute of the form itself" for name in (
        "data", "errors", "form_errors", "meta", "validate", "process", "populate_obj", "hidden_tag")},
}


def letter_placeholders(campaign: Campaign) -> frozenset[str]:
    """Every name ``campaign``'s letter templates may use: each field's (shared and the
    campaign's) and :data:`LETTER_CONTEXT`."""
    return frozenset(f.name for f in all_fields(campaign)) | frozenset(LETTER_CONTEXT)
