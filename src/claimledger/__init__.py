"""claimledger: attributed claims and figures from news articles.

The public API: ``extract``, ``extract_many`` and ``quantities``.
"""

from .errors import ClaimledgerError, InputError, ModelNotFound
from .extract.pipeline import extract, extract_many
from .model import Article, ArticleClaims, Claim, Figure, Location, Period, Source

__version__ = "0.1.0"


def quantities(text: str, *, model: str | None = None) -> list[dict]:
    """Every quantity in ``text`` as dicts (text, start, end, value, low, high, bound, change, unit, counted)."""
    from .extract.numbers import quantities as _quantities

    return _quantities(text, model=model)


__all__ = [
    "extract", "extract_many", "quantities", "ArticleClaims", "Article", "Claim", "Figure",
    "Location", "Period", "Source", "ClaimledgerError", "InputError", "ModelNotFound",
]
