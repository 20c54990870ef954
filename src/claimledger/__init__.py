"""claimledger: attributed claims and figures from news articles.

The public API: ``extract``, ``extract_many`` and ``quantities``.
"""

from importlib import import_module
from typing import Any

from . import extract as _stages  # noqa: F401  the stages' package (no spaCy yet)
from .errors import ClaimledgerError, InputError, ModelNotFound
from .model import Article, ArticleClaims, Claim, Figure, Location, Period, Source

__version__ = "0.1.0"

# The public functions load spaCy, so they are imported on first use, not with the package: the
# ledger's commands then start without it. Importing the stages' package above bound its name
# here; unbound, ``claimledger.extract`` is the function, as ``__getattr__`` gives it.
del globals()["extract"]
_PUBLIC = {"extract": "pipeline", "extract_many": "pipeline", "quantities": "numbers"}


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'claimledger' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.extract.{_PUBLIC[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "extract", "extract_many", "quantities", "ArticleClaims", "Article", "Claim", "Figure",
    "Location", "Period", "Source", "ClaimledgerError", "InputError", "ModelNotFound",
]
