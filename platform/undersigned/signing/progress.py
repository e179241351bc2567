"""How far a campaign has come: its confirmed count against its goal and milestones."""
from __future__ import annotations

from dataclasses import dataclass

from undersigned.contract import Campaign


@dataclass(frozen=True)
class Progress:
    """``count`` confirmed signatures; the ``goal`` (if any), the last milestone ``reached``
    and the ``next`` one still ahead (if any)."""

    count: int
    goal: int | None
    reached: int | None
    next: int | None

    @property
    def bar_value(self) -> int:
        """The count as the progress bar shows it: never past the goal."""
        return min(self.count, self.goal) if self.goal else self.count


def progress(campaign: Campaign, count: int) -> Progress:
    """``campaign``'s progress at ``count`` confirmed signatures."""
    milestones = sorted(set(m for m in campaign.milestones if m > 0))
    reached = [m for m in milestones if m <= count]
    ahead = [m for m in milestones if m > count]
    return Progress(count=count, goal=campaign.goal or None,
                    reached=reached[-1] if reached else None, next=ahead[0] if ahead else None)
