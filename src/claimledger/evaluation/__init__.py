"""Accuracy harness: loaders and scorers for the public benchmarks (NewsQuant, IDETECT, PolNeAR).

Scorers are pure functions over gold and predictions; ``benchmarks/accuracy.py`` runs them
against the engine. Benchmark data is read from ``../shared/benchmarks`` and never shipped.
"""

from .common import Score, prf, same_number
from .idetect import IdetectResult, load_idetect, score_idetect
from .newsquant import NewsQuantResult, load_newsquant, score_newsquant
from .polnear import (
    Attribution,
    GoldAttribution,
    PolnearResult,
    load_polnear,
    parse_ann,
    predicted_attributions,
    score_polnear,
)

__all__ = [
    "Score", "prf", "same_number",
    "IdetectResult", "load_idetect", "score_idetect",
    "NewsQuantResult", "load_newsquant", "score_newsquant",
    "Attribution", "GoldAttribution", "PolnearResult", "load_polnear", "parse_ann",
    "predicted_attributions", "score_polnear",
]
