"""A campaign's progress: the goal, the last milestone reached and the next one."""
from __future__ import annotations

from pathlib import Path

from undersigned.contract import Campaign, Recipient
from undersigned.signing.progress import progress


def campaign(goal=None, milestones=()) -> Campaign:
    recipient = Recipient(name="R")
    return Campaign(slug="c", title="T", summary="S", recipient=recipient, channel="email",
                    template_folder=Path("."), goal=goal, milestones=milestones)


def test_milestones_reached_and_next_in_order_whatever_order_they_are_given():
    p = progress(campaign(5000, (2500, 1000, 5000)), 1234)
    assert (p.count, p.goal, p.reached, p.next, p.bar_value) == (1234, 5000, 1000, 2500, 1234)


def test_a_milestone_is_reached_at_its_exact_count():
    assert progress(campaign(None, (10, 20)), 10).reached == 10
    assert progress(campaign(None, (10, 20)), 9).reached is None


def test_past_the_last_milestone_and_the_goal_nothing_is_next_and_the_bar_is_full():
    p = progress(campaign(100, (50, 100)), 130)
    assert (p.reached, p.next, p.bar_value) == (100, None, 100)


def test_no_goal_and_no_milestones():
    p = progress(campaign(), 7)
    assert (p.goal, p.reached, p.next, p.bar_value) == (None, None, None, 7)
