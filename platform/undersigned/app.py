"""The app factory: a readable sequence of ``configure_*`` steps."""
from __future__ import annotations

import importlib
import logging
import os
import pkgutil
from pathlib import Path
from typing import Any, Mapping

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException

from undersigned import config
from undersigned.api import bp as api_bp
from undersigned.api.cli import api_cli
from undersigned.api.console import bp as api_console_bp
from undersigned.api.webhook_console import bp as api_webhooks_bp
from undersigned.bounces.cli import mail_cli
from undersigned.bounces.views import bp as mail_events_bp
from undersigned.campaigns.cli import campaigns_cli
from undersigned.campaigns.registry import build_registry
from undersigned.captcha.providers import configure_captcha
from undersigned.console.audit import bp as audit_bp
from undersigned.console.campaigns import bp as campaign_console_bp
from undersigned.console.catalog_uploads import bp as catalog_uploads_bp
from undersigned.console.outbox import bp as outbox_bp
from undersigned.console.suppressions import bp as suppressions_bp
from undersigned.console.translations import bp as translations_bp
from undersigned.console.views import bp as console_bp
from undersigned.contract.state import EXTENSION, PlatformState
from undersigned.delivery.cli import log_command
from undersigned.delivery.lookup import channel_blueprints, channel_commands, resolve_channels
from undersigned.delivery.plugin import CHANNELS
from undersigned.extensions import csrf, db, migrate
from undersigned.helpdesk.views import bp as helpdesk_bp
from undersigned.helpdesk.views import console_bp as helpdesk_console_bp
from undersigned.i18n.cli import translations_cli
from undersigned.i18n.locale import configure_i18n
from undersigned.i18n.views import bp as i18n_bp
from undersigned.logformat import JSON, formatter, use_format
from undersigned.mail.cli import outbox_cli
from undersigned.mail.smtp import mail
from undersigned.mail.views import bp as mailbox_bp
from undersigned.mail.worker import start_thread
from undersigned.security.routing import configure_routing
from undersigned.ops.views import bp as health_bp
from undersigned.paging import configure_paging
from undersigned.plugins.loader import create_plugin_manager, load_plugins
from undersigned.privacy.cli import purge_command
from undersigned.privacy.views import bp as privacy_bp
from undersigned.security import keyless
from undersigned.security.headers import configure_headers
from undersigned.security.hosts import configure_hosts
from undersigned.security.limits import configure_limits
from undersigned.security.logs import configure_log_redaction
from undersigned.security.proxy import configure_proxy
from undersigned.security.public_pages import configure_public_pages
from undersigned.sharing.views import bp as sharing_bp
from undersigned.signing.cli import referrals_command, signatures_group
from undersigned.signing.stale_links import bp as stale_links_bp
from undersigned.signing.views import bp as signing_bp
from undersigned.unsubscribe.views import bp as unsubscribe_bp
from undersigned.users.account import bp as account_bp
from undersigned.users.auth import bp as users_bp
from undersigned.users.auth import configure_login
from undersigned.users.cli import users_cli
from undersigned.users.views import bp as access_bp

