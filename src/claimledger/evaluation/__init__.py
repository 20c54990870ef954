"""Accuracy harness: loaders and scorers for the public benchmarks (NewsQuant, IDETECT, PolNeAR).

Scorers are pure functions over gold and predictions; ``benchmarks/accuracy.py`` runs them
against the engine. Benchmark data is read from ``../shared/benchmarks`` and never shipped.
"""

from .attribution_benchmark import (
    Attribution,
    GoldAttribution,
    PolnearResult,
    load_polnear,
    parse_ann,
    predicted_attributions,
    score_polnear,
)
from .common import Score, prf, same_number
from .displacement_benchmark import IdetectResult, load_idetect, score_idetect
from .quantity_benchmark import NewsQuantResult, load_newsquant, score_newsquant

__all__ = [
    "Score", "prf", "same_number",
    "IdetectResult", "load_idetect", "score_idetect",
    "NewsQuantResult", "load_newsquant", "score_newsquant",
    "Attribution", "GoldAttribution", "PolnearResult", "load_polnear", "parse_ann",
    "predicted_attributions", "score_polnear",
]
