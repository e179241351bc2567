"""Names in the recipient's script, signed and confirmed: the letter, the joint letter and the export
carry the signer's name in Latin letters, as they spell it."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.support.signing import SENATE_SIGNER, form_inputs
from tests.unit.delivery.conftest import sign_and_confirm
from tests.unit.signing.test_letter_name import BELARUSIAN, LATIN, SENATE, STATE, post, rows
from undersigned.extensions import db
from undersigned.signing.models import Signature


def test_a_suggestion_is_shown_before_it_is_signed_then_the_letter_carries_it(app, client):
    response = post(client, app, f"/ru/c/{STATE}", **BELARUSIAN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and rows(app) == (0, 0)
    assert "Мы записали ваше имя латиницей для письма" in html
    assert form_inputs(html)["letter_name"] == LATIN

    # the supporter checks the spelling and sends the form again, as it came back
    thanks = sign_and_confirm(app, STATE, **dict(BELARUSIAN, letter_name=LATIN))
    letter = client.get(thanks).get_data(as_text=True).split('id="letter-text"', 1)[1].split("</textarea>", 1)[0]
    assert LATIN in letter and "Аляксандр" not in letter
    with app.app_context():
        assert db.session.scalars(select(Signature)).one().fields["letter_name"] == LATIN


def test_a_spelling_of_their_own_is_kept_and_used(app, client):
    own = dict(BELARUSIAN, letter_name="Alaksandar Uladzimiravič")
    preview = post(client, app, f"/c/{STATE}", preview="1", **own).get_data(as_text=True)
    assert form_inputs(preview)["letter_name"] == "Alaksandar Uladzimiravič"
    thanks = sign_and_confirm(app, STATE, **own)
    assert "Alaksandar Uladzimiravič" in client.get(thanks).get_data(as_text=True)


def test_the_joint_letter_carries_each_co_signers_latin_spelling(app, client, runner):
    sign_and_confirm(app, SENATE, **dict(SENATE_SIGNER, first_name="Святлана", last_name="Ціханоўская",
                                         letter_name="Sviatlana Tsikhanouskaya"))
    assert runner.invoke(args=["signatures", "approve", SENATE, "1"]).exit_code == 0
    page = client.get(f"/c/{SENATE}/letter").get_data(as_text=True)
    assert "Sviatlana Tsikhanouskaya" in page and "Святлана" not in page


def test_the_export_has_the_name_as_the_letter_carries_it(app, runner):
    sign_and_confirm(app, STATE, **dict(BELARUSIAN, letter_name=LATIN))
    result = runner.invoke(args=["signatures", "export", STATE])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.output)))
    assert row["letter_name"] == LATIN and row["first_name"] == "Аляксандр"
