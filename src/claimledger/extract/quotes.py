"""Direct quotations: spans between quotation marks, found on the raw text.

Straight (") and curly (“ ”) marks (a closing curly mark that starts a word opens a quote:
a common typing slip); a quote left open at the end of a paragraph and
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
DOUBLED = "''"
MIN_WORDS = 4  # shorter quoted phrases are scare quotes or partial quotes inside reported speech


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the paragraph continues the quote
    continuation: bool  # this piece continues a quote opened in an earlier paragraph
    short: bool = False  # under MIN_WORDS: speech only when a cue stands right beside it


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
        words = _words(text[q.start:q.end])
        if not q.continuation and _is_title(text, q):
            continue  # 'she said on “Fox & Friends.”', 'to stream “Ten Days in May”': a title, not speech
        if words < MIN_WORDS and not q.continuation:
            if words < 2 or not _ends_utterance(text, q):
                continue  # a scare quote or a quoted term
            q = Quote(q.start, q.end, q.open_at, q.close_at, q.continuation, short=True)
        kept.append(q)
    return kept


SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with", "&"}


def _is_title(text: str, q: Quote) -> bool:
    """A quoted name of a show, book or film: every word capitalised, set in the middle of a sentence.

    The words before the opening mark end in a lower-case word ('appeared on', 'to stream'), and every
    word but the small ones ('of', 'to', '&') starts with a capital or a digit.
    """
    words = re.findall(r"[\w&'’-]+", text[q.start:q.end])
    if len(words) < 2 or len(words) > 8:
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words):
        return False
    before = re.search(r"(\w+)\W*$", text[max(0, q.open_at - 40):q.open_at])
    return before is not None and before.group(1).islower() and text[q.open_at - 1:q.open_at] == " "


def _ends_utterance(text: str, q: Quote) -> bool:
    """The quoted words close with punctuation, as speech does ('“We were floored,” he said')."""
    inner = text[q.start:q.end].rstrip()
    return bool(inner) and inner[-1] in ",.!?"


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip())


def _words(s: str) -> int:
    return len(s.split())


def _quotes_in_paragraph(para: str, base: int) -> tuple[list[Quote], bool]:
    """Quotes inside one paragraph; the flag says a quote is still open at its end."""
    pieces: list[Quote] = []
    open_at: int | None = None
    open_mark = ""
    width = 1
    i = 0
    while i < len(para):
        ch = para[i]
        if para.startswith(DOUBLED, i):  # two apostrophes stand for a straight double mark in some wires
            ch, step = STRAIGHT, 2
        else:
            step = 1
        if open_at is None:
            if ch == OPEN or (ch == STRAIGHT and _can_open(para, i)):
                open_at, open_mark, width = i, ch, step
            elif ch == CLOSE and _closing_mark_opens(para, i):
                open_at, open_mark, width = i, OPEN, step  # '”Fear is what I feel.”': a mistyped opening mark
        elif (open_mark == OPEN and ch == CLOSE) or (open_mark == STRAIGHT and ch == STRAIGHT):
            pieces.append(Quote(base + open_at + width, base + i, base + open_at, base + i, False))
            open_at = None
        elif open_mark == OPEN and ch == OPEN:
            open_at = i  # an unclosed curly quote restarted: trust the later one
        i += step
    if open_at is not None:
        end = len(para.rstrip())
        if end > open_at + width:
            pieces.append(Quote(base + open_at + width, base + end, base + open_at, None, False))
        return pieces, True
    return pieces, False


def _closing_mark_opens(para: str, i: int) -> bool:
    """A closing curly mark at the start of a word, with no quote open, is an opening mark mistyped."""
    return (i == 0 or para[i - 1].isspace()) and i + 1 < len(para) and para[i + 1].isalnum()


def _can_open(para: str, i: int) -> bool:
    # A straight mark opens a quote at the start or after space/punctuation, not after a digit (inches).
    return i == 0 or not para[i - 1].isalnum()
