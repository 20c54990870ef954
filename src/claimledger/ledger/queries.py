"""Read-side queries: claims with filters and full-text search, sources, series."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from .schema import (
    ArticleRow,
    ClaimRow,
    FigureRow,
    PlaceRow,
    SeriesMemberRow,
    SeriesRow,
    SourceAliasRow,
    SourceRow,
)
from .series import Estimate, build_timeline
from .sources import find_source


@dataclass
class SourceSummary:
    id: int
    name: str
    type: str
    role: str | None
    affiliation: str | None
    aliases: list[str] = field(default_factory=list)
    claims: int = 0


@dataclass
class SeriesSummary:
    id: int
    subject: str
    measure: str
    unit: str | None
    place: str | None
    figures: int
    sources: int
    first: str | None
    last: str | None

    @property
    def label(self) -> str:
        where = f" in {self.place}" if self.place else ""
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.subject}, {self.measure}{unit}{where}"


CLAIM_COLUMNS = (
    "article", "outlet", "url", "published", "claim", "kind", "source", "source_type", "cue", "text",
    "stated_on", "hedged", "figure", "value", "low", "high", "bound", "unit", "measure", "counted",
    "subject", "place", "period_start", "period_end",
)


def claims(
    session: Session,
    *,
    source: str | None = None,
    measure: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """One row per figure (a claim without figures is one row), filtered; see CLAIM_COLUMNS."""
    when = func.coalesce(ClaimRow.stated_on, ArticleRow.published)
    stmt = (
        select(
            ArticleRow.content_hash, ArticleRow.outlet, ArticleRow.url, ArticleRow.published,
            ClaimRow.claim_key, ClaimRow.kind, func.coalesce(SourceRow.name, ClaimRow.source_name),
            func.coalesce(SourceRow.type, ClaimRow.source_type), ClaimRow.cue, ClaimRow.text,
            ClaimRow.stated_on, ClaimRow.hedged, FigureRow.text, FigureRow.value, FigureRow.low,
            FigureRow.high, FigureRow.bound, FigureRow.unit, FigureRow.measure, FigureRow.counted,
            FigureRow.subject, PlaceRow.name, FigureRow.period_start, FigureRow.period_end,
        )
        .select_from(ClaimRow)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(FigureRow, FigureRow.claim_id == ClaimRow.id)
        .outerjoin(PlaceRow, PlaceRow.id == FigureRow.place_id)
    )
    if source:
        row = find_source(session, source)
        if row is not None:
            stmt = stmt.where(ClaimRow.source_id == row.id)
        else:
            stmt = stmt.where(func.coalesce(SourceRow.name, ClaimRow.source_name).ilike(f"%{source}%"))
    if measure:
        stmt = stmt.where(FigureRow.measure == measure)
    if place:
        stmt = stmt.where(or_(PlaceRow.name.ilike(f"%{place}%"), FigureRow.location_name.ilike(f"%{place}%")))
    if since:
        stmt = stmt.where(when >= since)
    if until:
        stmt = stmt.where(when <= until)
    if search:
        stmt = stmt.where(_search_clause(session, search))
    stmt = stmt.order_by(when, ArticleRow.id, ClaimRow.id, FigureRow.start)
    if limit:
        stmt = stmt.limit(limit)
    # Core, not ORM, execution: the rows are plain tuples, and building ORM rows was a third of the time.
    return [dict(zip(CLAIM_COLUMNS, r, strict=True)) for r in session.connection().execute(stmt)]


def _search_clause(session: Session, words: str) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        # Each word quoted: user input is words to find, not FTS5 query syntax.
        query = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
        match = text("claims_fts MATCH :q").bindparams(q=query)
        return ClaimRow.id.in_(select(literal_column("rowid")).select_from(text("claims_fts")).where(match))
    return text("claims.text_search @@ plainto_tsquery('english', :q)").bindparams(q=words)


def sources(session: Session) -> list[SourceSummary]:
    org = aliased(SourceRow)
    counts = (
        select(ClaimRow.source_id, func.count().label("n")).group_by(ClaimRow.source_id).subquery()
    )
    rows = session.execute(
        select(SourceRow, org.name, func.coalesce(counts.c.n, 0))
        .outerjoin(org, org.id == SourceRow.affiliation_id)
        .outerjoin(counts, counts.c.source_id == SourceRow.id)
        .order_by(func.coalesce(counts.c.n, 0).desc(), SourceRow.name)
    ).all()
    aliases: dict[int, list[str]] = {}
    for source_id, alias in session.execute(
        select(SourceAliasRow.source_id, SourceAliasRow.alias).order_by(SourceAliasRow.alias)
    ):
        aliases.setdefault(source_id, []).append(alias)
    return [
        SourceSummary(s.id, s.name, s.type, s.role, affiliation, sorted(set(aliases.get(s.id, []))), n)
        for s, affiliation, n in rows
    ]


def series_list(session: Session) -> list[SeriesSummary]:
    when = func.coalesce(ClaimRow.stated_on, ArticleRow.published)
    stmt = (
        select(
            SeriesRow.id, SeriesRow.subject, SeriesRow.measure, SeriesRow.unit, PlaceRow.name,
            func.count(SeriesMemberRow.figure_id), func.count(func.distinct(ClaimRow.source_id)),
            func.min(when), func.max(when),
        )
        .join(SeriesMemberRow, SeriesMemberRow.series_id == SeriesRow.id)
        .join(FigureRow, FigureRow.id == SeriesMemberRow.figure_id)
        .join(ClaimRow, ClaimRow.id == FigureRow.claim_id)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(PlaceRow, PlaceRow.id == SeriesRow.place_id)
        .group_by(SeriesRow.id, SeriesRow.subject, SeriesRow.measure, SeriesRow.unit, PlaceRow.name)
        .order_by(func.count(SeriesMemberRow.figure_id).desc(), SeriesRow.id)
    )
    return [SeriesSummary(*r) for r in session.execute(stmt)]


def series_timeline(session: Session, series_id: int) -> list[Estimate]:
    rows = session.execute(
        text("SELECT * FROM claims_flat WHERE series_id = :id ORDER BY figure_id"), {"id": series_id}
    ).mappings().all()
    return build_timeline([dict(r) for r in rows])


def counts(session: Session) -> dict[str, int]:
    out = {}
    for name, model in (("articles", ArticleRow), ("claims", ClaimRow), ("figures", FigureRow),
                        ("sources", SourceRow), ("places", PlaceRow), ("series", SeriesRow)):
        out[name] = session.scalar(select(func.count()).select_from(model)) or 0
    return out