PACKAGE = Path(__file__).resolve().parent
#: The core's own plugins, registered by dotted name in every app before any campaign plugin:
#: the delivery channels, the captcha providers, the mail transports and the API's webhooks.
CORE_PLUGINS = ("undersigned.delivery.plugin", "undersigned.captcha.plugin", "undersigned.mail.plugin",
                "undersigned.api.plugin")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the platform: config, database, plugins and campaigns, pages, commands."""
    app = Flask("undersigned", instance_path=os.environ.get("FLASK_INSTANCE_PATH") or
                str(Path.cwd() / "instance"), instance_relative_config=True)
    config.load(app, test_config)
    configure_routing(app)
    configure_hosts(app)
    configure_logging(app)
    configure_database(app)
    configure_extensions(app)
    configure_plugins(app)
    configure_i18n(app)
    configure_login(app)
    configure_limits(app)
    configure_captcha(app)
    configure_headers(app)
    configure_public_pages(app)
    configure_paging(app)
    configure_blueprints(app)
    configure_errors(app)
    configure_commands(app)
    configure_outbox_thread(app)
    configure_proxy(app)  # the outermost middleware, so it runs before the language prefix's
    return app


def configure_logging(app: Flask) -> None:
    """Production: INFO and up to stderr, as text or JSON lines (``LOG_FORMAT``); every line redacted."""
    chosen = formatter(app.config["LOG_FORMAT"])
    if not app.debug and not app.testing and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO)
        logging.getLogger().handlers[0].setFormatter(chosen)
    elif app.config["LOG_FORMAT"] == JSON:
        use_format(logging.getLogger().handlers + app.logger.handlers, JSON)
    configure_log_redaction(app)


def configure_database(app: Flask) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE / "migrations"), render_as_batch=True)
    import_models()


def import_models() -> None:
    """Import every ``models`` module of the platform, so migrations and ``create_all`` see every
    table (a package's tables live in its ``models`` module)."""
    for module in pkgutil.walk_packages([str(PACKAGE)], prefix="undersigned."):
        if module.name.rpartition(".")[2] == "models":
            importlib.import_module(module.name)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: WAL so readers never wait for the writer, foreign keys on, wait when busy."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def configure_extensions(app: Flask) -> None:
    configure_request_limits(app)
    mail.init_app(app)  # Flask-Mail, extended in mail/smtp.py
    csrf.init_app(app)


def configure_request_limits(app: Flask) -> None:
    """``MAX_CONTENT_LENGTH`` for every request, unless the view allows more (an upload sets
    ``view.max_content_length``). Registered before CSRF, which reads the body first."""
    @app.before_request
    def allow_larger_uploads() -> None:
        view = app.view_functions.get(request.endpoint or "")
        allowed = getattr(view, "max_content_length", None)
        if allowed:
            request.max_content_length = allowed


def configure_plugins(app: Flask) -> None:
    """A plugin manager per app; every campaign checked; the core's channels and those the
    campaigns use resolved; campaigns' and channels' templates namespaced by slug and name."""
    plugins = create_plugin_manager(CORE_PLUGINS)
    sources, problems, notices = load_plugins(plugins, app.config["CAMPAIGNS_FOLDER"])
    registry = build_registry(app, plugins, sources, problems, notices)
    channels = resolve_channels(plugins, [*CHANNELS, *(c.channel for c in registry.campaigns.values())])
    app.extensions[EXTENSION] = PlatformState(plugins=plugins, campaigns=registry, channels=channels)
    campaign_templates = PrefixLoader(
        {c.slug: FileSystemLoader(str(c.template_folder)) for c in registry.campaigns.values()}, delimiter="/")
    channel_templates = PrefixLoader(
        {c.name: FileSystemLoader(str(c.template_folder)) for c in channels.values() if c.template_folder},
        delimiter="/")
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(PACKAGE / "templates")), campaign_templates,
                                     channel_templates])


def configure_blueprints(app: Flask) -> None:
    app.register_blueprint(api_bp)  # before signing's, so /c/<slug>.json is never a campaign page
    app.register_blueprint(signing_bp)
    app.register_blueprint(stale_links_bp)
    app.register_blueprint(sharing_bp)
    for channel_bp in channel_blueprints(app):
        app.register_blueprint(channel_bp, url_prefix="/c/<slug>")
    app.register_blueprint(privacy_bp)
    app.register_blueprint(helpdesk_bp)
    app.register_blueprint(unsubscribe_bp)
    app.register_blueprint(i18n_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(console_bp)
    app.register_blueprint(helpdesk_console_bp)
    app.register_blueprint(campaign_console_bp)
    app.register_blueprint(translations_bp)
    app.register_blueprint(catalog_uploads_bp)
    app.register_blueprint(access_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(suppressions_bp)
    app.register_blueprint(api_console_bp)
    app.register_blueprint(api_webhooks_bp)
    app.register_blueprint(mail_events_bp)
    app.register_blueprint(health_bp)
    if app.debug:
        app.register_blueprint(mailbox_bp)


def configure_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_template("errors/http.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        return render_template("errors/http.html", error=None), 500


def configure_commands(app: Flask) -> None:
    campaigns_cli.add_command(referrals_command)
    signatures_cli = signatures_group([log_command, purge_command], channel_commands(app))
    for group in (api_cli, campaigns_cli, mail_cli, outbox_cli, signatures_cli, translations_cli, users_cli):
        app.cli.add_command(group)
    keyless.guard_commands(app)


def configure_outbox_thread(app: Flask) -> None:
    """In the dev server, send mail from a thread started with the first request (so the
    reloader's watcher process never sends)."""
    if not app.config["OUTBOX_WORKER_THREAD"]:
        return
    started: list[bool] = []

    @app.before_request
    def start_outbox_worker() -> None:
        if not started:
            started.append(True)
            start_thread(app)
