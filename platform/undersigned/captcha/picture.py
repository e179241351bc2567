"""The image captcha's picture: each digit drawn in a cell of its own, so no two ever touch.

A digit is turned and moved a little inside its cell (less than the gap between cells), then
the picture gets noise dots and a curve across it. Overlapping digits made codes unreadable to
people long before they slowed down a machine.
"""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from captcha.image import DEFAULT_FONTS, ImageCaptcha as NoiseSource
from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 220, 80
PADDING = 4
#: Empty columns kept between two cells; the smoothing filter spreads ink by one pixel.
GAP = 4
FONT_SIZE = 44
MAX_TURN = 18  # degrees either way
MAX_JUMP = 20  # pixels a digit may sit above or below its neighbours, in all

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Picture:
    """The drawn ``image`` and, for each digit, the ``box`` (left, top, right, bottom; right and
    bottom exclusive) its ink covers."""

    image: Image.Image
    boxes: tuple[Box, ...]

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(DEFAULT_FONTS[0], FONT_SIZE)


def _random(low: float, high: float) -> float:
    return low + (high - low) * secrets.randbelow(10_001) / 10_000


def _digit(char: str, color: tuple[int, ...], cell: int) -> Image.Image:
    """``char`` on a transparent layer cropped to its ink, turned, and no wider than ``cell``."""
    font = _font()
    left, top, right, bottom = font.getbbox(char)
    layer = Image.new("RGBA", (right + 4, bottom + 4), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((2, 2), char, font=font, fill=color)
    layer = layer.rotate(_random(-MAX_TURN, MAX_TURN), Image.Resampling.BILINEAR, expand=True)
    layer = layer.crop(layer.getchannel("A").getbbox())
    width, height = layer.size
    scale = min(1.0, cell / width, (HEIGHT - 2 * PADDING) / height)
    if scale < 1.0:
        layer = layer.resize((max(1, int(width * scale)), max(1, int(height * scale))), Image.Resampling.BILINEAR)
    return layer


def draw(code: str) -> Picture:
    """A picture of ``code``: one cell per character, the characters never overlapping."""
    background = tuple(238 + secrets.randbelow(18) for _ in range(3))
    color = tuple(10 + secrets.randbelow(140) for _ in range(3)) + (255,)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    pitch = (WIDTH - 2 * PADDING) // len(code)
    boxes = []
    for index, char in enumerate(code):
        layer = _digit(char, color, pitch - GAP)
        width, height = layer.size
        x = PADDING + index * pitch + secrets.randbelow(pitch - GAP - width + 1)
        room = HEIGHT - 2 * PADDING - height
        jump = min(room, MAX_JUMP)  # around the middle line, so the code still reads as one row
        y = PADDING + (room - jump) // 2 + secrets.randbelow(jump + 1)
        image.paste(layer, (x, y), layer)
        ink = layer.getchannel("A").getbbox()
        boxes.append((x + ink[0], y + ink[1], x + ink[2], y + ink[3]))
    NoiseSource.create_noise_dots(image, color[:3], width=2, number=24)
    NoiseSource.create_noise_curve(image, color[:3])
    return Picture(image=image.filter(ImageFilter.SMOOTH), boxes=tuple(boxes))
