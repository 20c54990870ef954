"""claimledger: attributed claims and figures from news articles.

The public API: ``extract``, ``extract_many`` and ``quantities``.
"""

from collections.abc import Iterable, Iterator
from typing import Any

# The stages' package is imported (cheaply) before the two functions below take its name:
# importing it later would rebind ``claimledger.extract`` to the package.
from . import extract as _stages  # noqa: F401
from .errors import ClaimledgerError, InputError, ModelNotFound
from .model import Article, ArticleClaims, Claim, Figure, Location, Period, Source

__version__ = "0.1.0"


# spaCy is imported on first use, not with the package, so that the ledger's commands start fast.


def extract(
    text: str,
    *,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    model: str | None = None,
) -> ArticleClaims:
    """Every attributed claim and figure in one article's text (see ``extract.pipeline.extract``)."""
    from .extract import pipeline

    return pipeline.extract(text, published=published, url=url, title=title, outlet=outlet, model=model)


def extract_many(
    articles: Iterable[str | dict[str, Any]],
    n_process: int = 1,
    batch_size: int | None = None,
    model: str | None = None,
    max_chars: int | None = None,
) -> Iterator[ArticleClaims]:
    """Stream ArticleClaims for many articles, in input order (see ``extract.pipeline.extract_many``)."""
    from .extract import pipeline

    return pipeline.extract_many(articles, n_process=n_process, batch_size=batch_size or pipeline.DEFAULT_BATCH_SIZE,
                                 model=model, max_chars=max_chars)


def quantities(text: str, *, model: str | None = None) -> list[dict]:
    """Every quantity in ``text`` as dicts (text, start, end, value, low, high, bound, change, unit, counted)."""
    from .extract.numbers import quantities as _quantities

    return _quantities(text, model=model)


__all__ = [
    "extract", "extract_many", "quantities", "ArticleClaims", "Article", "Claim", "Figure",
    "Location", "Period", "Source", "ClaimledgerError", "InputError", "ModelNotFound",
]
