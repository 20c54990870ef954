"""Running the engine over each benchmark and scoring it (what ``benchmarks/accuracy.py`` calls)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .attribution_benchmark import PolnearArticle, PolnearResult, load_polnear, predicted_attributions, score_polnear
from .displacement_benchmark import IdetectResult, load_idetect, score_idetect
from .quantity_benchmark import NewsQuantResult, load_newsquant, score_newsquant, suspect_gold

NEWSQUANT_FILE = Path("newsquant") / "NewsQuant.json"
IDETECT_FILE = Path("idetect") / "idetect_test.jsonl"
POLNEAR_DIR = Path("polnear")


@dataclass
class Timed:
    seconds: float
    items: int  # sentences, excerpts or characters

    @property
    def per_second(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


class EngineMissing(RuntimeError):
    """The engine part a benchmark needs is not in this tree yet."""


def _warm_up_extract(model: str | None) -> None:
    """Load the pipeline outside the timing, and fail early when a stage of the engine cannot be imported."""
    from .. import extract

    try:
        extract("Officials said 12 people were evacuated.", model=model)
    except ImportError as exc:
        raise EngineMissing(f"claimledger.extract cannot run yet ({exc})") from exc


def run_newsquant(benchmarks: Path, model: str | None = None, limit: int | None = None
                  ) -> tuple[NewsQuantResult, Timed, list[dict[str, Any]]]:
    """NewsQuant with ``claimledger.quantities``: the result, the speed (sentences/s) and suspect gold."""
    try:
        from ..extract.numbers import quantities
    except ImportError as exc:
        raise EngineMissing(f"claimledger.extract.numbers is not available ({exc})") from exc
    sentences = load_newsquant(benchmarks / NEWSQUANT_FILE)[:limit]
    quantities("Warm-up: 12 people.", model=model)
    began = time.perf_counter()
    predictions = [quantities(s.text, model=model) for s in sentences]
    timed = Timed(time.perf_counter() - began, len(sentences))
    return score_newsquant(sentences, predictions), timed, suspect_gold(sentences)


def run_idetect(benchmarks: Path, model: str | None = None, limit: int | None = None
                ) -> tuple[IdetectResult, Timed]:
    """IDETECT with ``claimledger.extract_many``: every figure of every claim of each excerpt."""
    from .. import extract_many

    excerpts = load_idetect(benchmarks / IDETECT_FILE)[:limit]
    _warm_up_extract(model)
    began = time.perf_counter()
    results = list(extract_many([e.text for e in excerpts], model=model))
    timed = Timed(time.perf_counter() - began, len(excerpts))
    predictions = [[asdict(f) for _, f in r.figures()] for r in results]
    return score_idetect(excerpts, predictions), timed


def polnear_predictions(articles: list[PolnearArticle], model: str | None = None) -> tuple[list, Timed]:
    from .. import extract_many

    _warm_up_extract(model)
    began = time.perf_counter()
    results = list(extract_many([a.text for a in articles], model=model))
    timed = Timed(time.perf_counter() - began, sum(len(a.text) for a in articles))
    return [predicted_attributions(r) for r in results], timed


def run_polnear(benchmarks: Path, split: str = "test", model: str | None = None, limit: int | None = None
                ) -> tuple[PolnearResult, Timed, list[PolnearArticle]]:
    """PolNeAR with ``claimledger.extract_many`` on one split; speed in characters/s."""
    articles = load_polnear(benchmarks / POLNEAR_DIR, split)[:limit]
    predictions, timed = polnear_predictions(articles, model)
    return score_polnear(articles, predictions), timed, articles
