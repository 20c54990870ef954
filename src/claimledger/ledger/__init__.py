"""The ledger: many articles in one database, sources across them, figures followed as series."""

from .api import Ledger, LedgerError
from .queries import SeriesSummary, SourceSummary
from .series import Estimate
from .store import IngestSummary

__all__ = ["Ledger", "LedgerError", "Estimate", "IngestSummary", "SeriesSummary", "SourceSummary"]
