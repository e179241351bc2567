"""The image captcha's picture: six digits, each in its own cell, never touching another."""
from __future__ import annotations

import io
import itertools
import secrets

from PIL import Image

from undersigned.captcha.picture import GAP, HEIGHT, WIDTH, draw


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_digits_never_overlap_in_hundreds_of_pictures():
    for _ in range(300):
        code = "".join(secrets.choice("0123456789") for _ in range(6))
        picture = draw(code)
        assert len(picture.boxes) == 6
        for box in picture.boxes:
            assert 0 <= box[0] < box[2] <= WIDTH and 0 <= box[1] < box[3] <= HEIGHT
        for left, right in itertools.pairwise(picture.boxes):
            assert right[0] - left[2] >= GAP - 1, (code, picture.boxes)  # columns of gap between
        for a, b in itertools.combinations(picture.boxes, 2):
            assert not overlap(a, b), (code, picture.boxes)


def test_each_box_holds_real_ink_of_a_readable_size():
    picture = draw("888888")
    for left, top, right, bottom in picture.boxes:
        assert right - left >= 12 and bottom - top >= 20
        crop = picture.image.crop((left, top, right, bottom)).convert("L")
        assert crop.getextrema()[0] < 160  # dark strokes, not only the pale background


def test_the_picture_is_a_png_of_the_size_the_page_reserves():
    image = Image.open(io.BytesIO(draw("012345").png()))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
