"""The joint letter as a PDF: letterhead, the campaign's letter, then one signature block per
co-signer, two per row, each row kept on one page; margins and page numbers on every page.

The text comes from the campaign's ``letter.html`` (the letter as shown and printed), drawn with
PT Serif (installed from PyPI with ``fontpkg-pt-serif``), which covers Latin and Cyrillic.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable, Mapping

import fontpkg
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from undersigned.campaigns.model import Campaign
from undersigned.signing.letter import render_letter_html

FONT = "PT Serif"
MARGIN_MM = 25
TEXT_PT = 11
LINE_MM = 5.2
ROW_GAP_MM = 8
COLUMN_GAP_MM = 10


class LetterPDF(FPDF):
    """US Letter pages with the letter's margins and ``n / total`` centred at the foot."""

    def __init__(self) -> None:
        super().__init__(format="letter", unit="mm")
        for style, weight, slant in (("", 400, "normal"), ("B", 700, "normal"),
                                     ("I", 400, "italic"), ("BI", 700, "italic")):
            self.add_font("serif", style, str(fontpkg.path(FONT, weight, slant)))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.set_font("serif", size=TEXT_PT)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM / 2 - 4)
        self.set_font("serif", size=9)
        self.cell(0, 8, f"{self.page_no()} / {{nb}}", align="C")


def signature_block(campaign: Campaign, signatory: Mapping[str, Any]) -> list[str]:
    """A co-signer's block: the name, then each of the campaign's own fields they filled in."""
    lines = [str(signatory.get("full_name") or "")]
    lines += [str(signatory[field.name]) for field in campaign.fields if signatory.get(field.name)]
    return lines


def render_letter_pdf(campaign: Campaign, signatories: Iterable[Mapping[str, Any]],
                      date: dt.date) -> bytes:
    """The joint letter dated ``date`` and signed by ``signatories``, as PDF bytes.

    Call it inside an app context with the letter's language active (``force_locale``).
    """
    signatories = list(signatories)
    pdf = LetterPDF()
    pdf.add_page()
    _letterhead(pdf, campaign.letterhead)
    # the letterhead is drawn above, centred; the signature blocks below, two per row
    body = render_letter_html(dataclasses.replace(campaign, letterhead=()), {}, date=date)
    pdf.write_html(str(body), font_family="serif", li_prefix_color=(0, 0, 0),
                   tag_styles={"li": TextStyle(l_margin=6, t_margin=1.5),
                               "a": FontFace(color=(0, 0, 0))})
    _signature_rows(pdf, [signature_block(campaign, signatory) for signatory in signatories])
    return bytes(pdf.output())


def _letterhead(pdf: FPDF, lines: tuple[str, ...]) -> None:
    for index, line in enumerate(lines):
        pdf.set_font("serif", "B" if index == 0 else "", 16 if index == 0 else 10)
        pdf.cell(0, 8 if index == 0 else 5, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if lines:
        pdf.ln(6)
    pdf.set_font("serif", "", TEXT_PT)


def _signature_rows(pdf: FPDF, blocks: list[list[str]]) -> None:
    """Two blocks per row; a row that does not fit on the page starts the next one."""
    width = (pdf.epw - COLUMN_GAP_MM) / 2
    pdf.ln(ROW_GAP_MM)
    for start in range(0, len(blocks), 2):
        row = blocks[start:start + 2]
        height = max(_block_height(pdf, block, width) for block in row)
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y()
        for column, block in enumerate(row):
            pdf.set_xy(pdf.l_margin + column * (width + COLUMN_GAP_MM), top)
            _draw_block(pdf, block, width)
        pdf.set_xy(pdf.l_margin, top + height + ROW_GAP_MM)


def _draw_block(pdf: FPDF, block: list[str], width: float, *, dry_run: bool = False) -> float:
    """Draw ``block`` at the current position (or only measure it); its height in mm."""
    x, height = pdf.get_x(), 0.0
    for index, line in enumerate(block):
        pdf.set_font("serif", "B" if index == 0 else "", TEXT_PT)
        height += pdf.multi_cell(width, LINE_MM, line, align=Align.L, dry_run=dry_run,
                                 output=MethodReturnValue.HEIGHT, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(x)
    pdf.set_font("serif", "", TEXT_PT)
    return height


def _block_height(pdf: FPDF, block: list[str], width: float) -> float:
    return _draw_block(pdf, block, width, dry_run=True)
