"""The data a campaign plugin hands to the core: campaign, recipient, form fields.

Texts here are English msgids; the core translates them with the campaign's own catalog
(its gettext domain) when it shows them. Mark them with :func:`undersigned.contract.N_` so
``flask translations extract`` finds them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Recipient:
    """Who the letter is for, and how it reaches them."""

    name: str
    honorific: str = ""
    title: str = ""
    organization: str = ""
    address: tuple[str, ...] = ()
    email: str | None = None
    contact_form_url: str | None = None

    @property
    def display_name(self) -> str:
        """Honorific and name as the letter (in its own language) writes them."""
        return f"{self.honorific} {self.name}".strip()


@dataclass(frozen=True)
class FormField:
    """A field a campaign adds to the shared signup fields.

    ``type`` is one of :data:`undersigned.campaigns.fields.FIELD_TYPES`. ``required_if`` makes a
    field required only when another field has a given value, e.g. ``("country", "US")``.
    ``in_letter`` says the value is printed in the letter as typed: when the letter is written in
    Latin letters, the form says so and refuses another script.
    """

    name: str
    label: str
    type: str = "text"
    required: bool = True
    required_if: tuple[str, str] | None = None
    max_length: int = 200
    choices: tuple[tuple[str, str], ...] = ()
    description: str = ""
    in_letter: bool = False


@dataclass(frozen=True)
class ParagraphOptions:
    """How long a personal paragraph a campaign lets its signers add to the letter may be:
    ``min_length`` to ``max_length`` characters (when one is written at all) and at most
    ``max_lines`` lines, if given."""

    max_length: int = 1000
    min_length: int = 0
    max_lines: int | None = None


@dataclass(frozen=True)
class Campaign:
    """One campaign as a plugin describes it.

    Templates are looked up as ``<slug>/<name>`` inside ``template_folder``: ``letter.txt`` (the
    delivered letter, plain text), ``letter.html`` (the letter as shown and printed) and
    ``instructions.html`` (what the supporter is asked to do). ``channel`` names a registered
    delivery channel (``email``, ``self_submit``, ``joint`` or a plugin's), checked at load.
    ``letterhead`` holds the lines printed at the head of the letter (its first line as the
    title), or nothing; read it from configuration so organizers can change it without code.
    ``letters_per_hour`` and ``digest`` pace the ``email`` channel: at most that many letters an
    hour to the recipient, or one message a day listing the day's letters.
    ``embed_origins`` names the sites (``https://partner.example.org``) that may frame the
    campaign's widget, besides those in the ``EMBED_ORIGINS`` setting; none: no site may.
    ``personal_paragraph`` lets each signer add a paragraph of their own to the letter (off when
    ``None``); its letter templates place it with ``{{ personal_paragraph }}`` (in ``letter.html``
    inside an element of class ``personal-paragraph``, which keeps its line breaks). Only channels
    that deliver each signer's own letter allow it
    (:attr:`~undersigned.delivery.base.DeliveryChannel.allows_personal_paragraph`).
    """

    slug: str
    title: str
    summary: str
    recipient: Recipient
    channel: str
    template_folder: Path
    fields: tuple[FormField, ...] = ()
    languages: tuple[str, ...] = ("en", "ru", "be")
    letter_language: str = "en"
    subject: str = ""
    goal: int | None = None
    #: Confirmed-signature counts celebrated on the campaign page on the way to the goal.
    milestones: tuple[int, ...] = ()
    opens: dt.date | None = None
    closes: dt.date | None = None
    #: Signing stops (the page says so) without closing the campaign; organizers set it in the
    #: console.
    paused: bool = False
    translations_folder: Path | None = None
    letterhead: tuple[str, ...] = ()
    embed_origins: tuple[str, ...] = ()
    #: Where supporters' help requests go; none: the ``HELP_EMAIL`` setting.
    help_address: str | None = None
    settings: dict[str, str | None] = field(default_factory=dict)
    letters_per_hour: int | None = None
    digest: bool = False
    personal_paragraph: ParagraphOptions | None = None
    #: The campaign starts as a draft: only its organizers see it (the public gets a 404, signing
    #: is refused) until one publishes it in the console. ``flask campaigns new`` writes
    #: campaigns that start so; a campaign without it is published, as plugins written before are.
    draft: bool = False

    def status(self, today: dt.date | None = None) -> Literal["upcoming", "open", "closed"]:
        today = today or dt.date.today()
        if self.opens and today < self.opens:
            return "upcoming"
        if self.closes and today > self.closes:
            return "closed"
        return "open"

    @property
    def is_open(self) -> bool:
        """Whether the campaign takes signatures now: open and not paused."""
        return self.status() == "open" and not self.paused

    def template(self, name: str) -> str:
        """The Jinja name of one of this campaign's templates."""
        return f"{self.slug}/{name}"
