"""The bars of a campaign's charts, kept as its signatures change: a confirmation adds one to
the bar of its day, hour, country, US state, language and referral code, a confirmed
signature's removal takes one away, each in the transaction that changes the signature. Charts
read these few rows (:mod:`undersigned.campaigns.counters`), never the signatures; :func:`recount`
rebuilds them (and the totals kept from signatures) from the rows after an import or a repair.
"""
from __future__ import annotations

import datetime as dt

from undersigned.campaigns import counters
from undersigned.contract import Campaign, utcnow
from undersigned.signing import statistics
from undersigned.signing.models import Signature

DAY, HOUR, COUNTRY, US_STATE, LANGUAGE, REFERRAL = "day", "hour", "country", "us_state", "language", "referral"
#: The charts drawn by the value of the campaign's first form field of a type (the type's name).
FIELD_CHARTS = (COUNTRY, US_STATE)
#: The window in which a surge switches the signatures chart to hours.
SURGE_WINDOW = dt.timedelta(hours=48)
#: A surge: at least this many confirmed signatures made in the window...
SURGE_MINIMUM = 100
#: ...and at least this share of all of them.
SURGE_SHARE = 0.5

Counts = list[tuple[str, int]]


def count(signature: Signature, campaign: Campaign, delta: int) -> None:
    """Add ``delta`` (1 when ``signature`` is confirmed, -1 when a confirmed one is removed) to
    its bars and to the confirmed total, inside the caller's transaction."""
    counters.add(campaign.slug, counters.CONFIRMED, delta)
    counters.tally(campaign.slug, keys_of(signature, campaign), delta)


def keys_of(signature: Signature, campaign: Campaign) -> dict[str, str]:
    """The bar of each chart that ``signature`` counts in (none for a field it left empty)."""
    keys = {DAY: day_key(signature.created_at), HOUR: hour_key(signature.created_at),
            LANGUAGE: signature.locale}
    if signature.referral:
        keys[REFERRAL] = signature.referral
    for kind in FIELD_CHARTS:
        name = field_of_type(campaign, kind)
        value = signature.fields.get(name) if name else None
        if value not in (None, ""):
            keys[kind] = str(value)
    return keys


def field_of_type(campaign: Campaign, kind: str) -> str | None:
    """The name of ``campaign``'s first form field of type ``kind`` (a campaign names its own
    fields: a ``country`` field may be a select of anything), ``None`` if it has none."""
    return next((field.name for field in campaign.fields if field.type == kind), None)


def day_key(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d}"


def hour_key(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H}:00"


def recount(campaign: Campaign) -> int:
    """Rebuild ``campaign``'s confirmed and reported-sent totals and every bar of its charts from
    its signatures (grouped in the database), inside the caller's transaction; the confirmed
    total."""
    slug = campaign.slug
    charts = {DAY: statistics.per_day(slug), HOUR: statistics.per_hour(slug),
              LANGUAGE: statistics.by_language(slug), REFERRAL: statistics.by_referral(slug)}
    for kind in FIELD_CHARTS:
        name = field_of_type(campaign, kind)
        charts[kind] = statistics.by_field(slug, name) if name else []
    confirmed = statistics.confirmed(slug)
    counters.replace(slug, {counters.CONFIRMED: confirmed, counters.REPORTED_SENT: statistics.reported_sent(slug)},
                     charts)
    return confirmed


def per_day(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the UTC day they were made, oldest first."""
    return counters.bars(slug, DAY)


def per_hour(slug: str, since: dt.datetime) -> Counts:
    """Confirmed signatures of ``slug`` by the UTC hour they were made, from the hour of ``since`` on."""
    return counters.bars(slug, HOUR, since=hour_key(since))


def most(slug: str, chart: str, limit: int | None = None) -> Counts:
    """The bars of ``chart`` (language, referral, a field's), most first (the first ``limit``)."""
    return counters.bars(slug, chart, limit=limit, by_count=True)


def surging(slug: str, now: dt.datetime | None = None) -> bool:
    """Whether the last 48 hours hold a surge of ``slug``'s confirmed signatures."""
    latest = sum(n for _hour, n in per_hour(slug, (now or utcnow()) - SURGE_WINDOW))
    return latest >= SURGE_MINIMUM and latest >= SURGE_SHARE * counters.confirmed_count(slug)
