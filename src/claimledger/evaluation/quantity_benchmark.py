"""NewsQuant: quantities in news sentences, scored on value, value+unit and value+change.

Per sentence, each gold quantity (in gold order) is matched to the first unused prediction
with the same value (ranges: both ends equal; relative tolerance 1e-5). A matched pair
counts for ``value+unit`` when the units agree and for ``value+change`` when the changes
agree; P = matches / predictions and R = matches / gold over the whole set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .common import Score, load_data, same_number, typo_correction

Value = tuple[float, float] | float  # a range (low, high) or a single number

_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class GoldQuantity:
    value: Value
    change: str
    unit: str  # NewsQuant normalized_unit ("-" for none)
    raw_value: str


@dataclass(frozen=True)
class Sentence:
    text: str
    quantities: tuple[GoldQuantity, ...]


@dataclass
class NewsQuantResult:
    value: Score
    value_unit: Score
    value_change: Score
    value_unit_exact: Score  # units compared as whole strings, counts' phrases included
    rows: list[dict[str, Any]] = field(default_factory=list)  # per sentence: misses and false positives

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value.to_dict(),
            "value+unit": self.value_unit.to_dict(),
            "value+change": self.value_change.to_dict(),
            "value+unit exact": self.value_unit_exact.to_dict(),
        }


def parse_value(raw: str) -> Value:
    """A NewsQuant gold value: "12.5" -> 12.5, "-1.3" -> -1.3, "a-b" -> (min, max)."""
    m = _RANGE.match(raw)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        return (min(a, b), max(a, b))
    return float(raw)


def load_newsquant(path: str | Path) -> list[Sentence]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Sentence(
            text=item["text"],
            quantities=tuple(
                GoldQuantity(parse_value(q["value"]), q["change"], q["normalized_unit"], q["value"])
                for q in item["quantities"]
            ),
        )
        for item in data
    ]


def prediction_value(q: dict[str, Any]) -> Value | None:
    """What a predicted quantity is compared on: (low, high) for a range, else value, else the
    stated end of an open bound (high for "up to"/"fewer than", low otherwise)."""
    if q.get("bound") == "range" and q.get("low") is not None and q.get("high") is not None:
        return (float(q["low"]), float(q["high"]))
    if q.get("value") is not None:
        return float(q["value"])
    if q.get("bound") in {"lt", "le"} and q.get("high") is not None:
        return float(q["high"])
    if q.get("low") is not None:
        return float(q["low"])
    return None


def same_value(gold: Value, predicted: Value | None) -> bool:
    if predicted is None:
        return False
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(predicted, tuple):
        return same_number(gold[0], predicted[0]) and same_number(gold[1], predicted[1])
    return same_number(gold, predicted)  # type: ignore[arg-type]


def prediction_change(q: dict[str, Any]) -> str | None:
    """The prediction's NewsQuant change: its own ``change``, else the one its bound stands for."""
    if q.get("change"):
        return q["change"]
    return load_data("evaluation/quantity_benchmark.json")["bound_to_change"].get(q.get("bound"))


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, frozenset[str]]:
    """Claims-format unit (lower case) -> the NewsQuant unit names units.json pairs it with."""
    names: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list) and len(node) >= 2 and all(isinstance(x, str) for x in node[:2]):
            names.setdefault(node[0].lower(), set()).add(node[1].lower())

    walk({k: v for k, v in load_data("units.json").items() if not k.startswith("_")})
    return {k: frozenset(v) for k, v in names.items()}


