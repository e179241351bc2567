"""The joint letter's PDF: the campaign's letterhead, the version's date, Latin and Cyrillic
text, page numbers, and signature blocks two per row, never split across pages."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from undersigned.contract.state import registry_of
from undersigned.delivery.joint.service import letter_pdf

DATE = dt.date(2020, 9, 29)


def co_signers(count: int) -> list[dict]:
    """Blocks of one, two and several lines, each line naming its co-signer."""
    return [{"full_name": f"Cosigner Number{i:02d}",
             "title": f"Senator{i:02d}" + (" of a committee with a very long name indeed" * (i % 3)),
             "organization": f"Беларускі ПЭН {i:02d}" if i % 2 else ""} for i in range(30)]


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def positions(data: bytes) -> dict[str, tuple[int, float, float]]:
    """Each text fragment's page, x and y."""
    found: dict[str, tuple[int, float, float]] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        def visit(text, _cm, tm, _font, _size, number=number):
            if text.strip():
                found.setdefault(text.strip(), (number, tm[4], tm[5]))
        page.extract_text(visitor_text=visit)
    return found


def test_the_pdf_carries_letterhead_date_body_and_every_co_signer_in_latin_and_cyrillic(app):
    with app.app_context():
        data = letter_pdf(registry_of().get("belarus_senate"), co_signers(30), DATE)
    assert data.startswith(b"%PDF")
    pages = pages_of(data)
    text = "\n".join(pages)
    assert pages[0].startswith("United States Senate\nWASHINGTON, DC 20510")
    assert "September 29, 2020" in pages[0]
    assert "The Honorable Mike Pompeo" in pages[0] and "2201 C Street, N.W." in pages[0]
    assert "1. Issue a statement declaring" in text and "5. Explore opportunities" in text
    assert "Sincerely," in text
    assert "Cosigner Number00" in text and "Беларускі ПЭН 29" in text
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(f"{number} / {len(pages)}")


def test_signature_blocks_sit_two_per_row_and_never_split_across_pages(app):
    signers = co_signers(30)
    with app.app_context():
        data = letter_pdf(registry_of().get("belarus_senate"), signers, DATE)
    assert len(pages_of(data)) >= 3
    where = positions(data)
    pages_with_blocks = set()
    for index, signer in enumerate(signers):
        lines = [signer["full_name"], signer["title"].split(" of ")[0]]
        lines += [signer["organization"]] if signer["organization"] else []
        pages = {line: {page for key, (page, _x, _y) in where.items() if key.startswith(line)}
                 for line in lines}
        assert all(found == {where[signer["full_name"]][0]} for found in pages.values()), pages
        pages_with_blocks.add(where[signer["full_name"]][0])
        if index % 2:  # the right-hand block of a row: same line as its left-hand neighbour
            left, right = where[signers[index - 1]["full_name"]], where[signer["full_name"]]
            assert left[0] == right[0] and left[2] == pytest.approx(right[2]) and right[1] > left[1]
    assert len(pages_with_blocks) >= 2


def test_the_letterhead_is_the_campaigns_and_organizers_may_change_or_drop_it(app):
    campaign = registry_of(app).get("belarus_senate")
    with app.app_context():
        european = letter_pdf(dataclasses.replace(campaign, letterhead=("European Parliament", "Brussels")),
                              co_signers(2), DATE)
        none = letter_pdf(dataclasses.replace(campaign, letterhead=()), co_signers(2), DATE)
    assert pages_of(european)[0].startswith("European Parliament\nBrussels")
    assert "United States Senate" not in pages_of(european)[0]
    assert pages_of(none)[0].startswith("September 29, 2020")


@pytest.mark.config(BELARUS_SENATE_LETTERHEAD="Members of the European Parliament\nBrussels")
def test_organizers_set_the_letterhead_in_configuration(app, client):
    page = client.get("/c/belarus_senate/letter").get_data(as_text=True)
    assert "Members of the European Parliament" in page and "United States Senate" not in page
    assert "Сенат США" not in client.get("/ru/c/belarus_senate").get_data(as_text=True)


def test_the_default_letterhead_is_translated_for_reading(client):
    assert "Сенат США" in client.get("/ru/c/belarus_senate").get_data(as_text=True)
    assert "Сенат ЗША" in client.get("/be/c/belarus_senate").get_data(as_text=True)


def lines_of(data: bytes) -> list[tuple[int, float, float, str]]:
    """Every drawn line's page, x, y and text, in the order drawn."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        def visit(text, _cm, tm, _font, _size, number=number):
            if text.strip():
                found.append((number, tm[4], tm[5], text.strip()))
        page.extract_text(visitor_text=visit)
    return found


def test_long_names_and_titles_wrap_inside_their_column_and_lose_no_character(app):
    long_name = "Maria-Aleksandra Konstantinovna Vasilevskaya-Rimskaya-Korsakova Olgerdovna"
    unbroken = "БеларускаяасацыяцыяжурналістаўіправаабаронцаўзаСвабоднаеСлова"  # wider than a column
    signers = [{"full_name": long_name, "title": "Senator", "organization": unbroken},
               {"full_name": "Jane Doe", "title": "State Senator", "organization": ""}]
    with app.app_context():
        data = letter_pdf(registry_of().get("belarus_senate"), signers, DATE)
    drawn = lines_of(data)
    start = next(i for i, line in enumerate(drawn) if line[3].startswith("Maria-Aleksandra"))
    right = next(line for line in drawn if line[3] == "Jane Doe")
    block = [line for line in drawn[start:] if line[1] == drawn[start][1]][:7]
    title = [line[3] for line in block].index("Senator")
    assert all(line[0] == right[0] and line[1] < right[1] for line in block)
    assert [y for _p, _x, y, _t in block] == sorted((y for _p, _x, y, _t in block), reverse=True)
    assert title >= 2 and " ".join(line[3] for line in block[:title]) == long_name
    assert len(block) - title - 1 >= 2 and "".join(line[3] for line in block[title + 1:]) == unbroken


def test_a_block_taller_than_a_page_goes_on_to_the_next_page_whole(app):
    title = " ".join(f"committee{i:03d}" for i in range(300))
    signers = [{"full_name": "Cosigner Long", "title": title, "organization": "Беларускі ПЭН"},
               {"full_name": "Cosigner Short", "title": "Senator", "organization": ""}]
    with app.app_context():
        data = letter_pdf(registry_of().get("belarus_senate"), signers, DATE)
    drawn = lines_of(data)
    wrapped = [line for line in drawn if "committee" in line[3]]
    assert " ".join(line[3] for line in wrapped) == title
    assert len({line[0] for line in wrapped}) >= 2
    assert all(line[2] > 25 / 25.4 * 72 for line in drawn  # above the bottom margin
               if not re.fullmatch(r"\d+ / \d+", line[3]))  # but the page numbers
    order = [line[3] for line in drawn]
    assert order.index("Cosigner Long") < order.index("Беларускі ПЭН") < order.index("Cosigner Short")
