"""Choosing a console password: long enough, and hard to guess.

zxcvbn estimates how many guesses a password takes, matching it against the lists it ships (the
most common passwords from leaks, words, names, keyboard patterns, dates, repeats, sequences) and
the user's own address. It works offline: nothing is sent anywhere. Every place a password is
chosen (the invitation page, ``flask users create``, ``flask users password``) asks
:func:`weakness`.
"""
from __future__ import annotations

from zxcvbn import zxcvbn

from undersigned.i18n.translate import gettext as _, ngettext

MIN_LENGTH = 10
#: zxcvbn's score from 0 to 4; 3 is "safely unguessable": about 10^10 guesses or more.
MIN_SCORE = 3
#: zxcvbn's time grows with the length; what follows the first 100 characters only adds strength.
CHECKED_LENGTH = 100


def weakness(password: str, email: str = "") -> str | None:
    """Why ``password`` may not be chosen by the user ``email``, in the reader's language; ``None``
    when it is good enough."""
    if len(password) < MIN_LENGTH:
        return ngettext("Please choose a password of at least %(num)d character.",
                        "Please choose a password of at least %(num)d characters.", MIN_LENGTH)
    email = email.strip().lower()
    inputs = [email, email.partition("@")[0], "undersigned"] if email else ["undersigned"]
    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    matches = result["sequence"]
    if len(matches) == 1 and matches[0].get("dictionary_name") == "passwords":
        return _("This password is one of the most common ones, on the lists of passwords leaked "
                 "from other sites. Please choose another.")
    if email and any(m.get("dictionary_name") == "user_inputs" and len(m["token"]) > 3 for m in matches):
        return _("This password contains your e-mail address. Please choose another.")
    return _("This password is too easy to guess: it is built on a common password or word, a "
             "repeat such as aaaa or a sequence such as 1234. Please choose a longer one; four or "
             "five unrelated words make a strong password.")
