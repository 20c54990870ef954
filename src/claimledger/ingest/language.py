"""Cheap checks on an input text before extraction: is it English, is it usable prose.

Claimledger's lexicons and spaCy model are English; on other languages they produce
confident nonsense, so the pipeline warns instead of guessing.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module

WORD = re.compile(r"[^\W\d_]+")
# Function words (spaCy's stop-word lists) of English and of the languages most often
# mistaken for it. A text is English when English function words are at least
# MIN_ENGLISH_RATIO of its words and more frequent than any other language's: that holds
# for every article of the ukraine-2022 and fox-2026 corpora (headline lists included),
# and fails for French, German, Spanish, Italian and Dutch news sentences and for
# non-Latin scripts.
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")
MIN_ENGLISH_RATIO = 0.1
# Below this many words the ratios say little; such texts count as English.
MIN_WORDS = 10
SAMPLE_WORDS = 2000
SENTENCE_END = re.compile(r"[.!?…]")

NOT_ENGLISH = "the text does not look like English: no claims were extracted (claimledger reads English only)"
EMPTY = "the text is empty: there is nothing to extract"
NO_PUNCTUATION = "the text has no sentence punctuation: sentence boundaries (and so claims) are guesses"
UNBALANCED_QUOTES = "the text has unbalanced quotation marks: a direct quote may be cut short or run on"


def looks_english(text: str) -> bool:
    """False when ``text`` has enough words and they are not mostly English function words."""
    words = [w.lower() for w in WORD.findall(text[: SAMPLE_WORDS * 12])][:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return True
    english = _ratio(words, "en")
    return english >= MIN_ENGLISH_RATIO and all(_ratio(words, lang) <= english for lang in OTHER_LANGUAGES)


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return frozenset(import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)


def _ratio(words: list[str], lang: str) -> float:
    stop = _stop_words(lang)
    return sum(w in stop for w in words) / len(words)


def input_warnings(text: str) -> list[str]:
    """Warnings about the text itself, for ``ArticleClaims.warnings`` (empty when it looks fine)."""
    if not text.strip():
        return [EMPTY]
    if not looks_english(text):
        return [NOT_ENGLISH]
    warnings = []
    if len(WORD.findall(text)) >= MIN_WORDS and not SENTENCE_END.search(text):
        warnings.append(NO_PUNCTUATION)
    if unbalanced_quotes(text):
        warnings.append(UNBALANCED_QUOTES)
    return warnings


def unbalanced_quotes(text: str) -> bool:
    """A quotation mark opened and never closed, or closed more often than opened.

    A quote running over several paragraphs opens each and closes only the last, so an
    unclosed quote counts only when it is the text's last one.
    """
    if text.count("”") > text.count("“") or text.rfind("“") > text.rfind("”"):
        return True
    quoted = [line for line in text.split("\n") if '"' in line]
    return bool(quoted) and quoted[-1].count('"') % 2 == 1
