"""The plugin contract: every hook a campaign plugin may implement, and what the core promises.

Implement a hook by writing a function (or method) with the hook's name and any of its
arguments, in any order, marked with ``@hookimpl`` from :mod:`undersigned.contract`::

    from undersigned.contract import hookimpl

    @hookimpl
    def undersigned_signature_confirmed(signature, campaign):
        ...

Plugins are loaded when an app is created (``create_app``): every ``undersigned.campaigns`` entry
point, then every folder of ``CAMPAIGNS_FOLDER``. Each app has its own plugin manager,
``app.extensions["undersigned"].plugins``. Hooks are called in pluggy's order: the plugin
registered last first, ``tryfirst`` implementations before and ``trylast`` ones after the others.

Four kinds of hooks:

* **Campaigns** (:func:`undersigned_campaigns`): every plugin is asked, once per app.
* **Providers** (:func:`undersigned_captcha_provider`, :func:`undersigned_delivery_channel`,
  :func:`undersigned_mail_transport`) are ``firstresult``: the first implementation that returns
  something other than ``None`` answers, and the rest are not called. The core's own providers
  (``undersigned.delivery.plugin``, ``undersigned.captcha.plugin``, ``undersigned.mail.plugin``,
  registered by name when an app is created) are ordinary implementations marked ``trylast=True``, so
  a plugin that answers for the same name replaces them; return ``None`` for every other name.
  If two plugins answer the same name, the one registered last wins.
* **Events** (``undersigned_signature_*``, :func:`undersigned_message_sent`) are sent after the
  change they report is committed.
  Every implementation is called, one plugin at a time, through pluggy's own hook caller: hook-call
  monitoring (``pm.add_hookcall_monitoring``) sees each plugin's call, and a ``wrapper=True`` or
  ``hookwrapper=True`` implementation runs around each of them. A plugin that raises is logged
  with its traceback (``undersigned.contract.events``) and skipped: the others are still called
  and the supporter's request or the organizer's command succeeds. Return values are ignored.
  Handlers run inside that request or command: keep them quick and queue slow work.
* **In the transaction** (:func:`undersigned_event_before_commit`, new in contract 1.2): called
  inside the transaction that makes a change, just before it commits, so what a plugin queues there
  commits with the change or not at all. Each plugin's call runs in its own SAVEPOINT: one that
  raises is rolled back alone and logged (its name, the event and the signature's id: no personal
  data), and the change and every other plugin's writes still commit. Never commit or roll back
  inside it.

``docs/plugins.md`` is the narrative guide, with an example per hook. Tests keep the two in step:
every hook here has a heading there with the same signature, and a ``test_hook_<name>``.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import pluggy
from flask import Flask

from undersigned.contract.campaign import Campaign
from undersigned.contract.captcha import CaptchaProvider
from undersigned.contract.channel import DeliveryChannel
from undersigned.contract.mail import MailTransport
from undersigned.contract.records import OutboxRecord, SignatureRecord

PROJECT = "undersigned"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def undersigned_campaigns(config: Mapping[str, Any]) -> Iterable[Campaign] | None:
    """Return the campaigns this plugin provides.

    *When*: once per app, while ``create_app`` runs, before the first request and outside any
    request, app context or transaction. Each plugin is asked on its own, through pluggy's hook
    caller (as events are), so monitoring and wrappers see each call.

    *Arguments*: ``config`` is the app's configuration (every ``FLASK_*`` environment variable
    without its prefix included): read the campaign's own settings from it.

    *Result*: the plugin's :class:`~undersigned.contract.Campaign` objects (any iterable;
    ``None`` or empty for none). The answers of all plugins are combined. Each campaign is checked
    (slug, channel, languages, fields, templates and their placeholders); one that fails is
    reported and not served, and the plugin's other campaigns still are.

    *Raising*: the plugin's campaigns are not served; the error is logged with its traceback and
    listed by ``flask campaigns list`` and ``flask campaigns check --verbose``. Every other
    plugin's campaigns are still served.
    """


@hookspec(firstresult=True)
def undersigned_captcha_provider(name: str, app: Flask) -> CaptchaProvider | None:
    """Return the captcha provider called ``name``, or ``None`` if this plugin has none.

    *When*: while ``create_app`` runs, to check the configured provider, then once per app the
    first time a sign form is shown or checked (the provider is kept for the app's lifetime).
    Called inside the app context, outside any transaction.

    *Arguments*: ``name`` is the ``CAPTCHA_PROVIDER`` setting; ``app`` is the Flask app.

    *Result*: ``firstresult``: the first provider returned is used. The core's ``image``,
    ``altcha``, ``recaptcha``, ``hcaptcha``, ``turnstile`` and ``test`` are ``trylast``
    implementations. If no plugin answers, the app refuses to start.

    *Raising*: the exception propagates: at start the app does not start; later, the page
    answers with the error page (500).
    """


@hookspec(firstresult=True)
def undersigned_delivery_channel(name: str) -> DeliveryChannel | None:
    """Return the :class:`~undersigned.contract.DeliveryChannel` called ``name``, or
    ``None`` if this plugin has none.

    *When*: while ``create_app`` runs, for each campaign's channel (to check the campaign, and to
    register the channel's pages, templates and CLI commands); then whenever the core needs a
    campaign's channel: when a signature is confirmed, **inside** the transaction that confirms
    it (the channel's ``on_confirmed`` may only queue work, such as an outbox e-mail), when the
    outbox worker has sent a message, and on the channel's pages and the thank-you page.

    *Arguments*: ``name`` is a campaign's ``channel``: ``email``, ``self_submit``, ``joint``, or
    a plugin's own.

    *Result*: ``firstresult``: the first channel returned is used. The core's three channels are
    ``trylast`` implementations. A campaign whose channel nobody provides, or whose channel is not
    a ``DeliveryChannel``, is reported and not served.

    *Raising*: the exception propagates: at start the app does not start; while confirming, the
    confirmation is rolled back and the supporter sees the error page (500).
    """


@hookspec(firstresult=True)
def undersigned_mail_transport(name: str, app: Flask) -> MailTransport | None:
    """Return the mail transport called ``name``, or ``None`` if this plugin has none.

    *When*: at the start of each pass of the outbox worker (``flask outbox work`` or the dev
    server's thread), inside the app context, before any message is claimed.

    *Arguments*: ``name`` is the ``MAIL_TRANSPORT`` setting (``mailbox`` or ``smtp`` built in);
    ``app`` is the Flask app.

    *Result*: ``firstresult``: the first transport returned sends the pass's messages. The core's
    ``smtp`` and ``mailbox`` are ``trylast`` implementations. If nobody answers, the pass fails
    and nothing is sent. The worker opens the transport once per batch (``transport.open()``, a
    context manager giving a session) and calls the session's ``send(message)`` for each
    message; subclass ``undersigned.contract.Transport`` to write only ``send``. A ``send``
    that raises only delays that message: the worker retries it with backoff
    (``undersigned.contract.PermanentFailure`` makes it dead at once).

    *Raising*: the pass fails and is logged; no message is claimed or lost, and the next pass
    asks again.
    """


@hookspec
def undersigned_signature_created(signature: SignatureRecord, campaign: Campaign) -> None:
    """A supporter signed; the signature is ``pending`` until they confirm by e-mail.

    *When*: in the sign request, after the transaction that wrote the pending signature and its
    confirmation e-mail is committed. A signature a partner records through the API with a token
    allowed to confirm (contract 1.2) is written ``confirmed``, with no confirmation e-mail: this
    event is then followed at once by :func:`undersigned_signature_confirmed`.

    *Arguments*: ``signature`` (:class:`~undersigned.contract.SignatureRecord`, holding personal
    data in ``fields``) and its ``campaign``.

    *Result and raising*: as for every event (see the module's docstring): ignored; a plugin that
    raises is logged and skipped.
    """


@hookspec
def undersigned_signature_confirmed(signature: SignatureRecord, campaign: Campaign) -> None:
    """A signature was confirmed and now counts.

    *When*: after the transaction that confirms the signature, counts it and runs the channel's
    ``on_confirmed`` is committed (the supporter pressed the button behind the e-mailed link, or a
    partner's token allowed to confirm recorded it).

    *Arguments*: ``signature`` (now ``confirmed``) and its ``campaign``.

    *Result and raising*: as for every event: ignored; a plugin that raises is logged and skipped.
    """


@hookspec
def undersigned_signature_removed(signature: SignatureRecord, campaign: Campaign, reason: str) -> None:
    """A signature stopped counting; it is kept, with its new status, for audit.

    *When*: after the transaction that withdraws or invalidates a pending or confirmed signature
    is committed (for example ``flask signatures invalidate``).

    *Arguments*: ``signature`` (now ``withdrawn`` or ``invalidated``), its ``campaign``, and
    ``reason``: ``"withdrawn"`` or ``"invalidated"``.

    *Result and raising*: as for every event: ignored; a plugin that raises is logged and skipped.
    """


@hookspec
def undersigned_signature_delivered(signature: SignatureRecord, campaign: Campaign) -> None:
    """The letter reached its recipient, or the supporter reported sending it themselves.

    *When*: once per signature, when its campaign's channel says the letter was delivered. In the
    outbox worker, after a message is sent and marked sent (committed), once for each signature
    the channel's ``delivered_signatures(message)`` names (the ``email`` channel's letter, or each
    letter its digest carried); for ``self_submit``,
    after the transaction recording the supporter's "I have sent it" is committed. A ``joint``
    letter is delivered as a whole, so this does not fire per co-signer.

    *Arguments*: ``signature`` and its ``campaign``.

    *Result and raising*: as for every event: ignored; a plugin that raises is logged and skipped
    (the worker still counts the message as sent).
    """


@hookspec
def undersigned_message_sent(message: OutboxRecord, campaign: Campaign | None) -> None:
    """The outbox worker sent an e-mail (new in contract 1.1).

    *When*: in the outbox worker, after the transaction that marks ``message`` sent is committed;
    once per message, whatever its kind. The core's own delivery plugin answers it by firing
    :func:`undersigned_signature_delivered` for each letter the campaign's channel says the message
    delivered.

    *Arguments*: ``message`` (:class:`~undersigned.contract.OutboxRecord`; its addresses and body
    are personal data) and its ``campaign``, or ``None`` for mail that belongs to no campaign (a
    console invitation) or to a campaign no longer served.

    *Result and raising*: as for every event: ignored; a plugin that raises is logged and skipped
    (the worker still counts the message as sent).
    """


@hookspec
def undersigned_event_before_commit(event: str, record: SignatureRecord, campaign: Campaign) -> None:
    """A change to a signature is about to be committed: queue work that must happen if, and
    only if, it commits (new in contract 1.2).

    *When*: inside the transaction that makes the change, after everything else it writes and
    just before it is committed, in the request, command or worker making it. ``event`` is one of:

    - ``"signature.confirmed"``: the signature is confirmed and counted (the supporter confirmed
      by e-mail, or a partner's token allowed to confirm recorded it), after the channel's
      ``on_confirmed``;
    - ``"signature.withdrawn"`` or ``"signature.invalidated"``: it stopped counting;
    - ``"signature.erased"``: its personal data was erased as its signer withdrew it (after
      ``"signature.withdrawn"``, in the same transaction);
    - ``"letter.delivered"``: its letter was delivered, as the campaign's channel says (the outbox
      worker marking the letter or digest sent, a supporter's "I have sent it").

    Other names may be added in later minor versions: ignore the ones you do not know. The event
    hooks (:func:`undersigned_signature_confirmed`...) are still sent after the commit.

    *Arguments*: ``event``; ``record`` (:class:`~undersigned.contract.SignatureRecord`) as it is
    now in the transaction (its personal data already gone for ``signature.erased``); its
    ``campaign``.

    *Result and raising*: ignored. Each plugin is called in its own SAVEPOINT
    (``db.session.begin_nested()``), through pluggy's hook caller as events are. A plugin that
    raises is rolled back to its savepoint, so what it wrote there is undone, and logged with its
    name, the event, the signature's id, the exception's type and where it was raised (never its
    message, which may hold personal data); the change and every other plugin's writes still commit. Write
    with ``db.session`` (``undersigned.extensions.db``) and never commit or roll back: the caller
    commits. A commit inside is refused (it raises, as if the plugin had); a rollback would undo the
    change itself, so the request or command fails. Keep it quick and never call out (no HTTP, no
    SMTP): the transaction stays open while it runs.
    """
