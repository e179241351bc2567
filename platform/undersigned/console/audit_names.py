"""What the audit log page says for each entry: the action in words ("Console user created", not
``user.create``), who did it ("command line", not ``cli``) and its details with their subjects
named (a console user by their address, not "user: 3"). Names no one gave stay as recorded."""
from __future__ import annotations

from typing import Any, Mapping

from undersigned.audit.log import CLI, VISITOR
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l

ACTIONS = {
    "api.signature_confirmed_by_partner": _l("Signature recorded through the API, confirmed by the partner"),
    "api.signatures_read": _l("Signatures read through the API"), "api.token_created": _l("API token made"),
    "api.token_revoked": _l("API token revoked"), "api.webhook_added": _l("Webhook added"),
    "api.webhook_changed": _l("Webhook changed"), "api.webhook_disabled": _l("Webhook switched off after failing for days"),
    "api.webhook_removed": _l("Webhook removed"),
    "block.add": _l("Blocked a domain or IP hash"), "block.remove": _l("Unblocked a domain or IP hash"),
    "cosigner.approve": _l("Co-signer approved"), "cosigner.move": _l("Co-signer moved in the letter's order"),
    "cosigner.reject": _l("Co-signer rejected"), "cosigner.restore": _l("Co-signer's rejection undone"),
    "help.answer": _l("Help request answered"), "help.close": _l("Help request closed"),
    "help.reopen": _l("Help request reopened"), "letter.freeze": _l("Joint letter version frozen"),
    "letter.deliver": _l("Joint letter delivered"), "mail.suppressed": _l("Address suppressed"),
    "mail.suppression_lifted": _l("Suppression lifted"), "mail.bounces_purged": _l("Old bounce reports deleted"),
    "outbox.purge": _l("Old outbox messages deleted"), "outbox.retry": _l("Dead message queued again"),
    "settings.change": _l("Campaign settings changed"), "signature.invalidate": _l("Signature removed"),
    "signature.restore": _l("Signature's removal undone"), "signature.reveal": _l("Signer's address shown in full"),
    "signature.approve": _l("Co-signer approved"), "signatures.digest": _l("Daily digest sent"),
    "signatures.export": _l("Signatures exported"), "signatures.lookup": _l("Signature looked up by address"),
    "signatures.purge": _l("Personal data of old signatures deleted"),
    "signatures.remind": _l("Reminders queued"), "translation.save": _l("Translation saved"),
    "translation.upload": _l("Catalog replaced by an upload"),
    "translation.upload_undo": _l("Catalog upload undone"), "user.create": _l("Console user created"),
    "user.disable": _l("Console user disabled"), "user.enable": _l("Console user enabled"),
    "user.grants": _l("Campaigns granted changed"), "user.invite": _l("Console user invited"),
    "user.invite_revoke": _l("Invitation withdrawn"),
    "user.login": _l("Signed in"), "user.login.failed": _l("Failed sign-in"), "user.logout": _l("Signed out"),
    "user.password": _l("Password set"), "user.roles": _l("Roles changed"),
}
DETAILS = {"user": _l("console user"), "signature": _l("signature"), "reason": _l("reason"),
           "found": _l("signature found"), "statuses": _l("statuses"), "roles": _l("roles"),
           "campaigns": _l("campaigns"), "value": _l("value"), "kind": _l("kind"), "count": _l("count"),
           "batch": _l("in a batch"), "request": _l("help request"), "version": _l("version"),
           "token": _l("API token"), "scope": _l("scope"), "may_confirm": _l("may confirm signatures"),
           "page": _l("page"), "signatures": _l("signatures"), "endpoint": _l("webhook"), "events": _l("events"),
           "url_changed": _l("address changed"),
           "domain": _l("catalog"), "locale": _l("language"), "entry": _l("entry"),
           "changed": _l("translations changed"), "added": _l("translations added"),
           "removed": _l("translations removed or emptied"), "messages": _l("entries in the file")}


def action_name(action: str) -> str:
    """The action in words, or as recorded if it has none."""
    return str(ACTIONS[action]) if action in ACTIONS else action


def actor_name(actor: str) -> str:
    """Who acted: a console user's address, "command line" or "a visitor (not signed in)"."""
    if actor == CLI:
        return _("command line")
    if actor == VISITOR:
        return _("a visitor (not signed in)")
    return actor


def details_text(details: Mapping[str, Any], users: Mapping[int, str]) -> str:
    """The details as "name: value; ...", a console user named by their address (``users``)."""
    parts = []
    for key, value in sorted(details.items()):
        if key == "user" and value in users:
            value = users[value]
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, (list, tuple)):
            value = ", ".join(map(str, value))
        parts.append(f"{DETAILS.get(key, key)}: {value}")
    return "; ".join(parts)

