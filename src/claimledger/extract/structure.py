"""Document structure: headings, bullets and paragraphs, recognised before parsing.

Plain spaCy fuses a heading line with the sentence after it and runs bullets together.
This stage splits the raw text into line blocks, classifies each one, and marks the
first token of every block as a sentence start, which the parser then respects.
Offsets stay those of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from .offsets import char_span, text_of

BlockKind = Literal["heading", "bullet", "paragraph"]

BULLET = re.compile(r"^[ \t]*(?:[-*•▪◦‣–—]|\d{1,2}[.)])[ \t]+")
TERMINAL = re.compile(r"[.!?:;,\"”’)\]…]\s*$")
HEADING_MAX_WORDS = 12
TITLE_MAX_WORDS = 20
MINOR_WORDS = {"and", "of", "the", "in", "for", "on", "to", "a", "from", "with"}  # lower case in title-case headings
# "KYIV, Ukraine — ", "ORLEVO (Meridian Wire) - ": the place and wire a report is filed from.
DATELINE = re.compile(r"^[A-Z][A-Z.'’\- ]{2,}(?:,[ \t]*[A-Z][\w.'’ -]*?)?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[—–-]{1,2}[ \t]+")


@dataclass(frozen=True)
class Block:
    start: int  # offset of the block's content (after any bullet marker or dateline)
    end: int
    kind: BlockKind
    dateline: tuple[int, int] | None = None


def _is_heading(line: str, is_last: bool) -> bool:
    words = line.split()
    if is_last or not words or len(words) > HEADING_MAX_WORDS or TERMINAL.search(line):
        return False
    # A heading starts with a capital and has more capitalised words than a sentence fragment would.
    if not words[0][:1].isupper():
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in MINOR_WORDS)
    return capitalised == len(words) or len(words) <= 3


def _is_title(line: str, n_lines: int) -> bool:
    """An article's first line, short and unpunctuated, above more text: its headline."""
    return n_lines > 1 and len(line.split()) <= TITLE_MAX_WORDS and not TERMINAL.search(line)


def split_blocks(text: str) -> list[Block]:
    """Return the non-empty line blocks of ``text`` with their kinds, in order."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    blocks: list[Block] = []
    for i, (offset, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = offset + lead, offset + len(line.rstrip())
        bullet = BULLET.match(line)
        if bullet:
            blocks.append(Block(offset + bullet.end(), end, "bullet"))
        elif _is_heading(stripped, is_last=i == len(lines) - 1) or (not blocks and _is_title(stripped, len(lines))):
            blocks.append(Block(start, end, "heading"))
        else:
            dateline = DATELINE.match(stripped)
            if dateline and start + dateline.end() < end:
                blocks.append(Block(start + dateline.end(), end, "paragraph", (start, start + dateline.end())))
            else:
                blocks.append(Block(start, end, "paragraph"))
    return blocks


if not Doc.has_extension("blocks"):
    Doc.set_extension("blocks", default=None)


@Language.component("claimledger_structure")
def structure_component(doc: Doc) -> Doc:
    """Mark block starts as sentence starts (and block-internal heading tokens as not)."""
    blocks = split_blocks(text_of(doc))
    # Plain tuples: a Doc's extensions must serialise when nlp.pipe runs in several processes.
    doc._.blocks = [(b.start, b.end, b.kind, b.dateline) for b in blocks]
    for block in blocks:
        span = char_span(doc, block.start, block.end)
        if span is None or not len(span):
            continue
        span[0].is_sent_start = True
        if block.kind == "heading":
            for token in span[1:]:
                token.is_sent_start = False
        nxt = span.end
        if nxt < len(doc):
            # The token after a block (often the newline) must not join it: the next block starts fresh.
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc):
                doc[nxt].is_sent_start = True
    return doc


def blocks_of(doc: Doc) -> list[Block]:
    """The blocks the structure component found in ``doc`` (none for a Doc it did not see)."""
    cached = doc.user_data.get("claimledger_blocks")
    if cached is None:
        cached = [Block(start, end, kind, tuple(dateline) if dateline else None)
                  for start, end, kind, dateline in doc._.blocks or ()]
        doc.user_data["claimledger_blocks"] = cached
    return cached


def block_at(doc: Doc, char: int) -> Block | None:
    blocks = blocks_of(doc)
    i = bisect_right([b.start for b in blocks], char) - 1
    return blocks[i] if i >= 0 and char < blocks[i].end else None


def in_dateline(doc: Doc, char: int) -> tuple[int, int] | None:
    """The dateline ("KYIV, Ukraine — ") that holds ``char``, if any."""
    for block in blocks_of(doc):
        if block.dateline and block.dateline[0] <= char < block.dateline[1]:
            return block.dateline
    return None
