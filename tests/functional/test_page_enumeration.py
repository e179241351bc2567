"""The page sweep's list of pages (tests/support/pages.py) takes in a new public page by itself
and reports one whose arguments it cannot fill in. Kept apart from the sweep: this test's own app
would empty the shared PostgreSQL database under the sweep's module-wide site."""
from __future__ import annotations

import pytest

from tests.support.pages import unaccounted_rules


@pytest.mark.own_app  # it adds pages
def test_a_new_page_is_swept_by_itself_and_one_it_cannot_fill_in_is_reported(app):
    app.add_url_rule("/c/<slug>/poster", "poster", lambda slug: "")
    app.add_url_rule("/c/<slug>/poster/<int:size>", "sized_poster", lambda slug, size: "")
    app.add_url_rule("/console/new", "console_new", lambda: "")
    assert unaccounted_rules(app) == ["/c/<slug>/poster/<int:size> (sized_poster)"]