def singular(word: str) -> str:
    word = word.lower()
    irregular = load_data("evaluation/quantity_benchmark.json")["irregular_plurals"]
    if word in irregular:
        return irregular[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _head(phrase: str) -> str:
    words = _WORD.findall(phrase.lower())
    return singular(words[-1]) if words else ""


def same_unit(gold_unit: str, q: dict[str, Any]) -> bool:
    """Units agree: a predicted unit maps to the gold name; a count's noun agrees by its head.

    A count's unit is its counted phrase lemmatised ("wireless speaker"); the gold writes such
    phrases with its own conventions ("good wireless speaker"), so a count agrees when the head
    nouns, made singular, are equal. A prediction with neither unit nor counted noun agrees
    only with gold "-" (no unit). ``same_unit_exact`` is the whole-phrase comparison.
    """
    gold = gold_unit.lower().strip()
    unit, counted = q.get("unit"), q.get("counted")
    if counted and (not unit or _head(unit) == _head(counted)):
        return gold != "-" and _head(counted) == _head(gold)
    return same_unit_exact(gold_unit, q)


def same_unit_exact(gold_unit: str, q: dict[str, Any]) -> bool:
    """Units agree as whole strings: the predicted unit (a count's lemmatised phrase) is the gold name."""
    gold = gold_unit.lower().strip()
    unit = q.get("unit")
    if not unit:
        return gold == "-"
    names = _unit_names().get(unit.lower(), frozenset())
    return gold in names or gold == unit.lower() or gold == singular(unit)


def score_newsquant(sentences: list[Sentence], predictions: list[list[dict[str, Any]]]) -> NewsQuantResult:
    """Score predicted quantities (one list of dicts per sentence) against NewsQuant gold."""
    if len(sentences) != len(predictions):
        raise ValueError(f"{len(sentences)} sentences but {len(predictions)} prediction lists")
    n_gold = sum(len(s.quantities) for s in sentences)
    n_pred = sum(len(p) for p in predictions)
    value = unit = change = exact = 0
    rows: list[dict[str, Any]] = []
    for index, (sentence, predicted) in enumerate(zip(sentences, predictions, strict=True)):
        used = [False] * len(predicted)
        values = [prediction_value(q) for q in predicted]
        misses: list[dict[str, Any]] = []
        wrong: list[dict[str, Any]] = []
        for gold in sentence.quantities:
            hit = next((i for i, v in enumerate(values) if not used[i] and same_value(gold.value, v)), None)
            if hit is None:
                misses.append({"value": gold.raw_value, "unit": gold.unit, "change": gold.change})
                continue
            used[hit] = True
            value += 1
            q = predicted[hit]
            unit_ok, change_ok = same_unit(gold.unit, q), prediction_change(q) == gold.change
            unit += unit_ok
            exact += same_unit_exact(gold.unit, q)
            change += change_ok
            if not (unit_ok and change_ok):
                wrong.append({
                    "gold": {"value": gold.raw_value, "unit": gold.unit, "change": gold.change},
                    "predicted": _brief(q), "unit_ok": unit_ok, "change_ok": change_ok,
                })
        extra = [_brief(q) for i, q in enumerate(predicted) if not used[i]]
        if misses or extra or wrong:
            rows.append({"index": index, "text": sentence.text, "missed": misses,
                         "false_positives": extra, "unit_or_change_wrong": wrong})
    return NewsQuantResult(
        value=Score(value, n_pred, n_gold),
        value_unit=Score(unit, n_pred, n_gold),
        value_change=Score(change, n_pred, n_gold),
        value_unit_exact=Score(exact, n_pred, n_gold),
        rows=rows,
    )


def _brief(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("text", "value", "low", "high", "bound", "change", "unit", "counted")
    return {k: q.get(k) for k in keys}


def suspect_gold(sentences: list[Sentence]) -> list[dict[str, Any]]:
    """Gold values the sentence does not write, but writes one digit away from (likely typos).

    Reported, never corrected: the published scores are computed against the gold as it is.
    """
    found = []
    for index, sentence in enumerate(sentences):
        for gold in sentence.quantities:
            if isinstance(gold.value, tuple):
                continue
            written = typo_correction(gold.value, sentence.text)
            if written is not None:
                # No sentence text: this goes into accuracy.json, which is committed.
                found.append({"index": index, "gold": gold.raw_value, "written": written})
    return found
