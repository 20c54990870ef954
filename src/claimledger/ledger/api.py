"""``Ledger``: the Python API over one ledger database (SQLite file or PostgreSQL URL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import ArticleClaims
from . import queries
from . import sources as source_rules
from .db import database_url, make_engine, upgrade, writer
from .schema import ClaimRow
from .series import Estimate
from .store import Failure, IngestSummary, KnownIds, Record, ingest, iter_records, store_one


class LedgerError(ValueError):
    """A request the ledger cannot carry out (unknown source or series); the message says why."""


class Ledger:
    """Many articles in one database: sources across them, figures as series.

    ``db`` is a path (SQLite), a URL (``postgresql://…``, ``sqlite:///…``) or None for the
    ``CLAIMLEDGER_DB`` environment variable, else ``claimledger.db`` in the working directory.
    The schema is created or upgraded on open.
    """

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(str(db) if db is not None else None)
        self.engine = make_engine(self.url)
        upgrade(self.engine)
        self._known = KnownIds()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self, write: bool = False) -> Session:
        return Session(writer(self.engine) if write else self.engine)

    # --- ingest -----------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        model: str | None = None,
        allow_private: bool = False,
        on_article: Callable[[str, IngestSummary], None] | None = None,
    ) -> IngestSummary:
        """Extract and store every article in files and directories (.txt, .html, .jsonl[.gz]) and URLs.

        A URL is a page or an RSS/Atom feed (each entry's link is fetched); private, loopback and
        link-local addresses are refused unless ``allow_private``.
        """
        records = iter_records(paths, allow_private=allow_private)
        return ingest(self.engine, records, model=model, on_article=on_article, known=self._known)

    def ingest_records(
        self,
        records: Iterable[str | dict[str, Any] | ArticleClaims],
        *,
        model: str | None = None,
        on_article: Callable[[str, IngestSummary], None] | None = None,
    ) -> IngestSummary:
        """Like ``ingest`` for in-memory inputs: texts, ``extract_many`` dicts, ArticleClaims with text."""

        def as_records() -> Iterable[Record | Failure]:
            for i, r in enumerate(records):
                where = f"record {i + 1}"
                if isinstance(r, ArticleClaims):
                    yield Record(where, extracted=r)
                elif isinstance(r, str):
                    yield Record(where, {"text": r})
                elif isinstance(r, dict) and any(isinstance(r.get(k), str) for k in ("text", "html")):
                    yield Record(where, dict(r))
                else:
                    yield Failure(where, "needs a text, a dict with 'text' or 'html', or an ArticleClaims")

        return ingest(self.engine, as_records(), model=model, on_article=on_article, known=self._known)

    def add(self, article: ArticleClaims) -> bool:
        """Store one extracted article (with its text); False when the same text is already stored."""
        return store_one(self.engine, article, self._known)

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return queries.counts(s)

    # --- sources ------------------------------------------------------------------------
    def sources(self) -> list[queries.SourceSummary]:
        """Every source with its aliases and claim count, most cited first."""
        with self.session() as s:
            return queries.sources(s)

    def merge_sources(self, a: str, b: str) -> queries.SourceSummary:
        """Fold source ``a`` into ``b`` (ids, names or aliases); stored as rules that later ingests obey."""
        with self.session(write=True) as s, s.begin():
            row_a, row_b = self._source(s, a), self._source(s, b)
            if row_a.id == row_b.id:
                raise LedgerError(f"{a!r} and {b!r} are already one source ({row_b.name})")
            source_rules.merge(s, row_a, row_b)
            target_id = row_b.id
        return self._summary(target_id)

    def split_source(self, source: str, aliases: list[str]) -> queries.SourceSummary:
        """Make a new source of ``aliases`` (named ``aliases[0]``), taking their claims from ``source``."""
        if not aliases:
            raise LedgerError("name at least one alias to split off")
        with self.session(write=True) as s, s.begin():
            row = self._source(s, source)
            known = {a.key for a in row.aliases}
            missing = [a for a in aliases if source_rules.name_key(a) not in known]
            if missing:
                listed = ", ".join(missing)
                raise LedgerError(f"{listed} not an alias of {row.name}; see `claimledger sources`")
            try:
                target = source_rules.split(s, row, aliases)
            except ValueError as exc:
                raise LedgerError(str(exc)) from exc
            target_id = target.id
        return self._summary(target_id)

    def rebuild_sources(self) -> int:
        """Resolve every claim's source again from the names the extraction gave, under the current rules."""
        n = 0
        with self.session(write=True) as s, s.begin():
            resolver = source_rules.SourceResolver(s)
            for claim in s.scalars(select(ClaimRow).where(ClaimRow.source_name.is_not(None))):
                given = source_rules.SourceInput(claim.source_name, claim.source_type or "organization",
                                                 claim.source_role, claim.source_affiliation)
                source_id = resolver.resolve(given).id if source_rules.identifiable(given) else None
                if claim.source_id != source_id:
                    claim.source_id = source_id
                    n += 1
        return n

    def _source(self, s: Session, name: str) -> Any:
        row = source_rules.find_source(s, name)
        if row is None:
            raise LedgerError(f"no source {name!r}; `claimledger sources` lists them with their ids")
        return row

    def _summary(self, source_id: int) -> queries.SourceSummary:
        return next(x for x in self.sources() if x.id == source_id)

    # --- series and claims -----------------------------------------------------------
    def series(self) -> list[queries.SeriesSummary]:
        """Every series (largest first) with its figure and source counts and date range."""
        with self.session() as s:
            return queries.series_list(s)

    def series_timeline(self, series_id: int) -> list[Estimate]:
        """The estimates of one series in date order, with corroboration, revisions and disagreements."""
        with self.session() as s:
            if s.get(queries.SeriesRow, series_id) is None:
                raise LedgerError(f"no series {series_id}; `claimledger series` lists them")
            return queries.series_timeline(s, series_id)

    def claims(
        self,
        *,
        source: str | None = None,
        measure: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Claims, one row per figure, filtered; ``search`` is full-text over the claim text."""
        with self.session() as s:
            return queries.claims(s, source=source, measure=measure, place=place, since=since,
                                  until=until, search=search, limit=limit)
