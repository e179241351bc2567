"""A campaign's charts: server-drawn SVG (pygal), each followed on the page by its numbers as a
table, so they read without JavaScript and with a screen reader."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pygal
from babel import Locale
from flask import Response, abort, render_template, request
from pygal.style import Style

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import Campaign, utcnow
from undersigned.i18n.locale import LANGUAGE_NAMES, current_language
from undersigned.i18n.translate import gettext as _
from undersigned.signing import statistics
from undersigned.signing.referrals import referrals_of
from undersigned.users.auth import requires

SCRIPT = re.compile(rb"<script.*?</script>", re.S)
CHARTS = ("signatures", "countries", "states", "languages", "referrals")
#: Dark bars on white: contrast well above WCAG's 3:1 for graphics.
STYLE = Style(background="white", plot_background="white", foreground="#1a1a1a",
              foreground_strong="#1a1a1a", foreground_subtle="#595959", colors=("#1f4e79",),
              font_family="sans-serif")


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    label: str
    counts: list[tuple[str, int]]


def chart(campaign: Campaign, name: str, by: str) -> Chart:
    """The numbers of chart ``name`` of ``campaign`` (``by`` day or hour for signatures)."""
    slug = campaign.slug
    if name == "signatures" and by == "hour":
        counts = statistics.per_hour(slug, utcnow() - statistics.SURGE_WINDOW)
        return Chart(name, _("Confirmed signatures per hour, last 48 hours (UTC)"), _("Hour"), counts)
    if name == "signatures":
        return Chart(name, _("Confirmed signatures per day (UTC)"), _("Day"), statistics.per_day(slug))
    if name == "countries":
        territories = Locale.parse(current_language()).territories
        counts = [(territories.get(code, code), n) for code, n in _by_field_of_type(campaign, "country")]
        return Chart(name, _("Confirmed signatures by country"), _("Country"), counts)
    if name == "states":
        return Chart(name, _("Confirmed signatures by US state"), _("State"),
                     _by_field_of_type(campaign, "us_state"))
    if name == "languages":
        counts = [(LANGUAGE_NAMES.get(code, code), n) for code, n in statistics.by_language(slug)]
        return Chart(name, _("Confirmed signatures by language"), _("Language"), counts)
    if name == "referrals":
        counts = [(r.code, r.confirmed) for r in referrals_of(slug)]
        return Chart(name, _("Confirmed signatures by referral code"), _("Referral code"), counts)
    abort(404)


def _by_field_of_type(campaign: Campaign, kind: str) -> statistics.Counts:
    """Counts by the campaign's first field of type ``kind`` (its name is the campaign's own:
    a ``country`` field may be a select of anything), none if it has no such field."""
    field = next((field for field in campaign.fields if field.type == kind), None)
    return statistics.by_field(campaign.slug, field.name) if field else []


def _grouping(slug: str) -> str:
    """``day`` or ``hour``, as asked, else ``hour`` when the last 48 hours hold a surge."""
    asked = request.args.get("by")
    if asked in ("day", "hour"):
        return asked
    return "hour" if statistics.surging(slug) else "day"


@bp.get("/charts")
@requires("organize")
def charts(slug: str):
    campaign = campaign_or_404(slug)
    by = _grouping(slug)
    return render_template("console/campaigns/charts.html", campaign=campaign, by=by,
                           charts=[chart(campaign, name, by) for name in CHARTS])


@bp.get("/charts/<name>.svg")
@requires("organize")
def chart_svg(slug: str, name: str):
    campaign = campaign_or_404(slug)
    if name not in CHARTS:
        abort(404)
    return Response(render_svg(chart(campaign, name, _grouping(slug))), mimetype="image/svg+xml")


def render_svg(data: Chart) -> bytes:
    """``data`` as a bar chart (horizontal for categories), an SVG without scripts."""
    over_time = data.name == "signatures"
    kind = pygal.Bar if over_time else pygal.HorizontalBar
    drawing = kind(style=STYLE, js=[], show_legend=False, title=data.title, width=800,
                   height=400 if over_time else max(200, 40 + 28 * len(data.counts)),
                   x_label_rotation=45 if over_time else 0, show_minor_x_labels=False,
                   no_data_text=_("No confirmed signatures yet"), disable_xml_declaration=False)
    labels = [label for label, _count in data.counts]
    drawing.x_labels = labels
    if over_time and len(labels) > 24:
        drawing.x_labels_major_every = len(labels) // 12
    drawing.add(data.label, [count for _label, count in data.counts])
    # pygal always embeds its (interactive) configuration as a script; a picture needs none
    return SCRIPT.sub(b"", drawing.render())
