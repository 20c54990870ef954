"""Direct quotations: spans between quotation marks, found on the raw text.

Straight (") and curly (“ ”) marks; a quote left open at the end of a paragraph and
continued by a paragraph that opens with a mark is the convention for quotes over
several paragraphs, so each paragraph piece becomes its own quote, the later ones
marked as continuations. An opening mark never closed and not continued is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "“"
CLOSE = "”"
STRAIGHT = '"'
MIN_WORDS = 4  # shorter quoted phrases are scare quotes or partial quotes inside reported speech


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the paragraph continues the quote
    continuation: bool  # this piece continues a quote opened in an earlier paragraph


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    continuing = False
    for para in re.finditer(r"[^\n]+", text):
        pieces, left_open = _quotes_in_paragraph(para.group(), para.start())
        first = True
        for piece in pieces:
            is_cont = continuing and first and piece.open_at == para.start() + _lead(para.group())
            quotes.append(Quote(piece.start, piece.end, piece.open_at, piece.close_at, is_cont))
            first = False
        continuing = left_open
    # A piece left open is kept only when the next paragraph continues it.
    kept = []
    for i, q in enumerate(quotes):
        if q.close_at is None and not (i + 1 < len(quotes) and quotes[i + 1].continuation):
            continue
        if _words(text[q.start:q.end]) < MIN_WORDS and not q.continuation:
            continue
        kept.append(q)
    return kept


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip())


def _words(s: str) -> int:
    return len(s.split())


def _quotes_in_paragraph(para: str, base: int) -> tuple[list[Quote], bool]:
    """Quotes inside one paragraph; the flag says a quote is still open at its end."""
    pieces: list[Quote] = []
    open_at: int | None = None
    open_mark = ""
    for i, ch in enumerate(para):
        if open_at is None:
            if ch == OPEN or (ch == STRAIGHT and _can_open(para, i)):
                open_at, open_mark = i, ch
        elif (open_mark == OPEN and ch == CLOSE) or (open_mark == STRAIGHT and ch == STRAIGHT):
            pieces.append(Quote(base + open_at + 1, base + i, base + open_at, base + i, False))
            open_at = None
        elif open_mark == OPEN and ch == OPEN:
            open_at = i  # an unclosed curly quote restarted: trust the later one
    if open_at is not None:
        end = len(para.rstrip())
        if end > open_at + 1:
            pieces.append(Quote(base + open_at + 1, base + end, base + open_at, None, False))
        return pieces, True
    return pieces, False


def _can_open(para: str, i: int) -> bool:
    # A straight mark opens a quote at the start or after space/punctuation, not after a digit (inches).
    return i == 0 or not para[i - 1].isalnum()
