"""The pictures a campaign is shared with: the one a social network shows beside a shared link
(1200x630 PNG, the campaign's title in the reader's language, drawn with PT Serif from
``fontpkg-pt-serif``, Latin and Cyrillic), and QR codes of a link for posters."""
from __future__ import annotations

import functools
import io

import fontpkg
import segno
from PIL import Image, ImageDraw, ImageFont

FONT = "PT Serif"
SIZE = (1200, 630)
MARGIN = 80
BACKGROUND = (250, 248, 242)
INK = (26, 26, 26)
ACCENT = (176, 36, 36)
TITLE_SIZES = (72, 64, 56, 48, 42, 36)
MAX_TITLE_LINES = 5
#: Pixels per module of a QR code, by format; four modules of quiet zone around it.
QR_SCALE = {"svg": 10, "png": 12}
QR_BORDER = 4


def qr_code(address: str, kind: str) -> bytes:
    """``address`` as a QR code (``kind``: ``svg`` or ``png``), medium error correction so a
    poster survives a crease or a smudge."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind=kind, scale=QR_SCALE[kind], border=QR_BORDER)
    return out.getvalue()


@functools.lru_cache(maxsize=128)
def share_image(title: str, site: str) -> bytes:
    """The PNG for ``title`` (already translated) with ``site`` at its foot; kept in memory,
    one per text, so each campaign and language is drawn once per process."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    font, lines = _fit(draw, title)
    line_height = int(font.size * 1.25)
    top = (SIZE[1] - 90 - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=font, fill=INK)
    footer = _font(32, 400)
    draw.text((MARGIN, SIZE[1] - MARGIN - footer.size), site, font=footer, fill=ACCENT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fontpkg.path(FONT, weight, "normal")), size)


def _fit(draw: ImageDraw.ImageDraw, text: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest, cut short, if none does."""
    width = SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        font = _font(size, 700)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= MAX_TITLE_LINES:
            return font, lines
    lines = lines[:MAX_TITLE_LINES]
    lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return font, lines


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]
