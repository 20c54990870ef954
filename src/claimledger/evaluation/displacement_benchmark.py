"""IDETECT: does the engine find each excerpt's gold displacement figure?

Per excerpt, a predicted figure *finds* the gold when its number (``value``, or ``low`` when
``value`` is null) equals the gold Quantity (relative tolerance 1e-5). Where the gold is a
typo of a number the excerpt writes (``common.typo_correction``), the written number counts
instead. Three shares are reported: figure found; found with a person or household noun as
what is counted; and found with that noun and the measure the gold Term stands for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import load_data, same_number, typo_correction

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Excerpt:
    id: str
    text: str
    quantity: float
    term: str
    unit: str  # People or Households


@dataclass
class IdetectResult:
    excerpts: int
    found: int
    found_counted: int
    found_counted_measure: int
    predictions: int
    typos: list[dict[str, Any]] = field(default_factory=list)  # gold figures corrected to the written number
    rows: list[dict[str, Any]] = field(default_factory=list)  # excerpts not fully matched

    def share(self, n: int) -> float:
        return n / self.excerpts if self.excerpts else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "excerpts": self.excerpts,
            "predictions": self.predictions,
            "found": round(self.share(self.found), 4),
            "found+counted": round(self.share(self.found_counted), 4),
            "found+counted+measure": round(self.share(self.found_counted_measure), 4),
            "typos": self.typos,
        }


def load_idetect(path: str | Path) -> list[Excerpt]:
    excerpts = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        quantity = float(row["Quantity"])
        excerpts.append(Excerpt(row["excerpt_id"], row["excerpt"], quantity, row["Term"], row["Unit"]))
    return excerpts


def figure_numbers(figure: dict[str, Any]) -> tuple[float, ...]:
    """The numbers a predicted figure states: its value, else the ends it gives ("as many as 92,000"
    states 92,000 as its high end; "between 18,000 and 25,000" states both)."""
    if figure.get("value") is not None:
        return (float(figure["value"]),)
    return tuple(float(figure[k]) for k in ("low", "high") if figure.get(k) is not None)


def counts_people_or_households(counted: str | None) -> bool:
    """True when a word of the counted phrase is a person or household noun (data/evaluation/displacement_benchmark.json)."""
    if not counted:
        return False
    nouns = load_data("evaluation/displacement_benchmark.json")["counted_nouns"]
    known = set(nouns["person"]) | set(nouns["household"])
    return any(w in known for w in _WORD.findall(counted.lower()))


def term_measures(term: str) -> list[str]:
    return load_data("evaluation/displacement_benchmark.json")["term_measures"][term]


def score_idetect(excerpts: list[Excerpt], predictions: list[list[dict[str, Any]]]) -> IdetectResult:
    """Score predicted figures (one list of figure dicts per excerpt) against IDETECT gold."""
    if len(excerpts) != len(predictions):
        raise ValueError(f"{len(excerpts)} excerpts but {len(predictions)} prediction lists")
    result = IdetectResult(len(excerpts), 0, 0, 0, sum(len(p) for p in predictions))
    for excerpt, figures in zip(excerpts, predictions, strict=True):
        target = excerpt.quantity
        written = typo_correction(excerpt.quantity, excerpt.text)
        if written is not None:
            target = written
            result.typos.append({"excerpt_id": excerpt.id, "gold": excerpt.quantity, "written": written})
        hits = [f for f in figures if any(same_number(n, target) for n in figure_numbers(f))]
        counted = [f for f in hits if counts_people_or_households(f.get("counted"))]
        measured = [f for f in counted if f.get("measure") in term_measures(excerpt.term)]
        result.found += bool(hits)
        result.found_counted += bool(counted)
        result.found_counted_measure += bool(measured)
        if not measured:
            result.rows.append({
                "excerpt_id": excerpt.id, "gold": target, "term": excerpt.term, "unit": excerpt.unit,
                "failed": "figure" if not hits else "counted" if not counted else "measure",
                "predicted": [{k: f.get(k) for k in ("text", "value", "low", "high", "counted", "measure")}
                              for f in figures],
                "text": excerpt.text,
            })
    return result
