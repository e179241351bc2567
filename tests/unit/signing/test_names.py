"""Names a person can see (signing.validators.visible, a_name): a name made only of invisible or
blank characters never reaches a letter (a blank co-signer block), a name needs a letter, and
invisible format characters around a real name are dropped; every name field: first and last
name, the letter's name, a co-signer's block, the help form's name."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.helpdesk import IVAN, ask, counts
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature

STATE, SENATE = "belarus_state_dept", "belarus_senate"

#: Values that show nothing, or only a blank, in a letter.
INVISIBLE = {
    "braille-blank": "\u2800",
    "braille-blanks-and-spaces": "\u2800 \u2800\u3000",
    "right-to-left-mark": "\u200f",
    "direction-marks": "\u200e\u200f\u061c",
    "hangul-filler": "\u3164",
    "hangul-jamo-fillers": "\u115f\u1160",
    "halfwidth-hangul-filler": "\uffa0",
    "soft-hyphen": "\u00ad",
    "mongolian-vowel-separator": "\u180e",
    "invisible-separator": "\u2063",
    "tag-characters": "\U000e0041\U000e0042",
    "zero-width-joiner": "\u200d",
    "combining-grapheme-joiner": "\u034f",
    "no-break-spaces": "\u00a0\u202f",
}
#: Visible, but not a name.
NO_LETTER = {"digits": "12345", "dashes": "---", "full-stop": ".", "emoji": "\U0001F33B"}


def written(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def refused(app, response, field: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, (field, response.status_code)
    assert written(app) == (0, 0)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'id="{field}-error"' in html, field
    return summary


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_a_name_made_only_of_invisible_characters_is_refused(app, client, field, value):
    response = sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, **{field: value}))
    summary = refused(app, response, field)
    empty = {"first_name": "Enter your first name.", "last_name": "Enter your last name."}[field]
    assert empty in summary or "Please write a name with at least one letter." in summary


def letter_name_signed(app) -> str:
    with app.app_context():
        return db.session.scalars(select(Signature)).one().fields["letter_name"]


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_letter_name_is_refused_or_left_to_the_name_typed(app, client, value):
    """Blank once its invisible characters go, the letter's name is the name typed, spelled in
    Latin letters (as when it is left empty); what stays and is no name is refused."""
    response = sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, letter_name=value))
    if response.status_code == 302:
        assert letter_name_signed(app) == "Jane Doe"
    else:
        assert "Please write a name with at least one letter." in refused(app, response, "letter_name")


@pytest.mark.parametrize("field", ["title", "organization"])
@pytest.mark.parametrize("value", ["\u2800\u2800", "\u200f", "\u3164 \u3164"], ids=["braille", "rlm", "fillers"])
def test_a_co_signers_block_cannot_be_left_blank(app, client, field, value):
    response = sign(client, app, SENATE, **dict(SENATE_SIGNER, **{field: value}))
    refused(app, response, field)
    signed = sign(client, app, SENATE, **dict(SENATE_SIGNER, letter_name=value))
    assert signed.status_code == 302 and letter_name_signed(app) == "Ada Lovelace"


@pytest.mark.parametrize("value", NO_LETTER.values(), ids=NO_LETTER.keys())
def test_a_name_needs_a_letter(app, client, value):
    response = sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, first_name=value))
    assert "Please write a name with at least one letter." in refused(app, response, "first_name")


def test_invisible_format_characters_around_a_real_name_are_dropped(app, client):
    response = sign(client, app, SENATE, **dict(SENATE_SIGNER, first_name="\u200fAda\u00ad", last_name="Love\u2063lace",
                                                letter_name="\u2800Ada Lovelace\u3164", title="\u200eState Senator"))
    assert response.status_code == 302
    with app.app_context():
        fields = db.session.scalars(select(Signature)).one().fields
    assert (fields["first_name"], fields["last_name"], fields["letter_name"], fields["title"]) == (
        "Ada", "Lovelace", "Ada Lovelace", "State Senator")


def test_names_in_every_script_still_pass(app, client):
    for number, (first, last) in enumerate([("Святлана", "Ціханоўская"), ("محمد", "علي"), ("王", "小明"),
                                            ("Zoë", "O'Neil-Smith"), ("Ng", "Ng")]):
        signer = dict(STATE_DEPT_SIGNER, first_name=first, last_name=last, letter_name="Jane Doe",
                      email=f"script{number}@example.org")
        assert sign(client, app, STATE, **signer).status_code == 302, first


@pytest.mark.parametrize("value", ["\u2800", "\u200f\u200e", "\u3164", "12345"], ids=["braille", "marks", "filler", "digits"])
def test_the_help_forms_name_follows_the_same_rules(app, client, value):
    response = ask(client, app, **dict(IVAN, name=value))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="name-error"' in html
    assert counts(app) == (0, 0, 0)
