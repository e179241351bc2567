"""The joint letter's public page shows only the co-signers who agreed to public display and
counts the others; the letter delivered to the recipient carries every approved co-signer; the
sign form says so plainly."""
from __future__ import annotations

from tests.support.signing import SENATE_SIGNER
from tests.unit.delivery.conftest import sign_and_confirm
from tests.functional.test_joint_letter_versions import pdf_text

SLUG = "belarus_senate"
PRIVATE = [dict(SENATE_SIGNER, first_name=first, last_name=last, letter_name=f"{first} {last}",
                email=f"{first.lower()}@example.org", public_name=None) for first, last in (("Grace", "Hopper"), ("Katherine", "Johnson"))]


def sign_all(app, runner) -> None:
    for signer in (SENATE_SIGNER, *PRIVATE):
        sign_and_confirm(app, SLUG, **signer)
    assert runner.invoke(args=["signatures", "approve", SLUG, "1", "2", "3"]).exit_code == 0


def test_the_public_page_hides_co_signers_who_did_not_agree_and_counts_them(app, client, runner):
    sign_all(app, runner)
    page = client.get(f"/c/{SLUG}/letter").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "Grace" not in page and "Hopper" not in page and "Katherine" not in page
    assert "and 2 more co-signers" in page and "3 signatories" in page
    assert page.count('class="signature-block"') == 1


def test_the_count_of_the_others_reads_naturally_in_russian_and_belarusian(app, client, runner):
    sign_all(app, runner)
    assert "и ещё 2 подписанта" in client.get(f"/ru/c/{SLUG}/letter").get_data(as_text=True)
    assert "і яшчэ 2 падпісанты" in client.get(f"/be/c/{SLUG}/letter").get_data(as_text=True)
    sign_and_confirm(app, SLUG, **dict(PRIVATE[0], email="third@example.org", first_name="Mary", letter_name="Mary Hopper"))
    assert runner.invoke(args=["signatures", "approve", SLUG, "4"]).exit_code == 0
    sign_and_confirm(app, SLUG, **dict(PRIVATE[0], email="fourth@example.org", first_name="Joan", letter_name="Joan Hopper"))
    assert runner.invoke(args=["signatures", "approve", SLUG, "5"]).exit_code == 0
    # 4 others: "2, 3, 4" take the second form
    assert "и ещё 4 подписанта" in client.get(f"/ru/c/{SLUG}/letter").get_data(as_text=True)


def test_when_everyone_agrees_no_others_are_counted(app, client, runner):
    sign_and_confirm(app, SLUG, **SENATE_SIGNER)
    runner.invoke(args=["signatures", "approve", SLUG, "1"])
    page = client.get(f"/c/{SLUG}/letter").get_data(as_text=True)
    assert "Ada Lovelace" in page and "more co-signer" not in page


def test_the_delivered_letter_carries_every_approved_co_signer(app, runner, tmp_path):
    sign_all(app, runner)
    assert runner.invoke(args=["signatures", "freeze", SLUG]).exit_code == 0
    pdf = tmp_path / "letter.pdf"
    assert runner.invoke(args=["signatures", "letter-pdf", SLUG, "1", "-o", str(pdf)]).exit_code == 0
    text = pdf_text(pdf.read_bytes())
    assert "Ada Lovelace" in text and "Grace Hopper" in text and "Katherine Johnson" in text


def test_the_sign_form_says_the_signature_block_goes_on_the_delivered_letter(client):
    joint = client.get(f"/c/{SLUG}").get_data(as_text=True)
    assert "Your name, title and office are printed on the letter delivered to the recipient" in joint
    assert 'href="/privacy"' in joint
    other = client.get("/c/belarus_state_dept").get_data(as_text=True)
    assert "printed on the letter delivered" not in other and 'href="/privacy"' in other
