"""Characters to tokens and sentences in logarithmic time.

spaCy's ``Doc.char_span`` with an alignment mode scans every token of the Doc, and
``Doc.sents`` walks the whole Doc on each access; called once per claim, both make a long
article quadratic. Token starts and sentences are listed once per Doc (cached in
``doc.user_data``) and found by bisection.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

_KEY = "claimledger_sentences"


def tokens_with(doc: Doc, words: frozenset[str]) -> list[Token]:
    """Tokens whose lower-case form or lemma is one of ``words``, found without a Python pass over the Doc."""
    key = _KEY + "_lower_lemma"
    arrays = doc.user_data.get(key)
    if arrays is None:
        arrays = doc.to_array([LOWER, LEMMA]) if len(doc) else None
        doc.user_data[key] = arrays
    if arrays is None:
        return []
    ids = numpy.array([doc.vocab.strings.add(w) for w in words], dtype=arrays.dtype)
    hits = numpy.nonzero(numpy.isin(arrays[:, 0], ids) | numpy.isin(arrays[:, 1], ids))[0]
    return [doc[int(i)] for i in hits]


def entities(doc: Doc) -> list[Span]:
    """``doc.ents``, built once: spaCy rebuilds the tuple on every access."""
    ents = doc.user_data.get(_KEY + "_ents")
    if ents is None:
        ents = list(doc.ents)
        doc.user_data[_KEY + "_ents"] = ents
    return ents


def ents_in(span: Span) -> list[Span]:
    """The entities inside ``span`` (``Span.ents`` rescans the whole Doc)."""
    return [e for e in entities(span.doc) if span.start <= e.start and e.end <= span.end]


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token's text on each access."""
    text = doc.user_data.get(_KEY + "_text")
    if text is None:
        text = doc.text
        doc.user_data[_KEY + "_text"] = text
    return text


def sentences(doc: Doc) -> list[Span]:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = list(doc.sents) if len(doc) else []
        doc.user_data[_KEY] = cached
    return cached


def _starts(doc: Doc) -> list[int]:
    key = _KEY + "_starts"
    starts = doc.user_data.get(key)
    if starts is None:
        starts = [s.start for s in sentences(doc)]
        doc.user_data[key] = starts
    return starts


def sentence_index(doc: Doc, token_i: int) -> int:
    """The number of the sentence that holds token ``token_i``."""
    return max(0, bisect_right(_starts(doc), token_i) - 1)


def sentence_of(doc: Doc, token_i: int) -> Span:
    return sentences(doc)[sentence_index(doc, token_i)]


def _token_starts(doc: Doc) -> list[int]:
    key = _KEY + "_token_starts"
    starts = doc.user_data.get(key)
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data[key] = starts
    return starts


def char_span(doc: Doc, start: int, end: int, mode: str = "expand") -> Span | None:
    """Tokens over ``doc.text[start:end]``: every token touched ("expand") or only those inside ("contract")."""
    if end <= start or not len(doc):
        return None
    starts = _token_starts(doc)
    first = max(0, bisect_right(starts, start) - 1)
    last = max(0, bisect_right(starts, end - 1) - 1)
    if mode == "contract":
        if starts[first] < start:
            first += 1
        while last >= first and doc[last].idx + len(doc[last]) > end:
            last -= 1
    elif doc[first].idx + len(doc[first]) <= start and first + 1 < len(doc):
        first += 1  # start falls in the whitespace after a token
    if last < first:
        return None
    return doc[first:last + 1]
