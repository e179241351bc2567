"""A campaign's bounce and complaint rates, beside the thresholds mail services enforce.

The bounce rate counts permanent bounces (the address does not exist), as the services do, over
the messages handed to the mail server: those it took (sent) and those it refused while sending.
Above about 5 % bounces or 0.1 % complaints a service reviews or stops the sender, and mailbox
providers send the platform's mail to spam: the console warns above :data:`BOUNCE_WARNING` and
:data:`COMPLAINT_WARNING`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.mail.models import SENT, WITHHELD, OutboxMessage
from undersigned.suppression.models import BOUNCE, COMPLAINT, Bounce

BOUNCE_WARNING = 0.05
COMPLAINT_WARNING = 0.001


@dataclass(frozen=True)
class Rates:
    """One campaign's mail: how much was handed to the server, and what came back."""

    handed: int
    bounces: int
    soft_bounces: int
    complaints: int
    withheld: int

    @property
    def bounce_rate(self) -> float:
        return self.bounces / self.handed if self.handed else 0.0

    @property
    def complaint_rate(self) -> float:
        return self.complaints / self.handed if self.handed else 0.0

    @property
    def too_many_bounces(self) -> bool:
        return self.bounce_rate > BOUNCE_WARNING

    @property
    def too_many_complaints(self) -> bool:
        return self.complaint_rate > COMPLAINT_WARNING


def campaign_rates(slug: str) -> Rates:
    """The rates of campaign ``slug``'s mail, over all of it."""
    statuses = dict(db.session.execute(
        select(OutboxMessage.status, func.count()).where(OutboxMessage.campaign == slug,
                                                         OutboxMessage.status.in_((SENT, WITHHELD)))
        .group_by(OutboxMessage.status)).all())
    reported = db.session.execute(
        select(Bounce.kind, Bounce.permanent, Bounce.source, func.count(Bounce.outbox_id.distinct()))
        .where(Bounce.campaign == slug).group_by(Bounce.kind, Bounce.permanent, Bounce.source)).all()
    counts = {(kind, permanent): 0 for kind in (BOUNCE, COMPLAINT) for permanent in (True, False)}
    refused = 0
    for kind, permanent, source, count in reported:
        counts[kind, bool(permanent)] += count
        refused += count if source == "smtp" else 0
    return Rates(handed=statuses.get(SENT, 0) + refused, bounces=counts[BOUNCE, True],
                 soft_bounces=counts[BOUNCE, False], complaints=counts[COMPLAINT, True] + counts[COMPLAINT, False],
                 withheld=statuses.get(WITHHELD, 0))
