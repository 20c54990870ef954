"""Very long texts in pieces: split at paragraph breaks, extract each, merge with offsets shifted.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) and its parser needs
memory in proportion to a text's length, so an article longer than ``MAX_CHUNK_CHARS`` is
parsed piece by piece. Every offset in the merged result points into the whole text.
``claimledger.extract_many`` uses these functions; ``checked`` adds the input warnings of
``language.input_warnings`` (and drops the claims of a text that is not English).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import ArticleClaims, Claim, article_id
from .language import NOT_ENGLISH, input_warnings

# Longer than nearly every news article, so articles are parsed whole; a cap on parser memory.
MAX_CHUNK_CHARS = 50_000
# Ordinary articles go to extract_many in runs of this many (a new worker pool per run when n_process > 1).
RUN_ARTICLES = 256
# Break preferences, best first: a blank line, a line end, a sentence end, any space.
BREAKS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, max_chars: int | None = None) -> list[tuple[int, int]]:
    """(start, end) spans that tile ``text`` in order, each at most ``max_chars`` long.

    Each span ends just after the best break in the second half of its window (whitespace
    stays with the piece before it); a window without any break is cut hard.
    """
    max_chars = max_chars or MAX_CHUNK_CHARS
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _break_before(text, start + max_chars // 2, start + max_chars)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _break_before(text: str, low: int, high: int) -> int:
    for pattern in BREAKS:
        last = None
        for match in pattern.finditer(text, low, high):
            last = match
        if last is not None and last.end() > low:
            return last.end()
    return high


def shift(result: ArticleClaims, offset: int) -> list[Claim]:
    """Copies of ``result``'s claims with every offset moved by ``offset``."""
    claims = []
    for claim in result.claims:
        source = claim.source
        if source is not None and source.start is not None and source.end is not None:
            source = replace(source, start=source.start + offset, end=source.end + offset)
        cue = (claim.cue_start, claim.cue_end)
        if claim.cue_start is not None and claim.cue_end is not None:
            cue = (claim.cue_start + offset, claim.cue_end + offset)
        figures = [replace(f, start=f.start + offset, end=f.end + offset) for f in claim.figures]
        claims.append(
            replace(
                claim,
                source=source,
                cue_start=cue[0],
                cue_end=cue[1],
                start=claim.start + offset,
                end=claim.end + offset,
                figures=figures,
            )
        )
    return claims


def merge(text: str, parts: list[tuple[int, ArticleClaims]]) -> ArticleClaims:
    """One ArticleClaims for ``text`` from the results of its pieces (offset, result), in order."""
    first = parts[0][1]
    if len(parts) == 1 and parts[0][0] == 0 and first.text == text:
        return first
    claims = [claim for offset, part in parts for claim in shift(part, offset)]
    for number, claim in enumerate(claims, start=1):
        claim.id = f"c{number}"
    warnings = list(dict.fromkeys(w for _, part in parts for w in part.warnings))
    article = replace(first.article, id=article_id(text))
    return replace(first, article=article, claims=claims, text=text, warnings=warnings)


def checked(result: ArticleClaims) -> ArticleClaims:
    """``result`` with its text's input warnings added (once), and no claims if it is not English."""
    extra = [w for w in input_warnings(result.text or "") if w not in result.warnings]
    if not extra:
        return result
    claims = [] if NOT_ENGLISH in extra else result.claims
    return replace(result, claims=claims, warnings=[*result.warnings, *extra])
