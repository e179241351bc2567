"""A scaffolded campaign starts as a draft: ``flask campaigns check`` warns about the placeholder
left in its letter; the public gets a 404 and does not find it on the home page; its organizer
previews it (with a banner) but cannot sign it; publishing it in the console (asked first,
audited) makes it public. The shipped campaigns, and plugins that do not say ``draft``, are
published."""
from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.support.console import create_user, csrf_token, login
from tests.support.plugins import cli, forget_scaffolds, unique  # noqa: F401 (a fixture)
from tests.support.signing import form_inputs
from undersigned.audit.log import entries
from undersigned.extensions import db
from undersigned.signing.models import Signature

pytestmark = pytest.mark.usefixtures("forget_scaffolds")
SEED_URL = {"BELARUS_STATE_DEPT_CONTACT_FORM_URL": "https://contact.example.gov/form"}


@pytest.fixture
def draft(tmp_path, monkeypatch):
    """An app serving a campaign just made by ``flask campaigns new``, and its name."""
    folder = tmp_path / "campaigns"
    folder.mkdir()
    name = unique("made")
    maker = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), **SEED_URL)
    made = cli(maker, "campaigns", "new", name, "--title", "Fix the potholes on Elm Street")
    assert made.exit_code == 0 and "it starts as a draft" in made.output
    return make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), **SEED_URL), name


def organizer_of(app, name: str):
    create_user(app, "org@example.org", campaigns=(name,))
    client = app.test_client()
    login(client, "org@example.org")
    return client


def test_check_warns_about_the_placeholders_a_fresh_scaffold_leaves(draft):
    app, name = draft
    checked = cli(app, "campaigns", "check")
    assert checked.exit_code == 0, checked.output
    assert (f"WARNING {name}: template 'letter.txt' still has the placeholder "
            "'[Write here what you ask for, and why it matters.]'") in checked.output
    assert f"WARNING {name}: template 'letter.ru.html' still has the placeholder '[Напишите здесь" in checked.output
    assert "1 with placeholders left in a letter" in checked.output
    assert "WARNING belarus" not in checked.output  # the shipped letters are written
    assert f"{name}  [open]  [draft]" in cli(app, "campaigns", "list").output


def test_a_draft_is_hidden_from_the_public_and_previewed_by_its_organizer(draft):
    app, name = draft
    public = app.test_client()
    for path in (f"/c/{name}", f"/ru/c/{name}", f"/c/{name}/share.png", f"/c/{name}/help"):
        assert public.get(path).status_code == 404, path
    home = public.get("/").get_data(as_text=True)
    assert "Fix the potholes on Elm Street" not in home and "belarus_senate" in home
    assert public.post(f"/c/{name}", data={"first_name": "Rosa", "email": "rosa@example.org"}).status_code == 404

    organizer = organizer_of(app, name)
    overview = organizer.get(f"/console/campaigns/{name}/").get_data(as_text=True)
    assert "Draft" in overview and f'href="/c/{name}"' in overview
    preview = organizer.get(f"/c/{name}")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "organizers see this page, and nobody can sign yet" in page and "I am writing to ask for your help." in page
    assert 'id="sign-form"' not in page
    refused = organizer.post(f"/c/{name}", data={"csrf_token": csrf_token(organizer), "first_name": "Rosa",
                                                 "last_name": "Parks", "email": "rosa@example.org"})
    assert refused.status_code == 409 and "nobody can sign it until it is published" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0

    create_user(app, "other@example.org", campaigns=("belarus_senate",))
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/c/{name}").status_code == 404  # an organizer of another campaign is the public here


def test_publishing_in_the_console_is_asked_first_audited_and_makes_it_public(draft):
    app, name = draft
    organizer = organizer_of(app, name)
    ask = organizer.get(f"/console/campaigns/{name}/publish")
    assert ask.status_code == 200 and "Publish the campaign now" in ask.get_data(as_text=True)
    assert app.test_client().get(f"/c/{name}").status_code == 404  # asking published nothing

    done = organizer.post(f"/console/campaigns/{name}/publish", data=form_inputs(ask.get_data(as_text=True)))
    assert done.status_code == 302
    assert "everyone can see and sign it now" in organizer.get(done.location).get_data(as_text=True)
    public = app.test_client()
    page = public.get(f"/c/{name}").get_data(as_text=True)
    assert 'id="sign-form"' in page and "organizers see this page, and nobody can sign yet" not in page
    assert "Fix the potholes on Elm Street" in public.get("/").get_data(as_text=True)
    with app.app_context():
        assert [(e.actor, e.action) for e in entries(name)] == [("org@example.org", "campaign.publish")]
    assert "This campaign is published" in organizer.get(f"/console/campaigns/{name}/publish").get_data(as_text=True)
    again = cli(app, "campaigns", "publish", name)
    assert again.exit_code == 1 and "is not a draft" in again.output


def test_the_shipped_campaigns_are_published(app):
    client = app.test_client()
    assert client.get("/c/belarus_senate").status_code == 200
    assert client.get("/c/belarus_state_dept").status_code == 200
    assert cli(app, "campaigns", "publish", "belarus_senate").exit_code == 1
