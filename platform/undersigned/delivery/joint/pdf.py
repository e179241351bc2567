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
from flask_babel import format_number, get_translations
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import XPos, YPos

# fpdf2's own line-breaking characters and width tolerance, so that lines break where its
# multi_cell would break them
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, HYPHEN, NBSP, SOFT_HYPHEN
from fpdf.util import FloatTolerance

from undersigned.contract import Campaign
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
                      date: dt.date, *, others: int = 0) -> bytes:
    """The joint letter dated ``date`` and signed by ``signatories``, as PDF bytes; ``others``
    co-signers not named (the public copy) are counted after them.

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
    if others:
        pdf.multi_cell(0, LINE_MM, more_co_signers(others))
    return bytes(pdf.output())


def more_co_signers(count: int) -> str:
    """"and N more co-signers" in the active language, N written as the language writes numbers
    (``flask_babel.ngettext`` would write it bare)."""
    plural = get_translations().ngettext("and %(num)s more co-signer", "and %(num)s more co-signers", count)
    return plural % {"num": format_number(count)}


def _letterhead(pdf: FPDF, lines: tuple[str, ...]) -> None:
    for index, line in enumerate(lines):
        pdf.set_font("serif", "B" if index == 0 else "", 16 if index == 0 else 10)
        pdf.cell(0, 8 if index == 0 else 5, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if lines:
        pdf.ln(6)
    pdf.set_font("serif", "", TEXT_PT)


def _signature_rows(pdf: FPDF, blocks: list[list[str]]) -> None:
    """Two blocks per row; a row that does not fit on the page starts the next one.

    Lines are wrapped here and drawn with ``text()`` where ``multi_cell`` would put them: its
    line breaking goes character by character, and took seconds for 10,000 co-signers."""
    width = (pdf.epw - COLUMN_GAP_MM) / 2
    wrap = _Wrapper(pdf, width - 2 * pdf.c_margin)
    pdf.ln(ROW_GAP_MM)
    for start in range(0, len(blocks), 2):
        row = [wrap.block(block) for block in blocks[start:start + 2]]
        if max(map(len, row)) * LINE_MM > pdf.page_break_trigger - pdf.t_margin:
            for lines in row:  # too tall for any page: one block a row, going on to the next page
                _draw_row(pdf, [lines], width)
        else:
            _draw_row(pdf, row, width)
    pdf.set_font("serif", "", TEXT_PT)


def _draw_row(pdf: FPDF, row: list[list[tuple[str, str]]], width: float) -> None:
    height = max(map(len, row)) * LINE_MM
    if pdf.will_page_break(height) and pdf.get_y() > pdf.t_margin:
        pdf.add_page()
    page, top = pdf.page, pdf.get_y()
    for column, lines in enumerate(row):
        pdf.set_y(top)
        _draw_lines(pdf, lines, pdf.l_margin + column * (width + COLUMN_GAP_MM))
    pdf.set_y((top + height if pdf.page == page else pdf.get_y()) + ROW_GAP_MM)


def _draw_lines(pdf: FPDF, lines: list[tuple[str, str]], x: float) -> None:
    """Draw ``(style, text)`` lines from the current height down, as ``multi_cell`` places
    them; only a block taller than a page goes on to the next one."""
    for style, text in lines:
        if pdf.will_page_break(LINE_MM):
            pdf.add_page()
        pdf.set_font("serif", style, TEXT_PT)
        if text:  # multi_cell's baseline: half the line height plus 0.3 of the font size down
            pdf.text(x + pdf.c_margin, pdf.get_y() + 0.5 * LINE_MM + 0.3 * pdf.font_size, text)
        pdf.set_y(pdf.get_y() + LINE_MM)


class _Wrapper:
    """Breaks a block's lines where ``multi_cell`` would: at the last space (or soft hyphen,
    drawn as a hyphen) that fits, inside a word wider than the column, and at newlines."""

    def __init__(self, pdf: FPDF, width: float) -> None:
        self.pdf, self.width = pdf, width
        self.widths: dict[str, dict[str, float]] = {"B": {}, "": {}}

    def block(self, block: list[str]) -> list[tuple[str, str]]:
        """The ``(style, text)`` lines of ``block`` as drawn: its name in bold, then the rest."""
        lines = []
        for index, text in enumerate(block):
            style = "B" if index == 0 else ""
            for paragraph in self.pdf.normalize_text(text).split("\n"):
                lines += [(style, line.replace(NBSP, " ")) for line in self.lines(paragraph, style)]
        return lines

    def lines(self, text: str, style: str) -> list[str]:
        """``text`` (without newlines) broken into lines that fit the column."""
        widths = self._widths(text, style)
        if SOFT_HYPHEN not in text and self._fits(sum(widths)):
            return [text]
        lines, start, used, space, hyphen, index = [], 0, 0.0, None, None, 0
        while index < len(text):
            char = text[index]
            if not self._fits(used + widths[index]):
                if char in BREAKING_SPACE_SYMBOLS_STR:
                    lines.append(text[start:index].replace(SOFT_HYPHEN, ""))
                    index += 1
                elif hyphen is not None and (space is None or hyphen > space):
                    lines.append(text[start:hyphen].replace(SOFT_HYPHEN, "") + HYPHEN)
                    index = hyphen + 1
                elif space is not None:
                    lines.append(text[start:space].replace(SOFT_HYPHEN, ""))
                    index = space + 1
                elif index == start:
                    raise ValueError(f"a column is too narrow for {char!r}")
                else:
                    lines.append(text[start:index].replace(SOFT_HYPHEN, ""))
                start, used, space, hyphen = index, 0.0, None, None
                continue
            if char in BREAKING_SPACE_SYMBOLS_STR:
                space = index
            if char == SOFT_HYPHEN:
                hyphen = index  # measured as the hyphen it may become, takes no room otherwise
            else:
                used += widths[index]
            index += 1
        if start < len(text):
            lines.append(text[start:].replace(SOFT_HYPHEN, ""))
        return lines

    def _fits(self, width: float) -> bool:
        return width - self.width <= FloatTolerance.TOLERANCE

    def _widths(self, text: str, style: str) -> list[float]:
        known = self.widths[style]
        missing = set(text).difference(known)
        if missing:
            self.pdf.set_font("serif", style, TEXT_PT)
            known.update((char, self.pdf.get_string_width(HYPHEN if char == SOFT_HYPHEN else char))
                         for char in missing)
        return [known[char] for char in text]
