"""Every console page asks for one permission, and gets it right for every kind of user.

The test walks every rule under ``/console`` (so pages added later are covered without touching
it): a page whose view declares no permission (``users.auth.requires`` sets ``view.permission``)
fails it. Each page is requested as an anonymous visitor (sent to sign in), a translator, an
organizer granted campaign A only, an organizer granted nothing and an admin; with a ``slug``
argument, once for a granted campaign and once for one not granted; each also under a language
prefix (``/ru/console/...``). The expected answer comes
from the permission table (``users.models.PERMISSIONS``) and the grants: allowed is neither 403
nor a redirect to the sign-in page; refused is 403. The app-wide CSRF check is off here, so POSTs reach the permission check.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from werkzeug.routing import FloatConverter, IntegerConverter

from tests.support.clients import client_at
from tests.support.console import create_user, login
from undersigned.users.models import PERMISSIONS

#: The pages that are how one gets in (or out): open to everyone by design.
SIGN_IN_ENDPOINTS = {"users.login", "users.login_code", "users.logout", "access.accept_invitation"}
GRANTED, NOT_GRANTED = "belarus_senate", "belarus_state_dept"
#: Plausible values for URL arguments other than ``slug``, by converter (an unknown name or id
#: may answer 404: still past the permission check).
BY_CONVERTER = {IntegerConverter: "1", FloatConverter: "1.0"}


@dataclass(frozen=True)
class Actor:
    name: str
    role: str | None = None
    grants: tuple[str, ...] = ()

    def allowed(self, permission: str, slug: str | None) -> bool:
        if self.role is None or self.role not in PERMISSIONS[permission]:
            return False
        return slug is None or self.role == "admin" or slug in self.grants


ACTORS = [Actor("anonymous"), Actor("translator", "translator"),
          Actor("organizer of A", "organizer", (GRANTED,)), Actor("organizer of nothing", "organizer"),
          Actor("admin", "admin")]


def console_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/console") and rule.endpoint not in SIGN_IN_ENDPOINTS]


def paths(rule) -> list[tuple[str, str | None]]:
    """(path, slug) for each way this test fills ``rule``'s arguments."""
    slugs = [GRANTED, NOT_GRANTED] if "slug" in rule.arguments else [None]
    result = []
    for slug in slugs:
        path = rule.rule
        for argument, converter in rule._converters.items():
            value = slug if argument == "slug" else next(
                (v for kind, v in BY_CONVERTER.items() if isinstance(converter, kind)), "x")
            path = path.replace(f"<{_spec(rule, argument)}>", value)
        result.append((path, slug))
    return result


def _spec(rule, argument: str) -> str:
    """The ``<converter:name>`` text of ``argument`` in ``rule`` (``int:user_id``, ``slug``)."""
    start = rule.rule.index(argument + ">")
    return rule.rule[rule.rule.rindex("<", 0, start) + 1:start + len(argument)]


@pytest.fixture
def app(tmp_path, monkeypatch):
    from tests.conftest import make_app
    return make_app(tmp_path, monkeypatch, WTF_CSRF_CHECK_DEFAULT=False, RATELIMIT_ENABLED=False)


def undeclared(app) -> list[str]:
    """The console endpoints whose view declares no known permission."""
    return sorted(rule.endpoint for rule in console_rules(app)
                  if getattr(app.view_functions[rule.endpoint], "permission", None) not in PERMISSIONS)


def test_every_console_page_declares_a_permission(app):
    assert console_rules(app)
    assert not undeclared(app), f"console pages with no permission declared (use users.auth.requires): {undeclared(app)}"


def test_a_console_page_without_a_permission_is_caught(app):
    app.add_url_rule("/console/forgotten", "forgotten", lambda: "open to all")
    assert undeclared(app) == ["forgotten"]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.name)
def test_each_console_page_answers_each_user_by_permission_and_grant(app, actor):
    create_user(app, "admin@example.org", "admin")  # user 1: the id an int argument names
    client = client_at(app, "192.0.2.130")
    if actor.role is not None:
        email = f"{actor.role}@example.org"
        if actor.role != "admin":
            create_user(app, email, actor.role)
        result = app.test_cli_runner().invoke(args=["users", "grant", email, *actor.grants])
        assert result.exit_code == 0, result.output
        assert login(client, email).status_code == 302
    wrong = []
    for rule in console_rules(app):
        permission = app.view_functions[rule.endpoint].permission
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for (path, slug), prefix in itertools.product(paths(rule), ("", "/ru")):
                path = prefix + path
                answer = client.open(path, method=method)
                answer.close()  # a streamed page (the CSV export) keeps its request open until closed
                to_login = answer.status_code in (301, 302, 303) and "/console/login" in answer.location
                if actor.role is None:
                    outcome_ok = to_login
                elif actor.allowed(permission, slug):
                    outcome_ok = answer.status_code != 403 and not to_login
                else:
                    outcome_ok = answer.status_code == 403
                if not outcome_ok:
                    wrong.append(f"{method} {path} ({permission}): {answer.status_code} {answer.location or ''}")
    assert not wrong, f"{actor.name}: " + "; ".join(wrong)
