"""What the three scorers share: P/R/F1, number equality, and finding the numbers a text writes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..lexicon import load_json

REL_TOL = 1e-5


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from match counts; zero where a denominator is zero."""

    matches: int
    predictions: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matches / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.matches / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "matches": self.matches, "predictions": self.predictions, "gold": self.gold,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


def prf(matches: int, predictions: int, gold: int) -> Score:
    return Score(matches, predictions, gold)


def same_number(a: float | None, b: float | None, rel_tol: float = REL_TOL) -> bool:
    """Equal within a relative tolerance (1e-5, as the published NewsQuant scores use)."""
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=rel_tol)


load_data = load_json  # the package's one loader for its data files


# Digits with thousands separators or plain, an optional decimal part, and an optional
# multiplier written after it ("2.5 million", "25k", "$1.7bn").
_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?([A-Za-z]+))?")
_WORD = re.compile(r"[A-Za-z]+")


def written_numbers(text: str) -> list[float]:
    """Every number ``text`` writes, in digits or in words, with and without a following multiplier.

    Used to decide whether a gold figure is written in a text at all (typo detection); it
    over-generates on purpose (``"25 m"`` yields 25 and 25,000,000).
    """
    words = load_data("numbers.json")
    multipliers = {**words["scales"], **words["suffix_multipliers"]}
    found: list[float] = []
    for m in _DIGITS.finditer(text):
        number = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        found.append(number)
        after = (m.group(3) or "").lower()
        if after in multipliers:
            found.append(number * multipliers[after])
    found.extend(_word_numbers(text, words))
    return found


def _word_numbers(text: str, words: dict[str, Any]) -> list[float]:
    """Numbers spelt out in words: "Nine hundred and twenty-one", "twenty-eight thousand six hundred".

    Two words of the same rank in a row start a new number ("four, five and six" is 4, 5, 6).
    """
    units, tens, scales = words["units"], words["tens"], words["scales"]
    number_words = {**units, **tens}
    found: list[float] = []
    total = current = 0
    last = ""  # rank of the previous number word: unit, ten, scale or "" outside a number
    tokens = [t.lower() for t in _WORD.findall(text)]

    def flush() -> None:
        nonlocal total, current, last
        if last:
            found.append(float(total + current))
        total = current = 0
        last = ""

    for i, token in enumerate(tokens):
        if token in units:
            if last == "unit" or (last == "ten" and units[token] >= 10):
                flush()
            current += units[token]
            last = "unit"
        elif token in tens:
            if last in ("unit", "ten"):
                flush()
            current += tens[token]
            last = "ten"
        elif token in scales and last:
            if scales[token] == 100:
                current *= 100
            else:
                total += current * scales[token]
                current = 0
            last = "scale"
        elif token == "and" and last == "scale" and i + 1 < len(tokens) and tokens[i + 1] in number_words:
            continue
        else:
            flush()
    flush()
    return found


def digit_string(number: float) -> str:
    """The digits of a number as a plain string: 260000.0 -> '260000', 2.5 -> '2.5'."""
    return f"{number:.6f}".rstrip("0").rstrip(".")


def one_digit_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one digit dropped, added, changed, or two neighbours swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2:
            return False
        i, j = diffs
        return j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def typo_correction(gold: float, text: str) -> float | None:
    """The number written in ``text`` that a mistyped gold figure stands for, or None.

    A gold figure is a typo when the text writes it in no form (digits, words, with a
    multiplier) but writes exactly one number whose digits are one edit away from it.
    """
    written = written_numbers(text)
    # The sign is not a digit: "minus 130" labelled -130 is written there.
    if any(same_number(abs(gold), n) for n in written):
        return None
    gold_digits = digit_string(abs(gold))
    near = sorted({n for n in written if one_digit_apart(gold_digits, digit_string(n))})
    return near[0] if len(near) == 1 else None
