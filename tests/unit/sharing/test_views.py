"""The share picture and the QR codes (``sharing/views.py``): the campaign's own, and a signer's,
which carries their referral code so a poster's scans are attributed to them."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import segno
from PIL import Image

from tests.unit.sharing.conftest import seed
from undersigned.security.tokens import SIGNER, make_token
from undersigned.sharing.image import QR_SCALE, share_image

PUBLIC = "https://sign.example.org"
SLUG = "belarus_senate"


def test_the_share_picture_is_a_1200_by_630_png_per_language(client):
    pictures = {}
    for prefix in ("", "/ru", "/be"):
        response = client.get(f"{prefix}/c/{SLUG}/share.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.format == "PNG" and image.size == (1200, 630)
        pictures[prefix] = response.data
    assert len(set(pictures.values())) == 3  # each language draws its own title
    assert client.get("/c/nope/share.png").status_code == 404


def test_cyrillic_is_drawn_not_left_as_empty_boxes():
    def ink(title: str) -> int:
        image = Image.open(io.BytesIO(share_image(title, "x"))).convert("L")
        return sum(image.crop((80, 150, 1120, 450)).histogram()[:128])

    # PT Serif draws each letter differently; a font without Cyrillic draws the same box for all
    assert ink("Свабода") != ink("Шчасце") and ink("Свабода") > 1000


def modules(png: bytes, size: int) -> list[list[bool]]:
    """The dark modules of a QR code picture of ``size`` modules (scale and border as served)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    scale, border = QR_SCALE["png"], 4
    assert image.size == ((size + 2 * border) * scale,) * 2
    return [[image.getpixel(((x + border) * scale + scale // 2, (y + border) * scale + scale // 2)) < 128
             for x in range(size)] for y in range(size)]


@pytest.mark.config(PUBLIC_URL=PUBLIC, SERVER_NAME="sign.example.org")
def test_the_qr_codes_hold_the_campaign_address_in_the_readers_language(client):
    expected = segno.make(f"{PUBLIC}/ru/c/{SLUG}", error="m")
    png = client.get(f"/ru/c/{SLUG}/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert modules(png.data, expected.symbol_size(border=0)[0]) == [[bool(v) for v in row] for row in expected.matrix]

    svg = client.get(f"/ru/c/{SLUG}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    root = ET.fromstring(svg.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    other = segno.make(f"{PUBLIC}/c/{SLUG}", error="m")
    assert svg.data != client.get(f"/c/{SLUG}/qr.svg").data
    assert other.matrix != expected.matrix
    assert client.get(f"/c/{SLUG}/qr.gif").status_code == 404


def qr_address(png: bytes, candidates: list[str]) -> str:
    """Which of ``candidates`` the QR code picture ``png`` holds."""
    for address in candidates:
        code = segno.make(address, error="m")
        try:
            if modules(png, code.symbol_size(border=0)[0]) == [[bool(v) for v in row] for row in code.matrix]:
                return address
        except AssertionError:  # another size of symbol
            continue
    raise AssertionError(f"the QR code holds none of {candidates}")


@pytest.mark.config(PUBLIC_URL=PUBLIC, SERVER_NAME="sign.example.org")
def test_a_signers_share_box_makes_qr_codes_that_carry_their_referral_code(app, client):
    with app.test_request_context():
        signature = seed("jane@example.org", slug=SLUG)
        token = make_token(SIGNER, signature.public_id)
    code = signature.share_code
    thanks = client.get(f"/ru/c/{SLUG}/thanks/{token}").get_data(as_text=True)
    links = [link.replace("&amp;", "&") for link in re.findall(r'<a href="([^"]*/qr\.(?:svg|png)[^"]*)"', thanks)]
    assert links == [f"/ru/c/{SLUG}/qr.svg?ref={code}", f"/ru/c/{SLUG}/qr.png?ref={code}"]
    addresses = [f"{PUBLIC}/ru/c/{SLUG}?ref={code}", f"{PUBLIC}/ru/c/{SLUG}"]
    assert qr_address(client.get(links[1]).data, addresses) == addresses[0]

    # the campaign's own QR code stays plain, and a code that cannot be one is dropped
    page = client.get(f"/c/{SLUG}").get_data(as_text=True)
    assert re.findall(r'<a href="([^"]*/qr\.(?:svg|png)[^"]*)"', page) == [f"/c/{SLUG}/qr.svg", f"/c/{SLUG}/qr.png"]
    plain = [f"{PUBLIC}/c/{SLUG}?ref={code}", f"{PUBLIC}/c/{SLUG}"]
    assert qr_address(client.get(f"/c/{SLUG}/qr.png").data, plain) == plain[1]
    assert qr_address(client.get(f"/c/{SLUG}/qr.png?ref=%3Cx%3E").data, plain) == plain[1]
