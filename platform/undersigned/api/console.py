"""The API page of a campaign's console: an organizer makes a token for the campaign (its
secret shown once, on the answer to the form; a write token may be allowed to record signatures
its partner has confirmed), sees the campaign's tokens, and revokes them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from undersigned.api import tokens
from undersigned.api.auth import HEADER
from undersigned.api.models import READ, SCOPES, WRITE, ApiToken
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract import Campaign
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.users.auth import requires

bp = Blueprint("api_console", __name__, url_prefix="/console/campaigns/<slug>/api", template_folder="templates")
SCOPE_NAMES = {READ: _l("Read the signatures"), WRITE: _l("Read the signatures and record new ones")}


class TokenForm(FlaskForm):
    label = StringField(_l("Whose token is it?"), description=_l("A name to recognise it by, such as the partner's."),
                        validators=[Optional(), Length(max=100),
                                    Regexp(r"^[^\x00-\x1f\x7f]*$", message=_l("Please use letters, digits and spaces."))])
    scope = SelectField(_l("What it may do"), choices=[SelectChoice(scope, SCOPE_NAMES[scope]) for scope in SCOPES], default=READ)
    may_confirm = BooleanField(_l("The partner confirms each signer's e-mail address itself: a signature it records "
                                  "as confirmed counts at once, without our confirmation e-mail"))

    def validate_may_confirm(self, field: BooleanField) -> None:
        if field.data and self.scope.data != WRITE:
            raise ValidationError(_("Only a token that records new signatures may confirm them: choose “%(scope)s”.",
                                    scope=SCOPE_NAMES[WRITE]))


def _page(campaign: Campaign, form: TokenForm, secret: str | None = None, status: int = 200):
    return render_template("api/console_tokens.html", campaign=campaign, form=form, secret=secret, header=HEADER,
                           tokens=tokens.tokens(campaign.slug), scope_names=SCOPE_NAMES,
                           format_datetime=format_datetime), status


@bp.get("/")
@requires("organize")
def listing(slug: str):
    return _page(campaign_or_404(slug), TokenForm())


@bp.post("/")
@requires("organize")
def create(slug: str):
    """Make a token for this campaign; the answer is the only page that ever shows its secret."""
    campaign = campaign_or_404(slug)
    form = TokenForm()
    if not form.validate():
        return _page(campaign, form, status=400)
    _token, secret = tokens.create([slug], form.scope.data, label=(form.label.data or "").strip(),
                                   created_by=current_user.email, may_confirm=form.may_confirm.data)
    return _page(campaign, TokenForm(formdata=None), secret=secret)


@bp.post("/<int:token_id>/revoke")
@requires("organize")
def revoke(slug: str, token_id: int):
    """Revoke a token of this campaign, if this user organizes every campaign it reaches."""
    campaign_or_404(slug)
    token = db.session.get(ApiToken, token_id)
    if token is None or slug not in token.campaigns:
        abort(404)
    if not all(current_user.can("organize", reached) for reached in token.campaigns):
        abort(403)
    if tokens.revoke(token_id):
        flash(_("The token is revoked: it opens nothing any more."), "success")
    else:
        flash(_("That token was already revoked."), "info")
    return redirect(url_for("api_console.listing", slug=slug))
